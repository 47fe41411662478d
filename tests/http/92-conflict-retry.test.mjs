// A write transaction that loses a deadlock (MariaDB error 1213, what a Galera node also says when a
// transaction loses certification to one committed on another node) is run again from its start by
// the responder (DB_RETRY in cgi/db.c): the visitor sees the normal answer, and the row is there once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { Client, csrfFrom, sql, ROOT, VAR } from './lib.mjs';
import { newClass, enrolFields } from './classes-helpers.mjs';

const execFileAsync = promisify(execFile);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const LOG = path.join(VAR, 'log', 'public.log');

test('an enrolment that loses a deadlock is run again and succeeds, once', async () => {
  const classId = await newClass({ capacity: 5, title: '死锁重试' });
  const c = new Client();
  const csrf = csrfFrom((await c.get(`/classes/${classId}`)).text);
  const logFrom = fs.statSync(LOG).size;
  // Another session takes the class row first, then (while the enrolment holds the class's
  // serialisation row and waits for the class row) asks for that serialisation row: a cycle. Having
  // written more rows, the other session is kept and the enrolment is the one rolled back.
  const other = execFileAsync(path.join(ROOT, 'laoxiao'), ['sql', '-e', `BEGIN;
    INSERT INTO tx_lock (name) VALUES ('test:a'), ('test:b'), ('test:c'), ('test:d'), ('test:e')
      ON DUPLICATE KEY UPDATE seq = seq + 1;
    SELECT id FROM class WHERE id = ${classId} FOR UPDATE;
    DO SLEEP(1.5);
    INSERT INTO tx_lock (name, seq) VALUES ('class:${classId}', 1) ON DUPLICATE KEY UPDATE seq = seq + 1;
    DO SLEEP(0.5);
    ROLLBACK;`], { env: { ...process.env, LAOXIAO_VAR: VAR }, encoding: 'utf8' });
  await sleep(500);
  const fields = enrolFields();
  const r = await c.post(`/classes/${classId}`, { ...fields, csrf });
  await other;
  assert.equal(r.status, 303, 'the visitor sees the enrolment taken');
  const rows = await sql(`SELECT status, phone FROM class_enrolment WHERE class_id = ${classId}`);
  assert.deepEqual(rows, [['enrolled', fields.phone]]);
  const log = fs.readFileSync(LOG, 'utf8').slice(logFrom);
  assert.match(log, /1213 Deadlock[^\n]*\(conflict\)/, 'the responder met the deadlock (and ran the enrolment again)');
});
