// A database that stops answering: requests get a clear 503 within
// seconds (connect/read/write timeouts), with the typed input kept, and
// the site recovers by itself when the database answers again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client, csrfFrom, sql, makeId, VAR, demo } from './lib.mjs';

// Demo places by code (lib.mjs), never by id.
const F = await demo();

const mariadbPid = () => Number(readFileSync(path.join(VAR, 'run', 'mariadb.pid'), 'utf8').trim());

test('a frozen database gives 503 in seconds with the form kept, then recovers', async () => {
  const c = new Client();
  const form = await c.get('/volunteer/register');
  assert.equal(form.status, 200);
  const csrf = csrfFrom(form.text);
  const fields = [['csrf', csrf], ['name', '冻结测试'], ['id_number', makeId('522630', '19700101', 777)],
    ['phone', '13600000777'], ['township', F.T1], ['village', F.V2], ['skills', 'meal'],
    ['availability', 'weekend'], ['consent', 'yes']];
  const pid = mariadbPid();
  process.kill(pid, 'SIGSTOP');
  let r;
  const t0 = Date.now();
  try {
    r = await c.post('/volunteer/register', fields);
  } finally {
    process.kill(pid, 'SIGCONT');
  }
  const seconds = (Date.now() - t0) / 1000;
  assert.equal(r.status, 503);
  assert.ok(seconds < 14, `answered after ${seconds} s, before nginx gave up`);
  assert.match(r.text, /稍后|过一会儿/);
  assert.match(r.text, /value="冻结测试"/);
  assert.match(r.text, /value="13600000777"/);

  // Recovers by itself: the same post lands once the database answers.
  let landed = false;
  for (let i = 0; i < 50 && !landed; i++) {
    const again = await c.post('/volunteer/register', fields);
    landed = again.status === 303;
    if (!landed) assert.equal(again.status, 503);
  }
  assert.ok(landed);
  const rows = await sql("SELECT COUNT(*) FROM volunteer WHERE phone = '13600000777'");
  assert.equal(rows[0][0], '1');
  const h = await c.get('/healthz');
  assert.equal(h.status, 200);
});

test('connections the server ended while idle are replaced without a visitor seeing 503', async () => {
  // Warm every responder thread's connection, then have the server end them all (as a restart or
  // wait_timeout would). Reads on a lost connection run once more on a new one; no page fails.
  await Promise.all(Array.from({ length: 80 }, () => new Client().get('/classes')));
  const ids = await sql("SELECT id FROM information_schema.processlist WHERE user LIKE 'laoxiao%' AND command = 'Sleep'");
  assert.ok(ids.length >= 10, `idle responder connections to end (${ids.length})`);
  for (const [id] of ids) await sql(`KILL CONNECTION ${id}`).catch(() => {});
  const pages = await Promise.all(Array.from({ length: 80 }, () => new Client().get('/classes')));
  const statuses = pages.map((r) => r.status);
  assert.deepEqual([...new Set(statuses)], [200], `statuses after the connections ended: ${statuses.join(',')}`);
  const left = await sql(`SELECT COUNT(*) FROM information_schema.processlist WHERE id IN (${ids.map(([id]) => id).join(',')})`);
  assert.equal(left[0][0], '0', 'the ended connections are gone');
});
