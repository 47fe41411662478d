// Family-education classes, the staff side: who may use /admin/classes, creating and editing classes
// (every invalid field), scope (township1 never sees or changes a township-2 class: 403), the roster with
// check-in and staff cancellation (which seats the first one waiting), the figures against a computation
// of our own, the printable sign-in sheet, and the CSV export (BOM, scope).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, csrfFrom, demo } from './lib.mjs';
import {
  loginAs, newClass, enrol, statusOf, enrolments, assertInvariants, sql,
} from './classes-helpers.mjs';
import { getBytes, parseCsv } from './services-helpers.mjs';

// Demo places and stations by code (lib.mjs), never by id.
const F = await demo();

let admin; let t1; let s1;

before(async () => {
  admin = await loginAs('admin');
  t1 = await loginAs('township1');
  s1 = await loginAs('station1');
});

// YYYY-MM-DD n days from now, Beijing time.
function day(n) {
  return new Date(Date.now() + 8 * 3600e3 + n * 86400e3).toISOString().slice(0, 10);
}

function classForm(over = {}) {
  const f = {
    title: '隔代教养讲座', description: '讲讲怎样和孙辈沟通。', audience: 'grandparents', township: F.T1, venue: '新华村村委会',
    date: day(10), start: '09:30', minutes: '90', capacity: '20', deadline: day(9), deadline_time: '18:00', status: 'open',
    ...over,
  };
  for (const k of Object.keys(f)) if (f[k] === undefined) delete f[k];
  return f;
}

async function postForm(c, path, fields) {
  const page = await c.get(path);
  assert.equal(page.status, 200, `${path}: ${page.status}`);
  return c.post(path, { ...fields, csrf: csrfFrom(page.text) });
}

async function classCount() {
  const [[n]] = await sql('SELECT COUNT(*) FROM class');
  return Number(n);
}

test('only township and county admins reach the class pages', async () => {
  const anon = await new Client().get('/admin/classes');
  assert.equal(anon.status, 303);
  assert.match(anon.headers.get('location'), /^\/login/);
  for (const path of ['/admin/classes', '/admin/classes/new', '/admin/export/enrolments.csv']) {
    assert.equal((await s1.get(path)).status, 403, `station1 ${path}`);
  }
  assert.equal((await admin.get('/admin/classes')).status, 200);
  assert.equal((await t1.get('/admin/classes')).status, 200);
});

test('a township admin creates a class in its own township, audited', async () => {
  const title = `新课${Date.now() % 100000}`;
  const r = await postForm(t1, '/admin/classes/new', classForm({ title, description: '第一行\n第二行' }));
  assert.equal(r.status, 303, r.text);
  const m = /^\/admin\/classes\/(\d+)\/roster$/.exec(r.headers.get('location'));
  assert.ok(m, r.headers.get('location'));
  const [row] = await sql(`SELECT title, description, audience, township_id, venue, DATE_FORMAT(starts_at, '%Y-%m-%d %H:%i'),
      minutes, capacity, DATE_FORMAT(deadline, '%Y-%m-%d %H:%i'), status FROM class WHERE id = ${m[1]}`);
  assert.deepEqual(row, [title, '第一行\n第二行', 'grandparents', String(F.T1), '新华村村委会',
    `${day(10)} 09:30`, '90', '20', `${day(9)} 18:00`, 'open']);
  const audit = await sql(`SELECT a.action FROM audit_log a JOIN staff s ON s.id = a.staff_id
    WHERE a.entity = 'class' AND a.entity_id = ${m[1]} AND s.username = 'township1'`);
  assert.deepEqual(audit, [['class.create']]);
  const pub = await new Client().get(`/classes/${m[1]}`);
  assert.match(pub.text, new RegExp(title));
  // Another township is refused to a township admin, allowed to the county.
  const n = await classCount();
  const other = await postForm(t1, '/admin/classes/new', classForm({ township: F.T2 }));
  assert.equal(other.status, 422);
  assert.match(other.text, /只能为本乡镇开设课程/);
  assert.equal(await classCount(), n);
  assert.equal((await postForm(admin, '/admin/classes/new', classForm({ township: F.T2, title: '县里开的课' }))).status, 303);
});

test('every invalid class field: 422, the input kept, nothing stored', async () => {
  const n = await classCount();
  const cases = [
    [{ title: undefined }, 'title', /请填写课程名称/],
    [{ title: '长'.repeat(41) }, 'title', /不能超过40个字/],
    [{ description: '长'.repeat(501) }, 'description', /不能超过500个字/],
    [{ audience: 'kids' }, 'audience', /请从列表中选择面向对象/],
    [{ audience: undefined }, 'audience', /请选择面向对象/],
    [{ township: '999999' }, 'township', /请从列表中选择乡镇/],
    [{ township: 'x' }, 'township', /乡镇应为/],
    [{ venue: undefined }, 'venue', /请填写上课地点/],
    [{ date: '2026-02-30' }, 'date', /年-月-日/],
    [{ date: day(-1), deadline: day(-2) }, 'date', /上课时间应晚于现在/],
    [{ start: '25:00' }, 'start', /时:分/],
    [{ minutes: '5' }, 'minutes', /10至600分钟/],
    [{ minutes: '601' }, 'minutes', /不大于600/],
    [{ capacity: '0' }, 'capacity', /名额至少为1人/],
    [{ capacity: '501' }, 'capacity', /不大于500/],
    [{ capacity: '-3' }, 'capacity', /不大于500/],
    [{ deadline: day(11) }, 'deadline', /不能晚于上课时间/],
    [{ deadline: day(10), deadline_time: '10:00' }, 'deadline', /不能晚于上课时间/],
    [{ deadline_time: undefined }, 'deadline_time', /请填写报名截止时间/],
    [{ status: 'done' }, 'status', /请从列表中选择状态/],
  ];
  for (const [over, field, message] of cases) {
    const r = await postForm(admin, '/admin/classes/new', classForm({ venue: '保留的地点', ...over }));
    assert.equal(r.status, 422, `${field} ${JSON.stringify(over)}`);
    const err = new RegExp(`id="${field}-error">⚠ ([^<]*)<`).exec(r.text);
    assert.ok(err, `message by ${field}`);
    assert.match(err[1], message);
    if (field !== 'venue') assert.match(r.text, /value="保留的地点"/);
  }
  assert.equal(await classCount(), n, 'nothing stored');
});

test('township1 cannot see or change a township-2 class (403); the county can', async () => {
  const other = await newClass({ township: F.T2, title: '空山专属课' });
  await enrol(other, { name: '空山人' });
  const [[eid]] = await sql(`SELECT id FROM class_enrolment WHERE class_id = ${other}`);
  for (const path of [`/admin/classes/${other}/edit`, `/admin/classes/${other}/roster`, `/admin/classes/${other}/sheet`,
    `/admin/export/enrolments.csv?class=${other}`]) {
    const r = await t1.get(path);
    assert.equal(r.status, 403, path);
    assert.doesNotMatch(r.text, /空山专属课|空山人/);
    assert.equal((await admin.get(path)).status, 200, `admin ${path}`);
  }
  const csrf = csrfFrom((await t1.get('/admin/classes/new')).text);
  const edit = await t1.post(`/admin/classes/${other}/edit`, { ...classForm({ township: F.T1 }), csrf });
  assert.equal(edit.status, 403);
  const cancel = await t1.post(`/admin/classes/${other}/roster`, { cancel: eid, csrf });
  assert.equal(cancel.status, 403);
  const [[title, status]] = await sql(`SELECT c.title, e.status FROM class c JOIN class_enrolment e ON e.class_id = c.id
    WHERE c.id = ${other}`);
  assert.deepEqual([title, status], ['空山专属课', 'enrolled']);
  const list = await t1.get('/admin/classes');
  assert.doesNotMatch(list.text, /空山专属课/);
  assert.match((await admin.get('/admin/classes')).text, /空山专属课/);
  assert.equal((await t1.get('/admin/classes/999999/roster')).status, 404);
  assert.equal((await t1.get('/admin/classes/abc/roster')).status, 404);
});

test('editing: more seats seat those waiting; fewer than taken is refused; cancelling shows everywhere', async () => {
  const id = await newClass({ capacity: 2, title: '改名额课' });
  const people = [];
  for (let i = 0; i < 5; i++) people.push(await enrol(id));
  const path = `/admin/classes/${id}/edit`;
  const page = await t1.get(path);
  assert.equal(page.status, 200);
  assert.match(page.text, /value="改名额课"/);
  const date = /name="date" value="([^"]+)"/.exec(page.text)[1];
  const start = /name="start" value="([^"]+)"/.exec(page.text)[1];
  const deadline = /name="deadline" value="([^"]+)"/.exec(page.text)[1];
  const dtime = /name="deadline_time" value="([^"]+)"/.exec(page.text)[1];
  const base = classForm({ title: '改名额课', date, start, deadline, deadline_time: dtime, audience: 'all' });

  const up = await postForm(t1, path, { ...base, capacity: '4' });
  assert.equal(up.status, 303, up.text);
  assert.deepEqual(await assertInvariants(id), { enrolled: 4, waiting: 1, capacity: 4 });
  assert.equal(await statusOf(people[2].code), '已报名');
  assert.equal(await statusOf(people[3].code), '已报名');
  assert.equal(await statusOf(people[4].code), '候补（第1位）');

  const down = await postForm(t1, path, { ...base, capacity: '3' });
  assert.equal(down.status, 422);
  assert.match(down.text, /已有4人报名，名额不能少于4/);
  assert.equal((await sql(`SELECT capacity FROM class WHERE id = ${id}`))[0][0], '4');

  assert.equal((await postForm(t1, path, { ...base, capacity: '4', status: 'cancelled' })).status, 303);
  const pub = await new Client().get(`/classes/${id}`);
  assert.match(pub.text, /<strong>已取消：<\/strong>/);
  assert.doesNotMatch(pub.text, /提交报名/);
  assert.match((await new Client().get(`/classes/enrolment/${people[0].code}`)).text, /这堂课已取消/);
  const audit = await sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'class.edit' AND entity_id = ${id}`);
  assert.equal(audit[0][0], '2');
});

// The figures of the roster page.
async function figures(c, id) {
  const r = await c.get(`/admin/classes/${id}/roster`);
  assert.equal(r.status, 200);
  const pick = (cls) => new RegExp(`<dd class="${cls}">([^<]*)</dd>`).exec(r.text)[1];
  return { enrolled: pick('enrolled'), waiting: pick('waiting'), attended: pick('attended'), rate: pick('rate'),
    leftBehind: pick('left-behind'), text: r.text };
}

test('roster: check-in, staff cancellation and the figures against our own count', async () => {
  const id = await newClass({ capacity: 6, title: '签到课' });
  // Ten people: six seated, four waiting; every third one from a left-behind family.
  const people = [];
  for (let i = 0; i < 10; i++) {
    people.push(await enrol(id, { left_behind: i % 3 === 0 ? 'yes' : 'no' }));
  }
  const ids = (await enrolments(id)).map((e) => e.id);
  const mine = people.map((p, i) => ({ id: ids[i], leftBehind: i % 3 === 0, status: i < 6 ? 'enrolled' : 'waiting',
    attended: false }));
  const roster = `/admin/classes/${id}/roster`;
  const csrf = csrfFrom((await t1.get(roster)).text);
  const press = (fields) => t1.post(roster, { ...fields, csrf });

  // Check in people 0, 1, 2, 3, 5; undo 3.
  for (const i of [0, 1, 2, 3, 5]) {
    const r = await press({ present: mine[i].id });
    assert.equal(r.status, 303);
    mine[i].attended = true;
  }
  assert.equal((await press({ absent: mine[3].id })).status, 303);
  mine[3].attended = false;
  // Someone waiting cannot be checked in.
  assert.equal((await press({ present: mine[7].id })).status, 409);
  // Staff cancel person 1 (checked in): person 6, first waiting, gets the seat.
  assert.equal((await press({ cancel: mine[1].id, confirm: 'yes' })).status, 303);
  mine[1].status = 'cancelled';
  mine[1].attended = false;
  mine[6].status = 'enrolled';
  assert.equal(await statusOf(people[6].code), '已报名');
  assert.equal(await statusOf(people[7].code), '候补（第1位）');
  assert.equal((await press({ cancel: mine[1].id, confirm: 'yes' })).status, 409, 'cancelled already');
  assert.equal((await press({ cancel: 'x' })).status, 422);
  assert.equal((await press({})).status, 422);
  // Check in the promoted person 6 (left-behind family).
  assert.equal((await press({ present: mine[6].id })).status, 303);
  mine[6].attended = true;

  const seated = mine.filter((p) => p.status === 'enrolled');
  const attended = seated.filter((p) => p.attended);
  const expect = {
    enrolled: String(seated.length),
    waiting: String(mine.filter((p) => p.status === 'waiting').length),
    attended: String(attended.length),
    rate: `${(Math.round((attended.length / seated.length) * 1000) / 10).toFixed(1)}%`,
    leftBehind: `${seated.filter((p) => p.leftBehind).length} / ${attended.filter((p) => p.leftBehind).length}`,
  };
  assert.deepEqual(expect, { enrolled: '6', waiting: '3', attended: '4', rate: '66.7%', leftBehind: '3 / 2' });
  const got = await figures(t1, id);
  assert.deepEqual({ enrolled: got.enrolled, waiting: got.waiting, attended: got.attended, rate: got.rate,
    leftBehind: got.leftBehind }, expect);
  // The list shows the same figures.
  const list = await t1.get('/admin/classes');
  const row = new RegExp(`<tr data-class="${id}">(.*?)</tr>`).exec(list.text)[1];
  assert.match(row, /<td data-label="已报名" class="enrolled">6\/6<\/td>/);
  assert.match(row, /<td data-label="候补" class="waiting">3<\/td>/);
  assert.match(row, /<td data-label="签到" class="attended">4<\/td>/);
  assert.match(row, /<td data-label="出勤率" class="rate">66\.7%<\/td>/);
  assert.match(row, /class="left-behind">3（2）<\/td>/);
  // The database agrees with what we did.
  const db = await enrolments(id);
  for (const p of mine) {
    const e = db.find((x) => x.id === p.id);
    assert.equal(e.status, p.status, `status of ${p.id}`);
    assert.equal(e.attended, p.attended, `attended of ${p.id}`);
  }
  const audit = await sql(`SELECT action, COUNT(*) FROM audit_log WHERE entity = 'class_enrolment'
    AND entity_id IN (${ids.join(',')}) GROUP BY action ORDER BY action`);
  assert.deepEqual(audit, [['enrolment.attend', '6'], ['enrolment.cancel', '1'], ['enrolment.unattend', '1']]);
  // A class nobody enrolled in has no rate.
  const empty = await newClass({ title: '空课' });
  assert.equal((await figures(t1, empty)).rate, '—');
});

test('the sign-in sheet: print CSS on that page alone, phone numbers masked', async () => {
  const id = await newClass({ capacity: 1, title: '签到表课' });
  const a = await enrol(id, { name: '周玉兰', phone: '13912345678' });
  await enrol(id, { name: '吴候补' });
  assert.equal(a.status, 303);
  const sheet = await t1.get(`/admin/classes/${id}/sheet`);
  assert.equal(sheet.status, 200);
  assert.match(sheet.text, /<link rel="stylesheet" href="\/static\/print.css">/);
  assert.match(sheet.text, /周玉兰/);
  assert.match(sheet.text, /139\*\*\*\*5678/);
  assert.doesNotMatch(sheet.text, /13912345678/);
  assert.match(sheet.text, /候补1/);
  const roster = await t1.get(`/admin/classes/${id}/roster`);
  assert.doesNotMatch(roster.text, /print\.css/);
  assert.match(roster.text, /13912345678/, 'the roster shows the phone to call');
  const css = await new Client().get('/static/print.css');
  assert.equal(css.status, 200);
  assert.match(css.text, /@page\s*{\s*size:\s*A4/);
  assert.match(css.text, /@media print/);
});

test('CSV export: BOM, every enrolment of the scope, nothing outside it', async () => {
  const mineClass = await newClass({ township: F.T1, title: '导出诺江课' });
  const otherClass = await newClass({ township: F.T2, title: '导出空山课' });
  await enrol(mineClass, { name: '导出甲', left_behind: 'yes' });
  await enrol(otherClass, { name: '导出乙' });
  const r = await getBytes(t1, '/admin/export/enrolments.csv');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  assert.deepEqual([...r.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const rows = parseCsv(r.bytes.subarray(3).toString('utf8'));
  assert.equal(rows[0][0], '报名编号');
  assert.equal(rows[0].length, 15);
  const body = rows.slice(1);
  assert.ok(body.some((x) => x[5] === '导出甲' && x[2] === '导出诺江课' && x[10] === '是' && x[11] === '已报名'));
  assert.ok(!body.some((x) => x[5] === '导出乙'));
  assert.ok(body.every((x) => x[3] === '诺江镇'), 'township1 sees only its township');
  const [[n1]] = await sql(`SELECT COUNT(*) FROM class_enrolment e JOIN class c ON c.id = e.class_id WHERE c.township_id = ${F.T1}`);
  assert.equal(body.length, Number(n1));
  const all = parseCsv((await getBytes(admin, '/admin/export/enrolments.csv')).bytes.subarray(3).toString('utf8'));
  const [[n]] = await sql('SELECT COUNT(*) FROM class_enrolment');
  assert.equal(all.length - 1, Number(n));
  assert.ok(all.some((x) => x[5] === '导出乙'));
  const one = parseCsv((await getBytes(admin, `/admin/export/enrolments.csv?class=${otherClass}`)).bytes.subarray(3).toString('utf8'));
  assert.deepEqual(one.slice(1).map((x) => x[5]), ['导出乙']);
  assert.equal((await t1.get('/admin/export/enrolments.csv?class=x')).status, 422);
});
