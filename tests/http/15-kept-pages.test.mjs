// Kept pages (cgi/render.c, render_kept; sql/018): a station's service list and the dashboard are kept
// by each responder thread for the staff member who asked, and sent again while the data's revision is
// the same. A kept page must carry only its own staff member's name and each browser's own token, and
// every write to what it shows — through the routes or straight into the database — and the start of a
// class must show on the very next request, on every thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, sqlString, demo } from './lib.mjs';
import { loginAs, csrfOf, newElder, newVolunteer, servicePairs, serverToday, addDays } from './services-helpers.mjs';
import { routesOf } from './staff-lib.mjs';

const F = await demo();
// More requests at once than a responder has threads: every thread builds or keeps the page.
const AT_ONCE = 90;
const TOKEN = /name="csrf" value="([^"]*)"/g;
const tokensOf = (html) => [...html.matchAll(TOKEN)].map((m) => m[1]);
const figs = (html) => Object.fromEntries([...html.matchAll(/data-fig="([a-z-]+)">([^<]*)</g)].map((m) => [m[1], m[2]]));

// AT_ONCE requests of path, spread over clients; every answer 200. Returns the pages' texts, by client.
async function many(clients, path) {
  const rs = await Promise.all(Array.from({ length: AT_ONCE }, (_, i) => clients[i % clients.length].get(path)
    .then((r) => ({ r, c: i % clients.length }))));
  for (const { r } of rs) assert.equal(r.status, 200, `${path}: ${r.status}`);
  return rs.map(({ r, c }) => ({ text: r.text, client: c }));
}

async function displayName(username) {
  const [[name]] = await sql(`SELECT display_name FROM staff WHERE username = ${sqlString(username)}`);
  return name;
}

test('the kept routes are the two read-only pages meant', () => {
  const kept = routesOf('staff').filter((r) => r.kept === 'kept');
  assert.deepEqual(kept.map((r) => r.pattern).sort(), ['/admin/dashboard', '/station/services']);
  for (const r of kept) assert.deepEqual(r.methods, ['GET'], `${r.pattern} only answers GET`);
  assert.deepEqual(routesOf('public').filter((r) => r.kept === 'kept'), [], 'no public route is kept');
});

test('every table a page is made from moves the data revision on every kind of write', async () => {
  // Left out (sql/018 says why): bookkeeping, sequences, the audit log and the kept figures.
  const exempt = new Set(['audit_log', 'session', 'throttle', 'tx_lock', 'tx_done', 'certificate_seq',
    'volunteer_number_seq', 'schema_migrations', 'data_rev', 'fig_class', 'fig_elder', 'fig_reach', 'fig_service',
    'fig_volunteer', 'station_service_totals', 'station_elder_services']);
  const tables = (await sql(`SELECT TABLE_NAME FROM information_schema.TABLES
    WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'`)).map((r) => r[0]);
  const triggers = await sql(`SELECT EVENT_OBJECT_TABLE, EVENT_MANIPULATION FROM information_schema.TRIGGERS
    WHERE TRIGGER_SCHEMA = DATABASE() AND ACTION_TIMING = 'AFTER' AND ACTION_STATEMENT LIKE '%data_rev_bump%'`);
  const has = new Set(triggers.map(([t, e]) => `${t}:${e}`));
  for (const x of exempt) assert.ok(tables.includes(x), `exempt table ${x} exists (the list is kept true)`);
  const covered = tables.filter((t) => !exempt.has(t));
  assert.ok(covered.length >= 15, `tables covered: ${covered.join(' ')}`);
  for (const t of covered) {
    for (const e of ['INSERT', 'UPDATE', 'DELETE']) assert.ok(has.has(`${t}:${e}`), `${t} moves the revision on ${e}`);
  }
  // And the revision does move, in the writing transaction.
  const before = await sql('SELECT SUM(rev) FROM data_rev');
  await sql(`UPDATE station SET name = name WHERE id = ${F.S1}`);
  const after = await sql('SELECT SUM(rev) FROM data_rev');
  assert.ok(Number(after[0][0]) > Number(before[0][0]), 'a write to station moved it');
});

test('a kept service list shows each browser its own token and every change at once', async () => {
  const elder = await newElder({ station: F.S1, village: F.V1, name: '缓存老人' });
  const vol = await newVolunteer({ station: F.S1, township: F.T1, village: F.V1, name: '缓存志愿' });
  const a = await loginAs('station1');
  const b = await loginAs('station1');
  const admin = await loginAs('admin');
  const path = `/station/services?elder=${elder}`;
  const rowsOf = (html) => [...html.matchAll(/<tr data-service="(\d+)"/g)].map((m) => m[1]);

  // Before: no services, and each browser its own token on every page.
  let pages = await many([a, b], path);
  const tokenOf = [new Set(), new Set()];
  for (const p of pages) {
    assert.deepEqual(rowsOf(p.text), []);
    for (const t of tokensOf(p.text)) tokenOf[p.client].add(t);
  }
  assert.equal(tokenOf[0].size, 1, 'one browser, one token on all its pages');
  assert.equal(tokenOf[1].size, 1);
  assert.notEqual([...tokenOf[0]][0], [...tokenOf[1]][0], 'the other browser has its own');
  // Each token is its browser's: a post with it is checked, with the other's refused.
  const ta = [...tokenOf[0]][0];
  assert.equal((await a.post('/station/services/new', { csrf: ta })).status, 422);
  assert.equal((await b.post('/station/services/new', { csrf: ta })).status, 403);

  // Logged through the form: every thread shows it on the next request.
  const today = await serverToday(a);
  const csrf = await csrfOf(a, '/station/services/new');
  const post = await a.post('/station/services/new', servicePairs(csrf, [{ date: today, elder, service_type: '1',
    volunteer: [vol], start: '06:00', end: '06:30', note: '缓存检查' }]));
  assert.equal(post.status, 303, post.text.slice(0, 300));
  const [[id]] = await sql(`SELECT id FROM service WHERE elder_id = ${elder}`);
  pages = await many([a, b], path);
  for (const p of pages) assert.deepEqual(rowsOf(p.text), [String(id)], 'the new service is on every page');

  // A change made in the database itself (the elder's name) shows too.
  await sql(`UPDATE elder SET name = '缓存改名' WHERE id = ${elder}`);
  pages = await many([a, b], path);
  for (const p of pages) {
    assert.ok(p.text.includes('缓存改名'), 'the new name');
    assert.ok(!p.text.includes('缓存老人'), 'not the old one');
  }

  // Voided: marked at once.
  const v = await a.post(`/station/services/${id}/void`, { csrf, reason: '缓存检查作废' });
  assert.equal(v.status, 303);
  pages = await many([a, b], path);
  for (const p of pages) assert.match(p.text, new RegExp(`data-service="${id}"[^>]*data-voided="1"`));

  // Another staff member asking for the same list gets a page with their own name, not station1's.
  const [opName, adminName] = [await displayName('station1'), await displayName('admin')];
  pages = await many([admin], `/station/services?station=${F.S1}&elder=${elder}`);
  for (const p of pages) {
    assert.ok(p.text.includes(adminName), 'the admin sees their own name');
    assert.ok(!p.text.includes(opName), 'and not the operator\'s');
    assert.ok(!tokensOf(p.text).includes(ta), 'nor the operator\'s token');
  }
});

test('the kept dashboard follows every write and the start of a class', async () => {
  const ta = await loginAs('township1');
  const today = await serverToday(await loginAs('station1'));
  const path = `/admin/dashboard?period=range&from=${addDays(today, -1)}&to=${addDays(today, 1)}`;
  const one = async () => {
    const pages = await many([ta], path);
    const f = figs(pages[0].text);
    for (const p of pages) assert.deepEqual(figs(p.text), f, 'every thread shows the same figures');
    return f;
  };
  const f0 = await one();

  // A service logged now counts at once.
  const op = await loginAs('station1');
  const elder = await newElder({ station: F.S1, village: F.V1, name: '看板老人' });
  const vol = await newVolunteer({ station: F.S1, township: F.T1, village: F.V1, name: '看板志愿' });
  const csrf = await csrfOf(op, '/station/services/new');
  const post = await op.post('/station/services/new', servicePairs(csrf, [{ date: today, elder, service_type: '2',
    volunteer: [vol], start: '07:00', end: '07:45' }]));
  assert.equal(post.status, 303);
  const f1 = await one();
  assert.equal(Number(f1.services), Number(f0.services) + 1, 'one more service');

  // A class about to start: not held yet, then held without any write in between.
  await sql(`INSERT INTO class (title, description, audience, township_id, venue, starts_at, minutes, capacity,
      deadline, status) VALUES ('缓存课', '', 'all', ${F.T1}, '测试地点', NOW() + INTERVAL 6 SECOND, 60, 10,
      NOW() + INTERVAL 5 SECOND, 'open')`);
  const f2 = await one();
  const [[notYet]] = await sql("SELECT COUNT(*) FROM class WHERE title = '缓存课' AND starts_at > NOW()");
  assert.equal(notYet, '1', 'the pages were read before the class began (the test ran too slowly otherwise)');
  assert.equal(f2.classes, f1.classes, 'a class not begun is not held');
  await new Promise((res) => setTimeout(res, 7000));
  const f3 = await one();
  assert.equal(Number(f3.classes), Number(f1.classes) + 1, 'once begun it is held, on every thread');
});
