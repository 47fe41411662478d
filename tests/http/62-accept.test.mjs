// A responder whose accept fails (out of descriptors) keeps every thread:
// each waits a little longer each time and tries again, and once
// descriptors are back it serves as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { VAR, Client } from './lib.mjs';

const RUN = path.join(VAR, 'run');

function sockdir() {
  if (process.env.LAOXIAO_SOCKDIR) return process.env.LAOXIAO_SOCKDIR;
  const file = path.join(RUN, 'sockdir');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : RUN;
}

const threads = (pid) => readdirSync(`/proc/${pid}/task`).length;

test('accept failing for lack of descriptors: no thread is lost, and the responder serves again', { timeout: 60000 }, async () => {
  const pid = readFileSync(path.join(RUN, 'staff.pid'), 'utf8').trim();
  const log = path.join(VAR, 'log', 'staff.log');
  const logBefore = readFileSync(log, 'utf8').length;
  const before = threads(pid);
  // prlimit as the responder's own user (started as root, ./laoxiao runs it as laoxiao-staff; changing
  // another user's limits would need CAP_SYS_RESOURCE).
  const [uid, gid] = ['Uid', 'Gid'].map((k) => new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
  const prlimit = (args, options) => (Number(uid) === process.getuid()
    ? execFileSync('prlimit', args, options)
    : execFileSync('setpriv', [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', 'prlimit', ...args], options));
  const limit = prlimit(['--pid', pid, '--nofile', '--output', 'SOFT,HARD', '--noheadings'], { encoding: 'utf8' })
    .trim().split(/\s+/);
  try {
    // No descriptor number is left for a new connection (those open stay
    // open). A thread already waiting in accept had its number taken
    // before: connections that close at once send every thread back to
    // accept, where it now fails with EMFILE.
    prlimit(['--pid', pid, `--nofile=3:${limit[1]}`]);
    await Promise.all(Array.from({ length: before + 20 }, () => new Promise((resolve) => {
      const c = net.connect({ path: path.join(sockdir(), 'staff.sock') });
      c.on('connect', () => { c.destroy(); resolve(); });
      c.on('error', resolve);
    })));
    await sleep(1500);
  } finally {
    prlimit(['--pid', pid, `--nofile=${limit[0]}:${limit[1]}`]);
  }
  // Threads back off for at most a second before they try again.
  await sleep(1500);
  assert.equal(threads(pid), before, 'every thread is still there');
  const said = readFileSync(log, 'utf8').slice(logBefore);
  assert.match(said, /accept failed/, 'the failures were seen and logged');
  const answers = await Promise.all(Array.from({ length: 60 }, () => new Client().get('/login')));
  assert.deepEqual([...new Set(answers.map((a) => a.status))], [200]);
  assert.equal(readFileSync(path.join(RUN, 'staff.pid'), 'utf8').trim(), pid, 'the same responder, not a restarted one');
});
