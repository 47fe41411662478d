// Logging services: one row with the plain names, up to ten rows in one
// transaction (one bad row stores nothing, every input comes back), the
// time, date and window rules, duplicates and overlapping services of a
// volunteer (also under concurrent submissions), corrections and voids
// (audited), service types, and scope: another station's operator never
// sees, chooses or logs for this station's elders.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  loginAs, csrfOf, serverToday, addDays, sql, newVolunteer, newElder, servicePairs, countServices, errorOf,
  staffId, villageId, getBytes, parseCsv, makeId,
} from './services-helpers.mjs';
import { demo } from './lib.mjs';

// Demo places and stations by code (lib.mjs), never by id.
const F = await demo();

let today;
let s1; // station1's client
let V1, V2, V3, VP, VT2, VOTHER; // volunteers
let E1, E2, E3, EX; // station1 elders; EX at station 3

before(async () => {
  s1 = await loginAs('station1');
  today = await serverToday(s1);
  V1 = await newVolunteer({ station: F.S1, township: F.T1, village: F.V1, name: '甲志愿' });
  V2 = await newVolunteer({ station: F.S1, township: F.T1, village: F.V1, name: '乙志愿' });
  V3 = await newVolunteer({ station: F.S1, township: F.T1, village: F.V1, name: '丙志愿' });
  // Of station 2 (same township): may serve at station 1 too.
  VT2 = await newVolunteer({ station: F.S2, township: F.T1, village: F.V2, name: '丁志愿' });
  // Of station 3 (township 2): not at station 1.
  VOTHER = await newVolunteer({ station: F.S3, township: F.T2, village: F.V5, name: '戊志愿' });
  VP = await newVolunteer({ station: F.S1, township: F.T1, village: F.V1, name: '己志愿' });
  await sql(`UPDATE volunteer SET status = 'pending' WHERE id = ${VP}`);
  E1 = await newElder({ station: F.S1, village: F.V1, name: '赵一老' });
  E2 = await newElder({ station: F.S1, village: F.V1, name: '钱二老' });
  E3 = await newElder({ station: F.S1, village: F.V1, name: '孙三老' });
  EX = await newElder({ station: F.S3, village: F.V5, name: '空山外老' });
});

function row(over = {}) {
  return {
    date: today, elder: E1, service_type: '1', volunteer: [V1], start: '14:00', end: '14:30', signed: true, note: '', ...over,
  };
}

async function logRows(c, rows, opts = {}) {
  const csrf = await csrfOf(c, `/station/services/new${opts.station ? `?station=${opts.station}` : ''}`);
  return c.post('/station/services/new', servicePairs(csrf, rows, opts));
}

const plain = { prefix: () => '' };

test('the plain names log one row: minutes, signature, note, volunteers, audit', async () => {
  const d = addDays(today, -3);
  const r = await logRows(s1, [row({ date: d, start: '15:05', end: '16:20', volunteer: [V1, V2], note: '单行测试' })], plain);
  assert.equal(r.status, 303, r.text);
  assert.equal(r.headers.get('location'), `/station/services?station=${F.S1}&saved=1`);
  const rows = await sql(`SELECT id, station_id, elder_id, service_type_id, service_date, start_time, end_time, minutes, elder_signed,
    created_by FROM service WHERE note = '单行测试'`);
  assert.equal(rows.length, 1);
  const [id, station, elder, type, date, start, end, minutes, signed, by] = rows[0];
  assert.deepEqual([station, elder, type, date, start, end, minutes, signed], ['1', E1, '1', d, '15:05:00', '16:20:00', '75', '1']);
  assert.equal(by, await staffId('station1'));
  const vols = await sql(`SELECT volunteer_id FROM service_volunteer WHERE service_id = ${id} ORDER BY volunteer_id`);
  assert.deepEqual(vols.map((v) => v[0]), [V1, V2].sort((a, b) => a - b));
  const audit = await sql(`SELECT staff_id, after_value FROM audit_log WHERE action = 'service.create' AND entity_id = ${id}`);
  assert.equal(audit.length, 1);
  assert.match(audit[0][1], new RegExp(`date=${d}; start=15:05; end=16:20; elder=${E1}; type=1`));
  const list = await s1.get('/station/services?saved=1');
  assert.match(list.text, /已保存 1 条服务记录/);
  assert.match(list.text, /单行测试/);
});

test('several rows at once; rows left blank are skipped', async () => {
  const d = addDays(today, -4);
  const r = await logRows(s1, [
    row({ date: d, start: '15:00', end: '15:30', note: '多行一' }),
    row({ date: d, elder: E2, start: '15:30', end: '16:00', note: '多行二', signed: false }),
    { date: d },
  ]);
  assert.equal(r.status, 303, r.text);
  assert.equal(r.headers.get('location'), `/station/services?station=${F.S1}&saved=2`);
  assert.equal(await countServices(`note IN ('多行一', '多行二')`), 2);
  assert.equal(await countServices(`note = '多行二' AND elder_signed = 0`), 1);
  // Nothing but blank rows: refused.
  const r2 = await logRows(s1, [{ date: d }, { date: d }]);
  assert.equal(r2.status, 422);
  assert.match(r2.text, /至少填写一条/);
});

function tenRows(d, tag) {
  return Array.from({ length: 10 }, (_, i) => {
    const start = 13 * 60 + i * 40;
    const hm = (m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    return row({
      date: d, elder: [E1, E2, E3][i % 3], service_type: String(1 + (i % 9)), volunteer: i % 2 ? [V1, V2] : [V1],
      start: hm(start), end: hm(start + 30), note: `${tag}${i + 1}`, signed: i % 2 === 0,
    });
  });
}

test('ten rows in one transaction: one bad row stores nothing, marks that row and keeps every input', async () => {
  const d = addDays(today, -5);
  const rows = tenRows(d, '批量');
  rows[6] = { ...rows[6], end: '14:00' }; // row 7 ends before it starts
  const r = await logRows(s1, rows);
  assert.equal(r.status, 422);
  assert.match(r.text, /第7条有需要修改/);
  assert.match(errorOf(r.text, 'r7.end'), /结束时间应晚于开始时间/);
  for (let i = 1; i <= 10; i++) {
    assert.match(r.text, new RegExp(`name="r${i}.note" value="批量${i}"`), `row ${i} note kept`);
    assert.match(r.text, new RegExp(`name="r${i}.start" value="${rows[i - 1].start}"`), `row ${i} start kept`);
    if (i !== 7) for (const f of ['date', 'elder', 'service_type', 'volunteer', 'start', 'end']) {
      assert.equal(errorOf(r.text, `r${i}.${f}`), undefined, `row ${i} ${f} unmarked`);
    }
  }
  // Chosen volunteers, elders and signatures come back chosen.
  assert.match(r.text, new RegExp(`name="r2.volunteer" value="${V2}" checked`));
  assert.match(r.text, new RegExp(`<option value="${E2}" selected`));
  assert.match(r.text, /name="r1.signed" value="yes" checked/);
  assert.doesNotMatch(r.text, /name="r2.signed" value="yes" checked/);
  assert.equal(await countServices(`note LIKE '批量%'`), 0);

  rows[6] = { ...rows[6], end: rows[6].start.replace(/^(\d\d):(\d\d)$/, (_, h, m) => `${h}:${String(Number(m) + 30).padStart(2, '0')}`) };
  const ok = await logRows(s1, rows);
  assert.equal(ok.status, 303, ok.text);
  assert.equal(ok.headers.get('location'), `/station/services?station=${F.S1}&saved=10`);
  assert.equal(await countServices(`note LIKE '批量%'`), 10);
  assert.equal(await countServices(`note LIKE '批量%' AND service_date = '${d}'`), 10);
});

test('a clash with a stored service in the tenth row stores none of the ten', async () => {
  const d = addDays(today, -5);
  const rows = tenRows(d, '冲突批');
  rows.forEach((x) => { x.volunteer = [V3]; });
  rows[9] = { ...rows[9], volunteer: [V1], start: '13:10', end: '13:20' }; // V1 served 13:00–13:30 (批量1)
  const r = await logRows(s1, rows);
  assert.equal(r.status, 422);
  assert.match(errorOf(r.text, 'r10.volunteer'), /甲志愿在 13:00–13:30 已有一条服务记录（记录编号\d+）/);
  assert.equal(errorOf(r.text, 'r9.volunteer'), undefined);
  assert.equal(await countServices(`note LIKE '冲突批%'`), 0);
});

test('more than ten rows, or a row number out of range, is refused', async () => {
  const csrf = await csrfOf(s1, '/station/services/new');
  const rows = tenRows(addDays(today, -6), '十一');
  const pairs = servicePairs(csrf, [...rows, row({ note: '十一11' })]);
  const r = await s1.post('/station/services/new', pairs);
  assert.equal(r.status, 422);
  assert.match(r.text, /最多登记10条/);
  const r2 = await s1.post('/station/services/new', servicePairs(csrf, [row()], { prefix: () => 'r0.' }));
  assert.equal(r2.status, 422);
  assert.equal(await countServices(`note LIKE '十一%'`), 0);
});

const timeRules = [
  ['end equal to start', { start: '09:00', end: '09:00' }, 'end', /晚于开始/],
  ['end before start', { start: '09:00', end: '08:59' }, 'end', /晚于开始/],
  ['longer than 12 hours', { start: '07:00', end: '19:01' }, 'end', /12小时/],
  ['start not a time', { start: '9点' }, 'start', /时:分/],
  ['end out of range', { end: '24:00' }, 'end', /时:分/],
  ['date in the future', { date: 'tomorrow' }, 'date', /不能晚于今天/],
  ['date impossible', { date: '2026-02-30' }, 'date', /年-月-日/],
  ['no elder', { elder: '' }, 'elder', /请选择服务对象/],
  ['no type', { service_type: '' }, 'service_type', /请选择服务类型/],
  ['type unknown', { service_type: '999' }, 'service_type', /选择服务类型/],
  ['no volunteer', { volunteer: [] }, 'volunteer', /至少选择一名志愿者/],
  ['volunteer not approved', { volunteer: ['VP'] }, 'volunteer', /已通过审核/],
  ['volunteer of another township', { volunteer: ['VOTHER'] }, 'volunteer', /本站或本乡镇/],
  ['elder of another station', { elder: 'EX' }, 'elder', /本站服务对象名册/],
  ['note too long', { note: '长'.repeat(101) }, 'note', /100/],
];

for (const [what, over, field, message] of timeRules) {
  test(`invalid row: ${what} — 422, marked, nothing stored`, async () => {
    const o = { ...over };
    if (o.date === 'tomorrow') o.date = addDays(today, 1);
    if (o.volunteer) o.volunteer = o.volunteer.map((v) => ({ VP, VOTHER }[v] ?? v));
    if (o.elder === 'EX') o.elder = EX;
    const r = await logRows(s1, [row({ start: '06:00', end: '06:30', ...o, note: o.note ?? `规则${what}` })]);
    assert.equal(r.status, 422, r.text.slice(0, 200));
    assert.match(errorOf(r.text, `r1.${field}`) ?? '', message);
    assert.equal(await countServices(`note = '规则${what}' OR note LIKE '长长长%'`), 0);
  });
}

test('twelve hours exactly is accepted', async () => {
  const r = await logRows(s1, [row({ date: addDays(today, -7), start: '06:00', end: '18:00', volunteer: [V2], note: '整十二小时' })]);
  assert.equal(r.status, 303, r.text);
  assert.equal((await sql(`SELECT minutes FROM service WHERE note = '整十二小时'`))[0][0], '720');
});

test('window: operators log 31 days back, not 32; a township admin may go further; the window is a setting', async () => {
  const r31 = await logRows(s1, [row({ date: addDays(today, -31), note: '窗口31' })]);
  assert.equal(r31.status, 303, r31.text);
  const r32 = await logRows(s1, [row({ date: addDays(today, -32), note: '窗口32' })]);
  assert.equal(r32.status, 422);
  assert.match(errorOf(r32.text, 'r1.date'), /最近31天.*乡镇管理员/);
  assert.equal(await countServices(`note = '窗口32'`), 0);

  const t = await loginAs('township1');
  const old = await logRows(t, [row({ date: addDays(today, -40), note: '乡镇补录' })], { station: F.S1 });
  assert.equal(old.status, 303, old.text);
  assert.equal(await countServices(`note = '乡镇补录' AND station_id = ${F.S1} AND service_date = '${addDays(today, -40)}'`), 1);
  const future = await logRows(t, [row({ date: addDays(today, 1), note: '乡镇未来' })], { station: F.S1 });
  assert.equal(future.status, 422);
  assert.match(errorOf(future.text, 'r1.date'), /不能晚于今天/);

  await sql(`UPDATE service_setting SET value = '7' WHERE name = 'window_days'`);
  try {
    const r8 = await logRows(s1, [row({ date: addDays(today, -8), start: '20:00', end: '20:10', note: '窗口8' })]);
    assert.equal(r8.status, 422);
    assert.match(errorOf(r8.text, 'r1.date'), /最近7天/);
    const r7 = await logRows(s1, [row({ date: addDays(today, -7), start: '20:00', end: '20:10', note: '窗口7' })]);
    assert.equal(r7.status, 303, r7.text);
  } finally {
    await sql(`UPDATE service_setting SET value = '31' WHERE name = 'window_days'`);
  }
});

test('duplicates: the same elder, type, volunteer, date and start is refused, stored or in the same form', async () => {
  const d = addDays(today, -8);
  const first = row({ date: d, start: '16:00', end: '16:30', volunteer: [V2], service_type: '3', note: '重复原' });
  assert.equal((await logRows(s1, [first])).status, 303);
  const again = await logRows(s1, [{ ...first, end: '16:45', note: '重复再' }]);
  assert.equal(again.status, 422);
  assert.match(errorOf(again.text, 'r1.start'), /已经登记过了（记录编号\d+/);
  const inForm = await logRows(s1, [
    { ...first, date: addDays(d, -1), note: '表内一' },
    { ...first, date: addDays(d, -1), note: '表内二' },
  ]);
  assert.equal(inForm.status, 422);
  assert.match(errorOf(inForm.text, 'r2.start'), /本表第1条/);
  assert.equal(errorOf(inForm.text, 'r1.start'), undefined);
  assert.equal(await countServices(`note IN ('重复再', '表内一', '表内二')`), 0);
  // Another type at the same time is no duplicate, but the volunteer is busy.
  const other = await logRows(s1, [{ ...first, service_type: '4', note: '换类型' }]);
  assert.equal(other.status, 422);
  assert.match(errorOf(other.text, 'r1.volunteer'), /乙志愿在 16:00–16:30/);
});

test('overlaps: a volunteer cannot serve twice at once; back to back and other volunteers are fine', async () => {
  const d = addDays(today, -9);
  assert.equal((await logRows(s1, [row({ date: d, start: '10:00', end: '11:00', volunteer: [V1], note: '重叠原' })])).status, 303);
  const partial = await logRows(s1, [row({ date: d, elder: E2, start: '10:30', end: '11:30', volunteer: [V2, V1], note: '重叠一' })]);
  assert.equal(partial.status, 422);
  assert.match(errorOf(partial.text, 'r1.volunteer'), /甲志愿在 10:00–11:00/);
  const inside = await logRows(s1, [row({ date: d, elder: E2, start: '10:10', end: '10:20', note: '重叠二' })]);
  assert.equal(inside.status, 422);
  const around = await logRows(s1, [row({ date: d, elder: E2, start: '09:00', end: '12:00', note: '重叠三' })]);
  assert.equal(around.status, 422);
  const inForm = await logRows(s1, [
    row({ date: d, elder: E2, start: '13:00', end: '14:00', volunteer: [V2], note: '表重一' }),
    row({ date: d, elder: E3, start: '13:30', end: '14:30', volunteer: [V3, V2], note: '表重二' }),
  ]);
  assert.equal(inForm.status, 422);
  assert.match(errorOf(inForm.text, 'r2.volunteer'), /乙志愿在 13:00–14:00.*本表第1条/);
  assert.equal(await countServices(`note IN ('重叠一', '重叠二', '重叠三') OR note LIKE '表重%'`), 0);
  const ok = await logRows(s1, [
    row({ date: d, elder: E2, start: '11:00', end: '12:00', volunteer: [V1], note: '紧接' }),
    row({ date: d, elder: E3, start: '10:00', end: '11:00', volunteer: [V2], note: '别人同时' }),
    row({ date: d, elder: E1, start: '09:00', end: '10:00', volunteer: [VT2], note: '外站志愿者' }),
  ]);
  assert.equal(ok.status, 303, ok.text);
  assert.equal(await countServices(`note IN ('紧接', '别人同时', '外站志愿者')`), 3);
});

test('concurrent submissions for one volunteer at overlapping times: exactly one is stored', async () => {
  const d = addDays(today, -10);
  const VR = await newVolunteer({ station: F.S1, township: F.T1, village: F.V1, name: '并发志愿' });
  const clients = await Promise.all(Array.from({ length: 8 }, () => loginAs('station1')));
  const tokens = await Promise.all(clients.map((c) => csrfOf(c, '/station/services/new')));
  const results = await Promise.all(clients.map((c, i) => c.post('/station/services/new', servicePairs(tokens[i], [
    row({ date: d, elder: [E1, E2, E3][i % 3], start: `08:${String(i * 5).padStart(2, '0')}`, end: '09:30', volunteer: [VR], note: `并发${i}` }),
  ]))));
  const statuses = results.map((r) => r.status).sort();
  assert.equal(statuses.filter((s) => s === 303).length, 1, statuses.join());
  assert.equal(statuses.filter((s) => s === 422).length, 7, statuses.join());
  assert.equal(await countServices(`note LIKE '并发%'`), 1);
  for (const r of results.filter((x) => x.status === 422)) assert.match(r.text, /并发志愿在 08:\d\d–09:30 已有一条服务记录/);
});

test('a volunteer deactivated while the form is being saved gets no service: it is checked again inside the transaction', async () => {
  const d = addDays(today, -11);
  const VD = await newVolunteer({ station: F.S1, township: F.T1, village: F.V1, name: '停用志愿' });
  const csrf = await csrfOf(s1, '/station/services/new');
  // Another session holds the volunteer's row, deactivates it and commits while the form waits for that row:
  // the form has loaded its choices (the volunteer approved) before its transaction begins.
  const holder = sql(`BEGIN; SELECT id FROM volunteer WHERE id = ${VD} FOR UPDATE; DO SLEEP(2);
    UPDATE volunteer SET status = 'inactive' WHERE id = ${VD}; COMMIT;`);
  await new Promise((ok) => { setTimeout(ok, 500); });
  const t0 = Date.now();
  const r = await s1.post('/station/services/new', servicePairs(csrf, [row({ date: d, volunteer: [VD], note: '停用之间' })]));
  const waited = Date.now() - t0;
  await holder;
  assert.ok(waited >= 1000, `the form waited for the held row (${waited} ms)`);
  assert.equal(r.status, 422, r.text);
  assert.match(r.text, /停用志愿刚刚已不是本站或本乡镇已通过审核的志愿者/);
  assert.equal(await countServices(`note = '停用之间'`), 0);
});

async function serviceId(note) {
  const rows = await sql(`SELECT id FROM service WHERE note = '${note}'`);
  assert.equal(rows.length, 1, note);
  return rows[0][0];
}

test('a correction within the window is stored and audited with before and after', async () => {
  const d = addDays(today, -11);
  assert.equal((await logRows(s1, [row({ date: d, start: '09:00', end: '09:40', volunteer: [V1], note: '待更正' })])).status, 303);
  assert.equal((await logRows(s1, [row({ date: d, elder: E2, start: '10:00', end: '10:30', volunteer: [V2], note: '挡路' })])).status, 303);
  const id = await serviceId('待更正');
  const page = await s1.get(`/station/services/${id}/edit`);
  assert.equal(page.status, 200);
  assert.match(page.text, /name="start" value="09:00"/);
  assert.match(page.text, new RegExp(`name="volunteer" value="${V1}" checked`));
  const csrf = await csrfOf(s1, `/station/services/${id}/edit`);
  const edit = (over) => s1.post(`/station/services/${id}/edit`,
    servicePairs(csrf, [row({ date: d, start: '09:00', end: '09:40', volunteer: [V1], note: '待更正', ...over })], plain));
  // Its own time is no clash; another's is.
  const clash = await edit({ end: '10:15', volunteer: [V1, V2] });
  assert.equal(clash.status, 422);
  assert.match(errorOf(clash.text, 'volunteer'), /乙志愿在 10:00–10:30/);
  const bad = await edit({ end: '08:00' });
  assert.equal(bad.status, 422);
  assert.match(errorOf(bad.text, 'end'), /晚于开始/);
  const ok = await edit({ end: '09:50', volunteer: [V1, V3], signed: false, note: '已更正' });
  assert.equal(ok.status, 303, ok.text);
  const [[end, minutes, signed, note]] = await sql(`SELECT end_time, minutes, elder_signed, note FROM service WHERE id = ${id}`);
  assert.deepEqual([end, minutes, signed, note], ['09:50:00', '50', '0', '已更正']);
  const vols = await sql(`SELECT volunteer_id FROM service_volunteer WHERE service_id = ${id} ORDER BY volunteer_id`);
  assert.deepEqual(vols.map((v) => v[0]), [V1, V3].sort((a, b) => a - b));
  const audit = await sql(`SELECT staff_id, before_value, after_value FROM audit_log WHERE action = 'service.edit' AND entity_id = ${id}`);
  assert.equal(audit.length, 1);
  assert.equal(audit[0][0], await staffId('station1'));
  assert.match(audit[0][1], new RegExp(`end=09:40;.*volunteers=${V1};.*note=待更正`));
  assert.match(audit[0][2], /end=09:50;.*signed=0; note=已更正/);
});

test('voiding needs a reason, keeps the record listed and marked, is audited, and happens once', async () => {
  const d = addDays(today, -12);
  assert.equal((await logRows(s1, [row({ date: d, start: '09:00', end: '09:40', note: '待作废' })])).status, 303);
  const id = await serviceId('待作废');
  const csrf = await csrfOf(s1, `/station/services/${id}/edit`);
  const none = await s1.post(`/station/services/${id}/void`, { csrf, reason: '  ' });
  assert.equal(none.status, 422);
  assert.match(errorOf(none.text, 'reason'), /作废原因/);
  assert.equal((await sql(`SELECT voided_at IS NULL FROM service WHERE id = ${id}`))[0][0], '1');
  const ok = await s1.post(`/station/services/${id}/void`, { csrf, reason: '老人当天住院，未服务' });
  assert.equal(ok.status, 303);
  const [[voided, by, reason]] = await sql(`SELECT voided_at IS NOT NULL, voided_by, void_reason FROM service WHERE id = ${id}`);
  assert.deepEqual([voided, by, reason], ['1', await staffId('station1'), '老人当天住院，未服务']);
  const audit = await sql(`SELECT after_value FROM audit_log WHERE action = 'service.void' AND entity_id = ${id}`);
  assert.equal(audit.length, 1);
  assert.match(audit[0][0], /老人当天住院/);
  const list = await s1.get(`/station/services?from=${d}&to=${d}`);
  assert.match(list.text, new RegExp(`<tr data-service="${id}" class="voided" data-voided="1">[\\s\\S]*?已作废</strong>：老人当天住院，未服务`));
  const page = await s1.get(`/station/services/${id}/edit`);
  assert.match(page.text, /已作废，不能再修改/);
  assert.doesNotMatch(page.text, /name="reason"/);
  assert.equal((await s1.post(`/station/services/${id}/void`, { csrf, reason: '再来' })).status, 409);
  const edit = await s1.post(`/station/services/${id}/edit`, servicePairs(csrf, [row({ date: d })], plain));
  assert.equal(edit.status, 409);
  // The voided service no longer blocks the same service being logged again.
  const again = await logRows(s1, [row({ date: d, start: '09:00', end: '09:40', note: '重新登记' })]);
  assert.equal(again.status, 303, again.text);
});

test('outside the window an operator can neither correct nor void; a township admin can', async () => {
  const t = await loginAs('township1');
  const d = addDays(today, -45);
  assert.equal((await logRows(t, [row({ date: d, note: '窗口外' })], { station: F.S1 })).status, 303);
  const id = await serviceId('窗口外');
  const page = await s1.get(`/station/services/${id}/edit`);
  assert.equal(page.status, 200);
  assert.match(page.text, /超过31天.*乡镇管理员/);
  assert.doesNotMatch(page.text, /name="reason"/);
  const csrf = await csrfOf(s1, '/station/services');
  assert.equal((await s1.post(`/station/services/${id}/edit`, servicePairs(csrf, [row({ date: d, note: '改窗口外' })], plain))).status, 403);
  assert.equal((await s1.post(`/station/services/${id}/void`, { csrf, reason: '试试' })).status, 403);
  assert.equal((await sql(`SELECT voided_at IS NULL, note FROM service WHERE id = ${id}`))[0].join(), '1,窗口外');
  const tc = await csrfOf(t, `/station/services/${id}/edit`);
  assert.equal((await t.post(`/station/services/${id}/void`, { csrf: tc, reason: '乡镇核实后作废' })).status, 303);
  assert.equal((await sql(`SELECT voided_at IS NOT NULL FROM service WHERE id = ${id}`))[0][0], '1');
  // An operator cannot move a recent record out of the window either.
  assert.equal((await logRows(s1, [row({ date: addDays(today, -2), start: '21:00', end: '21:10', note: '挪日期' })])).status, 303);
  const id2 = await serviceId('挪日期');
  const moved = await s1.post(`/station/services/${id2}/edit`, servicePairs(csrf, [row({ date: addDays(today, -33), start: '21:00', end: '21:10', note: '挪日期' })], plain));
  assert.equal(moved.status, 422);
  assert.match(errorOf(moved.text, 'date'), /乡镇管理员/);
});

test('scope: station2 cannot see, choose or log for station1\'s elders and records', async () => {
  assert.equal((await logRows(s1, [row({ date: addDays(today, -13), start: '09:00', end: '09:30', note: '一站私密记录' })])).status, 303);
  const id = await serviceId('一站私密记录');
  const c2 = await loginAs('station2');
  const form = await c2.get('/station/services/new');
  assert.equal(form.status, 200);
  assert.doesNotMatch(form.text, /赵一老|钱二老|周玉珍|甲志愿|丁志愿/);
  assert.match(form.text, /空山外老/);
  const list = await c2.get('/station/services');
  assert.doesNotMatch(list.text, /一站私密记录|赵一老/);
  for (const path of [`/station/services?station=${F.S1}`, `/station/services/new?station=${F.S1}`, `/station/services/${id}/edit`,
    `/station/hours?station=${F.S1}`, `/admin/export/services.csv?station=${F.S1}`]) {
    const r = await c2.get(path);
    assert.equal(r.status, 403, path);
    assert.doesNotMatch(r.text, /一站私密记录|赵一老|甲志愿/, path);
  }
  const csrf = await csrfOf(c2, '/station/services/new');
  const mine = { date: today, service_type: '1', start: '07:00', end: '07:30' };
  const e = await c2.post('/station/services/new', servicePairs(csrf, [{ ...mine, elder: E1, volunteer: [VOTHER], note: '越权老人' }]));
  assert.equal(e.status, 422);
  assert.match(errorOf(e.text, 'r1.elder'), /本站服务对象名册/);
  assert.doesNotMatch(e.text, /赵一老/);
  const v = await c2.post('/station/services/new', servicePairs(csrf, [{ ...mine, elder: EX, volunteer: [V1], note: '越权志愿者' }]));
  assert.equal(v.status, 422);
  assert.match(errorOf(v.text, 'r1.volunteer'), /本站或本乡镇/);
  const s = await c2.post('/station/services/new', servicePairs(csrf, [{ ...mine, elder: E1, volunteer: [V1], note: '越权站' }], { station: F.S1 }));
  assert.equal(s.status, 403);
  assert.equal((await c2.post(`/station/services/${id}/void`, { csrf, reason: '越权' })).status, 403);
  assert.equal((await c2.post(`/station/services/${id}/edit`, servicePairs(csrf, [row({ date: today })], plain))).status, 403);
  assert.equal(await countServices(`note LIKE '越权%'`), 0);
  assert.equal((await sql(`SELECT voided_at IS NULL FROM service WHERE id = ${id}`))[0][0], '1');
  // Its own elder with its own volunteer: fine.
  const own = await c2.post('/station/services/new', servicePairs(csrf, [{ ...mine, elder: EX, volunteer: [VOTHER], note: '二站自己的' }]));
  assert.equal(own.status, 303, own.text);
  assert.equal(await countServices(`note = '二站自己的' AND station_id = ${F.S3}`), 1);
  // The township admin of township 1 does not reach station 3's records.
  const t = await loginAs('township1');
  const own2 = await serviceId('二站自己的');
  assert.equal((await t.get(`/station/services/${own2}/edit`)).status, 403);
  assert.equal((await t.get(`/station/services?station=${F.S3}`)).status, 403);
  assert.equal((await t.get('/station/services/999999/edit')).status, 404);
});

test('service types: county admins add and retire; retired types stay on old records and are no longer offered', async () => {
  for (const u of ['station1', 'township1']) {
    const c = await loginAs(u);
    assert.equal((await c.get('/admin/service-types')).status, 403, u);
  }
  const a = await loginAs('admin');
  let csrf = await csrfOf(a, '/admin/service-types');
  for (const name of ['助餐', '助洁', '助浴', '助医', '助行', '代购代办', '精神慰藉', '健康监测', '安全巡访', '其他']) {
    assert.match((await a.get('/admin/service-types')).text, new RegExp(`>${name}<`));
  }
  const add = await a.post('/admin/service-types', { csrf, name: '理发' });
  assert.equal(add.status, 303);
  const dup = await a.post('/admin/service-types', { csrf, name: '理发' });
  assert.equal(dup.status, 422);
  assert.match(errorOf(dup.text, 'name'), /已有/);
  const empty = await a.post('/admin/service-types', { csrf, name: '' });
  assert.equal(empty.status, 422);
  const [[tid]] = await sql(`SELECT id FROM service_type WHERE name = '理发'`);
  const form = await s1.get('/station/services/new');
  assert.match(form.text, new RegExp(`<option value="${tid}">理发</option>`));
  assert.equal((await logRows(s1, [row({ date: addDays(today, -14), service_type: tid, note: '理了发' })])).status, 303);
  assert.equal((await a.post(`/admin/service-types/${tid}/retire`, { csrf })).status, 303);
  const form2 = await s1.get('/station/services/new');
  assert.doesNotMatch(form2.text, />理发</);
  const refused = await logRows(s1, [row({ date: addDays(today, -14), start: '17:00', end: '17:10', service_type: tid, note: '又理发' })]);
  assert.equal(refused.status, 422);
  assert.match(errorOf(refused.text, 'r1.service_type'), /选择服务类型/);
  const list = await s1.get(`/station/services?type=${tid}`);
  assert.match(list.text, /理了发/);
  assert.match(list.text, /理发（已停用）/);
  // A correction keeps the retired type of the record.
  const id = await serviceId('理了发');
  const scsrf = await csrfOf(s1, `/station/services/${id}/edit`);
  const keep = await s1.post(`/station/services/${id}/edit`, servicePairs(scsrf, [row({ date: addDays(today, -14), service_type: tid, note: '理了发' , end: '14:40' })], plain));
  assert.equal(keep.status, 303, keep.text);
  assert.equal((await a.post(`/admin/service-types/${tid}/restore`, { csrf })).status, 303);
  assert.match((await s1.get('/station/services/new')).text, />理发</);
  assert.equal((await a.post('/admin/service-types/999999/retire', { csrf })).status, 404);
  const audit = await sql(`SELECT action FROM audit_log WHERE entity = 'service_type' AND entity_id = ${tid} ORDER BY id`);
  assert.deepEqual(audit.map((x) => x[0]), ['service_type.create', 'service_type.retire', 'service_type.restore']);
});

test('CSV export: UTF-8 with BOM, scoped to the staff member, ID numbers masked, formulas neutralised', async () => {
  // A real elder through the form, so that its full ID number is known.
  const idnum = makeId('522630', '19401111', 777);
  let csrf = await csrfOf(s1, '/station/elders/new');
  const added = await s1.post('/station/elders/new', {
    csrf, name: '导出老人', id_number: idnum, village: F.V1, living: 'alone', contact_name: '导出联系', contact_phone: '13912349999',
  });
  assert.equal(added.status, 303, added.text);
  const [[eid]] = await sql(`SELECT id FROM elder WHERE name = '导出老人'`);
  assert.equal((await logRows(s1, [row({ date: addDays(today, -15), elder: eid, note: '=HYPERLINK("http://x","点我")' })])).status, 303);

  const read = async (c, path = '/admin/export/services.csv') => {
    const r = await getBytes(c, path);
    assert.equal(r.status, 200, path);
    assert.match(r.headers.get('content-type'), /^text\/csv; charset=utf-8/);
    assert.match(r.headers.get('content-disposition'), /attachment; filename="services.csv"/);
    assert.deepEqual([...r.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const rows = parseCsv(r.bytes.subarray(3).toString('utf8'));
    assert.equal(rows[0][0], '记录编号');
    return rows.slice(1);
  };
  const stations = (rows) => [...new Set(rows.map((x) => x[6]))].sort();
  const st1 = await read(s1);
  assert.deepEqual(stations(st1), ['新华村互助养老服务站']);
  const mine = st1.find((x) => x[7] === '导出老人');
  assert.ok(mine);
  assert.equal(mine[8], `522630********${idnum.slice(14)}`);
  assert.equal(mine[13], '\'=HYPERLINK("http://x","点我")');
  for (const x of st1) {
    assert.match(x[8], /^\d{6}\*{8}[\dX]{4}$/);
    assert.equal(x.length, 16);
  }
  const all = (await read(s1)).map((x) => x.join(','));
  assert.ok(!all.some((l) => l.includes(idnum)));
  const [[n1]] = await sql(`SELECT COUNT(*) FROM service WHERE station_id = ${F.S1}`);
  assert.equal(st1.length, Number(n1));
  assert.ok(st1.some((x) => x[14] === '已作废' && x[15] !== ''));

  const t = await loginAs('township1');
  const tw = await read(t);
  assert.deepEqual(stations(tw), ['城西村互助养老服务站', '新华村互助养老服务站'].sort());
  const [[nt]] = await sql(`SELECT COUNT(*) FROM service s JOIN station st ON st.id = s.station_id WHERE st.township_id = ${F.T1}`);
  assert.equal(tw.length, Number(nt));
  assert.equal((await getBytes(t, `/admin/export/services.csv?station=${F.S3}`)).status, 403);
  const c2 = await loginAs('station2');
  assert.deepEqual(stations(await read(c2)), ['中坝村互助养老服务站']);
  const a = await loginAs('admin');
  const everything = await read(a);
  const [[na]] = await sql('SELECT COUNT(*) FROM service');
  assert.equal(everything.length, Number(na));
  // A day the demo has services on at station 3 (two days back, even if midnight passed since it was loaded).
  const d2 = addDays(today, -2);
  const one = await read(a, `/admin/export/services.csv?station=${F.S3}&from=${d2}&to=${d2}`);
  const [[n2]] = await sql(`SELECT COUNT(*) FROM service WHERE station_id = ${F.S3} AND service_date = '${d2}'`);
  assert.ok(one.length > 0 && one.length === Number(n2), `${one.length} rows, ${n2} in the database`);
  assert.ok(one.every((x) => x[6] === '中坝村互助养老服务站' && x[1] === d2));
  assert.equal((await getBytes(a, '/admin/export/services.csv?from=yesterday')).status, 422);
});
