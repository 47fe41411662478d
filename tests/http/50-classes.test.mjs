// Family-education classes, the public side: the list and its township filter, enrolling (a seat, or the
// waiting list with a position), the enrolment page and cancelling (which seats the first person waiting),
// every invalid field (422, input kept, nothing stored), the same phone twice, classes closed by deadline,
// start, staff or cancellation, made-up codes (404) and the throttle on guessing them (429).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Client, csrfFrom, demo } from './lib.mjs';
import {
  newClass, enrol, enrolFields, cancelByCode, statusOf, enrolments, assertInvariants, getFrom, sql, newPhone, anyCsrf,
} from './classes-helpers.mjs';

// Demo places and stations by code (lib.mjs), never by id.
const F = await demo();

async function rowCount(classId) {
  const [[n]] = await sql(`SELECT COUNT(*) FROM class_enrolment WHERE class_id = ${classId}`);
  return Number(n);
}

test('the list shows upcoming open classes, by township', async () => {
  const t1 = await newClass({ township: F.T1, title: '列表诺江课' });
  const t2 = await newClass({ township: F.T2, title: '列表空山课' });
  const gone = await newClass({ township: F.T1, title: '列表已过课', startsIn: '-1 DAY', deadlineIn: '-2 DAY' });
  const off = await newClass({ township: F.T1, title: '列表取消课', status: 'cancelled' });
  const all = await new Client().get('/classes');
  assert.equal(all.status, 200);
  assert.match(all.text, new RegExp(`href="/classes/${t1}"`));
  assert.match(all.text, new RegExp(`href="/classes/${t2}"`));
  assert.doesNotMatch(all.text, new RegExp(`href="/classes/${gone}"`));
  assert.doesNotMatch(all.text, new RegExp(`href="/classes/${off}"`));
  const one = await new Client().get(`/classes?township=${F.T2}`);
  assert.equal(one.status, 200);
  assert.match(one.text, new RegExp(`href="/classes/${t2}"`));
  assert.doesNotMatch(one.text, new RegExp(`href="/classes/${t1}"`));
  for (const bad of ['x', '-1', '1.5']) {
    const r = await new Client().get(`/classes?township=${bad}`);
    assert.equal(r.status, 422, `township=${bad}`);
  }
  assert.equal((await new Client().get('/classes/0')).status, 404);
  assert.equal((await new Client().get('/classes/999999')).status, 404);
  assert.equal((await new Client().get('/classes/abc')).status, 404);
});

test('enrolling gives a seat and a page found by a random code', async () => {
  const id = await newClass({ capacity: 5 });
  const phone = newPhone();
  const r = await enrol(id, { name: '李秀兰', phone, relationship: 'mother', village: F.V2, child_age_group: '3-6', left_behind: 'no' });
  assert.equal(r.status, 303, r.text);
  assert.match(r.code, /^[A-Za-z0-9_-]{22}$/, 'a 22-character base64url code (128 bits)');
  const [row] = await sql(`SELECT name, phone, relationship, village_id, child_age_group, left_behind, status, position,
      consent_version IS NOT NULL FROM class_enrolment WHERE code = '${r.code}'`);
  assert.deepEqual(row, ['李秀兰', phone, 'mother', String(F.V2), '3-6', '0', 'enrolled', 'NULL', '1']);
  assert.equal(await statusOf(r.code), '已报名');
  const page = await new Client().get(`/classes/enrolment/${r.code}`);
  assert.match(page.text, /李秀兰/);
  assert.match(page.text, /3–5岁/);
  assert.match(page.text, /name="action" value="cancel"/);
  const detail = await new Client().get(`/classes/${id}`);
  assert.match(detail.text, /还剩 <strong class="seats-left">4<\/strong> 个/);
});

test('a full class puts people on the waiting list; cancelling seats the first one waiting', async () => {
  const id = await newClass({ capacity: 2 });
  const a = await enrol(id);
  const b = await enrol(id);
  const w1 = await enrol(id);
  const w2 = await enrol(id);
  const w3 = await enrol(id);
  for (const x of [a, b, w1, w2, w3]) assert.equal(x.status, 303, x.text);
  assert.equal(await statusOf(a.code), '已报名');
  assert.equal(await statusOf(b.code), '已报名');
  assert.equal(await statusOf(w1.code), '候补（第1位）');
  assert.equal(await statusOf(w2.code), '候补（第2位）');
  assert.equal(await statusOf(w3.code), '候补（第3位）');
  const full = await new Client().get(`/classes/${id}`);
  assert.match(full.text, /名额已满/);

  // An enrolled person cancels: the first one waiting gets the seat, the rest move up.
  const c = await cancelByCode(a.code);
  assert.equal(c.status, 303);
  assert.equal(c.headers.get('location'), `/classes/enrolment/${a.code}`);
  assert.equal(await statusOf(a.code), '已取消');
  assert.equal(await statusOf(w1.code), '已报名');
  assert.equal(await statusOf(w2.code), '候补（第1位）');
  assert.equal(await statusOf(w3.code), '候补（第2位）');
  assert.deepEqual(await assertInvariants(id), { enrolled: 2, waiting: 2, capacity: 2 });

  // Someone waiting cancels: those behind move up, nobody is seated.
  assert.equal((await cancelByCode(w2.code)).status, 303);
  assert.equal(await statusOf(w3.code), '候补（第1位）');
  assert.deepEqual(await assertInvariants(id), { enrolled: 2, waiting: 1, capacity: 2 });

  // Cancelling twice changes nothing; the page has no cancel button any more.
  assert.equal((await cancelByCode(a.code)).status, 303);
  const again = await new Client().get(`/classes/enrolment/${a.code}`);
  assert.doesNotMatch(again.text, /name="action" value="cancel"/);
  assert.deepEqual(await assertInvariants(id), { enrolled: 2, waiting: 1, capacity: 2 });
});

test('cancelling needs the csrf token and action=cancel', async () => {
  const id = await newClass({ capacity: 3 });
  const a = await enrol(id);
  const c = new Client();
  const page = await c.get(`/classes/enrolment/${a.code}`);
  assert.equal((await c.post(`/classes/enrolment/${a.code}`, { action: 'cancel' })).status, 403);
  assert.equal((await c.post(`/classes/enrolment/${a.code}`, { action: 'delete', csrf: csrfFrom(page.text) })).status, 422);
  assert.equal((await c.post(`/classes/enrolment/${a.code}`, { csrf: csrfFrom(page.text) })).status, 422);
  assert.equal(await statusOf(a.code), '已报名');
});

test('the same phone twice in one class is refused without showing the other enrolment', async () => {
  const id = await newClass({ capacity: 3 });
  const phone = newPhone();
  const first = await enrol(id, { phone, name: '赵德福' });
  assert.equal(first.status, 303);
  const again = await enrol(id, { phone, name: '钱多多' });
  assert.equal(again.status, 422);
  assert.match(again.text, /这个手机号已经报名了这堂课/);
  assert.doesNotMatch(again.text, /赵德福/);
  assert.doesNotMatch(again.text, new RegExp(first.code));
  assert.match(again.text, /value="钱多多"/, 'input kept');
  assert.equal(await rowCount(id), 1);
  // Another class takes the same phone; after cancelling, this one does too.
  const other = await newClass({ capacity: 3 });
  assert.equal((await enrol(other, { phone })).status, 303);
  assert.equal((await cancelByCode(first.code)).status, 303);
  assert.equal((await enrol(id, { phone })).status, 303);
});

test('every invalid field: 422, the input kept, nothing stored', async () => {
  const id = await newClass({ capacity: 3 });
  const cases = [
    [{ name: undefined }, 'name', /请填写姓名/],
    [{ name: '张' }, 'name', /姓名应为2至20个字/],
    [{ name: '张三<b>' }, 'name', /姓名应为2至20个字/],
    [{ phone: undefined }, 'phone', /请填写手机号码/],
    [{ phone: '1234567' }, 'phone', /11位手机号码/],
    [{ phone: '12812345678' }, 'phone', /11位手机号码/],
    [{ relationship: undefined }, 'relationship', /请选择您与孩子的关系/],
    [{ relationship: 'uncle' }, 'relationship', /请从列表中选择与孩子的关系/],
    [{ village: undefined }, 'village', /请选择所在村/],
    [{ village: 'abc' }, 'village', /村（社区）应为不大于/],
    [{ village: '999999' }, 'village', /请从列表中选择所在村/],
    [{ child_age_group: undefined }, 'child_age_group', /请选择孩子的年龄段/],
    [{ child_age_group: '7-9' }, 'child_age_group', /请从列表中选择孩子年龄/],
    [{ left_behind: undefined }, 'left_behind', /请选择孩子是否为留守儿童/],
    [{ left_behind: 'maybe' }, 'left_behind', /请从列表中选择是否留守儿童家庭/],
    [{ consent: undefined }, 'consent', /请阅读个人信息处理说明/],
  ];
  for (const [over, field, message] of cases) {
    const r = await enrol(id, { name: '孙桂英', ...over });
    assert.equal(r.status, 422, `${field} ${JSON.stringify(over)}`);
    const err = new RegExp(`id="${field}-error">⚠ ([^<]*)<`).exec(r.text);
    assert.ok(err, `message by ${field} for ${JSON.stringify(over)}`);
    assert.match(err[1], message);
    if (field !== 'name') assert.match(r.text, /value="孙桂英"/, 'the name is kept');
  }
  // Several at once: all marked.
  const many = await enrol(id, { phone: 'x', relationship: 'x', consent: undefined });
  assert.equal(many.status, 422);
  for (const f of ['phone', 'relationship', 'consent']) assert.match(many.text, new RegExp(`id="${f}-error"`));
  // A value posted twice.
  const c = new Client();
  const page = await c.get(`/classes/${id}`);
  const pairs = Object.entries(enrolFields()).concat([['phone', newPhone()], ['csrf', csrfFrom(page.text)]]);
  assert.equal((await c.post(`/classes/${id}`, pairs)).status, 422);
  assert.equal(await rowCount(id), 0, 'nothing stored');
  // Without the csrf token: refused before anything.
  assert.equal((await new Client().post(`/classes/${id}`, enrolFields())).status, 403);
  assert.equal(await rowCount(id), 0);
});

test('closed classes refuse enrolment with a clear message', async () => {
  const cases = [
    [{ deadlineIn: '-1 HOUR' }, /报名截止时间已过/],
    [{ startsIn: '-10 MINUTE', deadlineIn: '-1 DAY' }, /已经开始或已经结束/],
    [{ status: 'closed' }, /已停止报名/],
    [{ status: 'cancelled' }, /已取消/],
  ];
  for (const [opts, message] of cases) {
    const id = await newClass(opts);
    const page = await new Client().get(`/classes/${id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, message, JSON.stringify(opts));
    assert.doesNotMatch(page.text, /提交报名/, 'no form');
    // A post (say from a page loaded before) is refused too.
    const c = new Client();
    const r = await c.post(`/classes/${id}`, { ...enrolFields(), csrf: await anyCsrf(c) });
    assert.equal(r.status, 409, JSON.stringify(opts));
    assert.match(r.text, message);
    assert.equal(await rowCount(id), 0);
  }
});

test('a class cancelled after enrolling shows that on the enrolment page', async () => {
  const id = await newClass({ capacity: 1 });
  const a = await enrol(id);
  const w = await enrol(id);
  await sql(`UPDATE class SET status = 'cancelled' WHERE id = ${id}`);
  for (const x of [a, w]) {
    const page = await new Client().get(`/classes/enrolment/${x.code}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<strong>已取消：<\/strong>这堂课已取消/);
  }
  const detail = await new Client().get(`/classes/${id}`);
  assert.match(detail.text, /<strong>已取消：<\/strong>/);
});

test('an enrolment cannot be cancelled by its holder once the class has begun', async () => {
  const id = await newClass({ capacity: 2 });
  const a = await enrol(id);
  await sql(`UPDATE class SET starts_at = NOW() - INTERVAL 5 MINUTE, deadline = NOW() - INTERVAL 1 DAY WHERE id = ${id}`);
  const c = new Client();
  const page = await c.get(`/classes/enrolment/${a.code}`);
  assert.doesNotMatch(page.text, /name="action" value="cancel"/);
  const r = await c.post(`/classes/enrolment/${a.code}`, { action: 'cancel', csrf: await anyCsrf(c) });
  assert.equal(r.status, 409);
  assert.equal(await statusOf(a.code), '已报名');
});

test('made-up codes are 404; guessing is throttled per address (429), counted in the database', async () => {
  for (const code of [randomBytes(16).toString('base64url'), 'abc', 'A'.repeat(22), `${'a'.repeat(21)}!`]) {
    const r = await new Client().get(`/classes/enrolment/${encodeURIComponent(code)}`);
    assert.equal(r.status, 404, code);
    assert.doesNotMatch(r.text, /已报名|候补/);
  }
  const id = await newClass({ capacity: 2 });
  const real = await enrol(id);
  // A loopback address of its own, so that this client alone is throttled.
  const addr = `127.0.${1 + Math.floor(Math.random() * 200)}.${2 + Math.floor(Math.random() * 200)}`;
  await sql(`DELETE FROM throttle WHERE kind = 'class_code_get' AND subject = '${addr}'`);
  for (let i = 0; i < 20; i++) {
    const r = await getFrom(addr, `/classes/enrolment/${randomBytes(16).toString('base64url')}`);
    assert.equal(r.status, 404, `miss ${i + 1}`);
  }
  const [[misses]] = await sql(`SELECT COUNT(*) FROM throttle WHERE kind = 'class_code_get' AND subject = '${addr}'`);
  assert.equal(misses, '20');
  const blocked = await getFrom(addr, `/classes/enrolment/${randomBytes(16).toString('base64url')}`);
  assert.equal(blocked.status, 429);
  assert.match(blocked.text, /查询次数太多/);
  assert.match(blocked.text, /请在 \d\d:\d\d 以后再试/, 'says when to come back');
  // Even a real code gets nothing from that address now; other addresses are not affected.
  assert.equal((await getFrom(addr, `/classes/enrolment/${real.code}`)).status, 429);
  assert.equal((await new Client().get(`/classes/enrolment/${real.code}`)).status, 200);
  // Misses older than the window no longer count.
  await sql(`UPDATE throttle SET at = at - INTERVAL 11 MINUTE WHERE kind = 'class_code_get' AND subject = '${addr}'`);
  assert.equal((await getFrom(addr, `/classes/enrolment/${real.code}`)).status, 200);
  await sql(`DELETE FROM throttle WHERE kind = 'class_code_get' AND subject = '${addr}'`);
});

test('the enrolment rows hold no more about the child than an age group', async () => {
  const cols = await sql(`SELECT column_name FROM information_schema.columns
    WHERE table_schema = DATABASE() AND table_name = 'class_enrolment' ORDER BY ordinal_position`);
  const names = cols.map((c) => c[0]);
  assert.ok(names.includes('child_age_group'));
  assert.ok(!names.some((n) => /child_(name|id)|id_number|birth/.test(n)), names.join(','));
  // Whatever else a form posts about the child is not stored anywhere in the row.
  const cls = await newClass();
  const r = await enrol(cls, { child_age_group: '3-6', child_name: '小明明', child_id_number: '110105201501010011' });
  assert.equal(r.status, 303);
  const rows = await sql(`SELECT * FROM class_enrolment WHERE class_id = ${cls}`);
  assert.equal(rows.length, 1);
  assert.ok(rows[0].includes('3-6'), 'the age group is stored');
  assert.ok(!rows[0].join('|').includes('小明明') && !rows[0].join('|').includes('110105201501010011'));
});

test('my enrolments: the phone that enrolled finds them again under 家长课堂; nobody else does', async () => {
  const a = await newClass({ capacity: 1 });
  const b = await newClass({ capacity: 1 });
  const c = new Client();
  const first = await enrol(a, {}, c);
  const second = await enrol(b, {}, c);
  assert.equal(first.status, 303);
  assert.equal(second.status, 303);
  const cookie = c.cookieInfo('lx_mine');
  assert.ok(cookie, 'the enrolments are remembered in this browser');
  assert.ok('httponly' in cookie.attrs);
  assert.equal(cookie.value, `${second.code}.${first.code}`, 'newest first');
  const list = await c.get('/classes');
  assert.equal(list.status, 200);
  assert.match(list.text, /我的报名/);
  assert.ok(list.text.includes(`/classes/enrolment/${first.code}`));
  assert.ok(list.text.includes(`/classes/enrolment/${second.code}`));
  assert.match(list.text, /已报名/);
  await cancelByCode(first.code, c);
  assert.match((await c.get('/classes')).text, /已取消/);
  const stranger = await new Client().get('/classes');
  assert.doesNotMatch(stranger.text, /我的报名/);
  assert.ok(!stranger.text.includes(first.code));

  // Codes put into the cookie by hand are guesses: not shown, and counted.
  const addr = `127.0.${1 + Math.floor(Math.random() * 200)}.${2 + Math.floor(Math.random() * 200)}`;
  await sql(`DELETE FROM throttle WHERE kind = 'class_code_get' AND subject = '${addr}'`);
  const forged = [randomBytes(16).toString('base64url'), randomBytes(16).toString('base64url'), 'x<y>', second.code];
  const r = await getFrom(addr, '/classes', { Cookie: `lx_mine=${forged.join('.')}` });
  assert.equal(r.status, 200);
  assert.ok(!r.text.includes(forged[0]) && !r.text.includes('x<y>'));
  assert.ok(r.text.includes(second.code), 'a real code is shown');
  const [[misses]] = await sql(`SELECT COUNT(*) FROM throttle WHERE kind = 'class_code_get' AND subject = '${addr}'`);
  assert.equal(misses, '2');
  await sql(`DELETE FROM throttle WHERE kind = 'class_code_get' AND subject = '${addr}'`);
});

test('the list comes 20 classes a page, soonest first, the township kept from page to page', async () => {
  // 23 classes in one township, an hour apart, all later than any other class there.
  const made = [];
  for (let i = 0; i < 23; i++) {
    made.push(await newClass({ township: F.T3, title: `分页课${i}`, startsIn: `${400 * 24 + i} HOUR`, deadlineIn: '300 DAY' }));
  }
  const [[total]] = await sql(`SELECT COUNT(*) FROM class WHERE township_id = ${F.T3} AND status = 'open' AND starts_at > NOW()`);
  const pages = Math.ceil(Number(total) / 20);
  const shown = [];
  for (let p = 1; p <= pages; p++) {
    const r = await new Client().get(`/classes?township=${F.T3}&page=${p}`);
    assert.equal(r.status, 200);
    const ids = [...r.text.matchAll(/href="\/classes\/(\d+)"/g)].map((m) => m[1]);
    assert.equal(ids.length, p < pages ? 20 : Number(total) - 20 * (pages - 1), `classes on page ${p}`);
    assert.match(r.text, new RegExp(`第 ${p} / ${pages} 页`));
    if (p < pages) assert.match(r.text, new RegExp(`href="/classes\\?township=${F.T3}&amp;page=${p + 1}"`));
    if (p > 1) assert.match(r.text, new RegExp(`href="/classes\\?township=${F.T3}&amp;page=${p - 1}"`));
    shown.push(...ids);
  }
  assert.equal(new Set(shown).size, Number(total), 'every class on exactly one page');
  // The ones made here are the latest, in order, on the last pages.
  assert.deepEqual(shown.slice(-23), made.map(String));
  // A page past the end shows the last one; a bad page number is refused.
  const past = await new Client().get(`/classes?township=${F.T3}&page=${pages + 5}`);
  assert.match(past.text, new RegExp(`第 ${pages} / ${pages} 页`));
  assert.equal((await new Client().get('/classes?page=x')).status, 422);
  await sql(`UPDATE class SET status = 'closed' WHERE id IN (${made.join(',')})`);
});
