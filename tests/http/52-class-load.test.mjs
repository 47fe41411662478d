// Seats under load, against the real stack (nginx, responders, MariaDB): 50 simultaneous enrolments for
// 10 seats give exactly 10 enrolled and 40 waiting at positions 1..40 in arrival (enrolment id) order; and
// cancellations racing new enrolments keep the invariants: never more enrolled than capacity, nobody waiting
// while a seat is free, waiting positions contiguous and in arrival order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, csrfFrom } from './lib.mjs';
import {
  newClass, enrolFields, enrol, cancelByCode, statusOf, enrolments, assertInvariants, anyCsrf,
} from './classes-helpers.mjs';

// n clients, each with its own cookie and token for class id, ready to post at once.
async function readyClients(id, n) {
  return Promise.all(Array.from({ length: n }, async () => {
    const c = new Client();
    const page = await c.get(`/classes/${id}`);
    assert.equal(page.status, 200);
    return { c, csrf: csrfFrom(page.text) };
  }));
}

test('50 simultaneous enrolments for 10 seats: 10 enrolled, 40 waiting in arrival order', async () => {
  const id = await newClass({ capacity: 10, title: '并发测试课' });
  const clients = await readyClients(id, 50);
  const results = await Promise.all(clients.map(({ c, csrf }) => c.post(`/classes/${id}`, { ...enrolFields(), csrf })));
  assert.deepEqual(results.map((r) => r.status), Array(50).fill(303), 'every enrolment answered 303');
  const rows = await enrolments(id);
  assert.equal(rows.length, 50);
  // In id order: the first ten hold the seats, then positions 1..40 without gaps or duplicates.
  assert.deepEqual(rows.slice(0, 10).map((e) => e.status), Array(10).fill('enrolled'));
  assert.deepEqual(rows.slice(10).map((e) => e.status), Array(40).fill('waiting'));
  assert.deepEqual(rows.slice(10).map((e) => e.position), Array.from({ length: 40 }, (_, i) => i + 1));
  assert.deepEqual(await assertInvariants(id), { enrolled: 10, waiting: 40, capacity: 10 });
  // Each person's page says what the database says, and each got a code of their own.
  const codes = new Set(results.map((r) => r.headers.get('location')));
  assert.equal(codes.size, 50);
  const pages = await Promise.all(rows.map((e) => statusOf(e.code)));
  pages.forEach((s, i) => assert.equal(s, rows[i].status === 'enrolled' ? '已报名' : `候补（第${rows[i].position}位）`));
  const detail = await new Client().get(`/classes/${id}`);
  assert.match(detail.text, /还剩 <strong class="seats-left">0<\/strong> 个，另有40人候补/);
});

test('cancellations racing enrolments keep the invariants', async () => {
  const id = await newClass({ capacity: 10, title: '并发取消课' });
  const first = [];
  for (let i = 0; i < 20; i++) first.push(await enrol(id));
  assert.deepEqual(await assertInvariants(id), { enrolled: 10, waiting: 10, capacity: 10 });

  for (let round = 0; round < 3; round++) {
    const rows = await enrolments(id);
    const live = rows.filter((e) => e.status !== 'cancelled');
    // Cancel some seated and some waiting people while new people enrol.
    const victims = [...live.filter((e) => e.status === 'enrolled').slice(0, 4),
      ...live.filter((e) => e.status === 'waiting').slice(1, 4)];
    const cancellers = await Promise.all(victims.map(async (e) => {
      const c = new Client();
      const page = await c.get(`/classes/enrolment/${e.code}`);
      return { c, e, csrf: csrfFrom(page.text) ?? await anyCsrf(c) };
    }));
    const newcomers = await readyClients(id, 12);
    const results = await Promise.all([
      ...cancellers.map(({ c, e, csrf }) => c.post(`/classes/enrolment/${e.code}`, { action: 'cancel', confirm: 'yes', csrf })),
      ...newcomers.map(({ c, csrf }) => c.post(`/classes/${id}`, { ...enrolFields(), csrf })),
    ]);
    assert.deepEqual(results.map((r) => r.status), Array(results.length).fill(303), `round ${round}`);
    const before = live.length;
    const counts = await assertInvariants(id);
    assert.equal(counts.enrolled + counts.waiting, before - victims.length + newcomers.length, `round ${round} totals`);
    const after = await enrolments(id);
    for (const v of victims) assert.equal(after.find((e) => e.id === v.id).status, 'cancelled');
    // Those seated before the round and not cancelled keep their seats.
    const seated = new Set(after.filter((e) => e.status === 'enrolled').map((e) => e.id));
    for (const e of live) {
      if (e.status === 'enrolled' && !victims.includes(e)) assert.ok(seated.has(e.id), `seat of ${e.id} kept`);
    }
  }
  // And one by one to the end: every cancellation seats the next person, until nobody waits.
  let rows = await enrolments(id);
  while (rows.some((e) => e.status === 'waiting')) {
    const seat = rows.find((e) => e.status === 'enrolled');
    const next = rows.filter((e) => e.status === 'waiting').sort((a, b) => a.position - b.position)[0];
    assert.equal((await cancelByCode(seat.code)).status, 303);
    assert.equal(await statusOf(next.code), '已报名');
    await assertInvariants(id);
    rows = await enrolments(id);
  }
});
