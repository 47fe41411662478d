// The disk filling up under the database (its data directory is a tmpfs of
// its own, mounted by ./laoxiao faults as root): writes that need space get
// the Chinese 503 page with the input kept and leave no half-written record
// (the kept figures still equal the records); once space is freed, writes
// land again. InnoDB may abort when it cannot even roll a write back for
// lack of space ("Error (Out of disk space) in rollback"): then, as an
// operator would, the test starts the database again once space is freed,
// and its crash recovery must leave exactly the acknowledged writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSync, closeSync, writeSync, unlinkSync, statfsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { figuresCheck, VAR } from '../http/lib.mjs';
import { writers, assertExact, sleep, summary, pidOf, database } from './load.mjs';

// Running, not gone nor a zombie (an exited mariadbd stays one until ./laoxiao reaps it).
function alive(pid) {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

const DISK = process.env.LAOXIAO_FAULTS_DISK;

test('a full disk: 503 and nothing half-written, then writes land again', { skip: DISK ? false : 'needs root (./laoxiao faults mounts a tmpfs)' }, async () => {
  const w = await writers();
  const filler = path.join(DISK, 'filler');
  // Fill every free block.
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(1 << 20);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    assert.equal(err.code, 'ENOSPC');
  }
  const small = Buffer.alloc(4096);
  try {
    for (;;) writeSync(fd, small);
  } catch (err) {
    assert.equal(err.code, 'ENOSPC');
  }
  closeSync(fd);
  assert.equal(statfsSync(DISK).bavail, 0, 'the disk is full');
  const answers = [];
  let refused = 0;
  try {
    // Enough rows that the tables must grow.
    for (let i = 0; i < 600 && refused < 20; i++) {
      const a = await (i % 2 === 0 ? w.register() : w.enrol());
      answers.push(a);
      if (a.status === 503) refused += 1;
    }
  } finally {
    unlinkSync(filler);
  }
  console.log(`full disk: ${summary(answers)}`);
  assert.ok(refused > 0, 'writes were refused while the disk was full');
  // Space again: writes land. If the database aborted meanwhile (it may while the space is freed),
  // it is started again once.
  let landed = false;
  let restarted = false;
  for (let i = 0; i < 120 && !landed; i++) {
    if (!restarted && !alive(pidOf('mariadb'))) {
      const logged = readFileSync(path.join(VAR, 'log', 'mariadb.err'), 'utf8');
      assert.match(logged, /Out of disk space|failed with error 28/, 'the database stopped for lack of space');
      console.log('full disk: the database aborted (InnoDB could not roll back for lack of space); starting it again');
      await database('start');
      restarted = true;
    }
    const a = await w.register();
    answers.push(a);
    landed = a.status === 303;
    if (!landed) await sleep(250);
  }
  assert.ok(landed, 'a write lands once there is space');
  await assertExact(answers, 'full disk');
  await figuresCheck();
});
