// The database frozen (SIGSTOP 10 s) and restarted (stopped, ~10 s down,
// started again) while registrations, enrolments and service entries are
// posted: every request answers within seconds, with success or the
// Chinese 503 page that keeps the input; the responders recover by
// themselves; afterwards the database holds every acknowledged write, none
// doubled, and nothing else but (frozen only) a write whose COMMIT was
// already sent when the database froze: its 503 hides a write that landed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '../http/lib.mjs';
import { writers, load, assertExact, database, pidOf, sleep, summary, slowest } from './load.mjs';

// Requests after the fault ends: all must succeed again within this long.
const RECOVER_MS = 15000;
// Longer than a statement's 5 s plus a new connection's 3 s (cgi/db.c): a request caught inside a
// transaction is run once more on a new connection, and with a freeze of exactly 8 s that connection
// could be made just as the database woke, so that no request of the freeze answered 503.
const FREEZE_MS = 10000;
// Requests in flight at once: one caught in its COMMIT waits for the answer and succeeds (the
// commit's outcome is asked for), so a 503 needs one caught elsewhere.
const FREEZE_LANES = 6;

async function recovered(w, since) {
  // The first write that lands after the fault ends, then a run of successes.
  for (;;) {
    const a = await w.register();
    if (a.status === 303) break;
    assert.ok(Date.now() - since < RECOVER_MS, `still ${a.status} ${RECOVER_MS} ms after the database came back`);
    await sleep(250);
  }
  const healthy = await new Client().get('/healthz');
  assert.equal(healthy.status, 200);
  return Date.now() - since;
}

test('the database frozen for 10 s under writes', async () => {
  const w = await writers();
  let stop = false;
  const running = load(w, () => stop, FREEZE_LANES);
  await sleep(2000);
  const pid = pidOf('mariadb');
  const frozeAt = Date.now();
  process.kill(pid, 'SIGSTOP');
  try {
    await sleep(FREEZE_MS);
  } finally {
    process.kill(pid, 'SIGCONT');
  }
  const back = Date.now();
  await sleep(4000);
  stop = true;
  const answers = await running;
  const took = await recovered(w, back);
  console.log(`frozen: ${summary(answers)}; writing again ${took} ms after SIGCONT`);
  assert.ok(answers.some((a) => a.status === 503), 'requests during the freeze got 503');
  assert.ok(answers.filter((a) => a.at < back - FREEZE_MS).every((a) => a.status === 303), 'before the freeze all landed');
  assert.ok(slowest(answers) < 20000, `every request answered within 20 s (slowest ${slowest(answers)} ms)`);
  await assertExact(answers, 'frozen', frozeAt);
});

test('the database stopped, 10 s down, started again under writes', async () => {
  const w = await writers();
  let stop = false;
  const running = load(w, () => stop);
  await sleep(2000);
  await database('stop');
  const down = Date.now();
  await sleep(10000);
  const starting = Date.now();
  await database('start');
  const back = Date.now();
  await sleep(4000);
  stop = true;
  const answers = await running;
  const took = await recovered(w, back);
  console.log(`restarted (stop took ${back - down - 10000} ms more than 10 s): ${summary(answers)}; writing again ${took} ms after the start`);
  // Answered while it was down: after the stop, before the start began (it answers before the start
  // command returns).
  const during = answers.filter((a) => a.at > down + 1000 && a.at < starting);
  const landed = during.filter((a) => a.status !== 503);
  assert.ok(during.length > 0, 'requests while it was down');
  assert.deepEqual(landed.map((a) => `${a.kind} ${a.status} ${a.phase ?? ''} at +${a.at - down} ms`), [], 'while it was down: 503');
  assert.ok(slowest(answers) < 20000, `every request answered within 20 s (slowest ${slowest(answers)} ms)`);
  await assertExact(answers, 'restarted');
});
