// Volunteer review end to end: the queue (scope, filters, paging, masked
// ID numbers), approve with a number and a station, reject with a reason,
// deactivate and reactivate, the full ID number for a county admin only,
// the public look-up and its throttle, the CSV export, and the audit trail
// each of them writes and that county admins read.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, csrfFrom, sql, BASE, demo } from './lib.mjs';
import { signedIn, csrfOf, plain, register, auditRows, releaseThrottle } from './staff-lib.mjs';

// Demo places and stations by code (lib.mjs), never by id.
const F = await demo();

const AREA = '440305';
let admin;
let township1;
let station1;
let station2;
let year;
let DEMO1; // the first demo volunteer's number (this year's)

before(async () => {
  await releaseThrottle('login_address');
  await releaseThrottle('lookup_address');
  admin = await signedIn('admin');
  township1 = await signedIn('township1');
  station1 = await signedIn('station1');
  station2 = await signedIn('station2');
  year = (await sql("SET time_zone = '+08:00'; SELECT YEAR(NOW())"))[0][0];
  DEMO1 = (await sql("SELECT number FROM volunteer WHERE number LIKE 'QS%0001' ORDER BY id LIMIT 1"))[0][0];
});

async function volunteer(id) {
  const rows = await sql(`SELECT status, COALESCE(number, ''), COALESCE(station_id, 0), COALESCE(status_reason, ''),
    COALESCE(reviewed_by, 0) FROM volunteer WHERE id = ${id}`);
  const [status, number, station, reason, reviewer] = rows[0];
  return { status, number, station, reason, reviewer };
}

async function staffId(username) {
  return (await sql(`SELECT id FROM staff WHERE username = '${username}'`))[0][0];
}

// The page of a volunteer and its CSRF token, as c sees it.
async function open(c, id) {
  const r = await c.get(`/admin/volunteers/${id}`);
  assert.equal(r.status, 200, `open ${id}: ${r.status}`);
  return { text: r.text, csrf: csrfFrom(r.text) };
}

test('the queue: pending registrations in scope, oldest first, ID numbers masked', async () => {
  const a = await register(AREA, { name: '队列甲', township: F.T1, village: F.V3 });
  const b = await register(AREA, { name: '队列乙', township: F.T2, village: F.V6 });
  const mine = await township1.get('/admin/volunteers');
  assert.equal(mine.status, 200);
  const t = plain(mine.text);
  assert.match(t, /队列甲/);
  assert.doesNotMatch(t, /队列乙/, 'another township\'s registration is not listed');
  assert.ok(!mine.text.includes(a.idNumber), 'no full ID number in the list');
  assert.ok(mine.text.includes(`${a.idNumber.slice(0, 6)}********${a.idNumber.slice(14)}`), 'masked ID number');
  assert.ok(!mine.text.includes(a.phone), 'no phone numbers in the list');
  const all = plain((await admin.get('/admin/volunteers')).text);
  assert.match(all, /队列甲/);
  assert.match(all, /队列乙/);
  const v3 = plain((await admin.get(`/admin/volunteers?village=${F.V3}`)).text);
  assert.ok(v3.indexOf('周玉珍') >= 0 && v3.indexOf('周玉珍') < v3.indexOf('队列甲'), 'oldest first');
  // Approved volunteers are not in the queue unless asked for.
  assert.doesNotMatch(all, /王秀英/);
  assert.match(plain((await admin.get('/admin/volunteers?status=approved')).text), /王秀英/);
  // A township admin asking for another township by filter still sees only its own.
  const forced = plain((await township1.get(`/admin/volunteers?township=${F.T2}&status=all`)).text);
  assert.doesNotMatch(forced, /队列乙|空山镇/);
  assert.equal((await township1.get(`/admin/volunteers/${b.id}`)).status, 403);
});

test('queue filters: status, township, village, skill, registered between; bad filters 422', async () => {
  const v = await register(AREA, { name: '筛选丙', township: F.T1, village: F.V4, skills: ['repair', 'walk'] });
  const q = async (query) => plain((await admin.get(`/admin/volunteers?${query}`)).text);
  assert.match(await q(`village=${F.V4}`), /筛选丙/);
  assert.doesNotMatch(await q(`village=${F.V3}`), /筛选丙/);
  assert.match(await q(`township=${F.T1}&skill=repair`), /筛选丙/);
  assert.doesNotMatch(await q('skill=bath'), /筛选丙/);
  assert.doesNotMatch(await q(`township=${F.T2}`), /筛选丙/);
  const today = (await sql("SET time_zone = '+08:00'; SELECT CURDATE()"))[0][0];
  assert.match(await q(`from=${today}&to=${today}`), /筛选丙/);
  assert.doesNotMatch(await q('to=2000-01-01'), /筛选丙/);
  assert.doesNotMatch(await q('status=rejected'), /筛选丙/);
  assert.match(await q(`status=all&village=${F.V4}`), /筛选丙/);
  for (const bad of ['status=maybe', 'township=x', 'village=-1', 'skill=flying', 'from=2026-13-01', 'to=yesterday', 'page=0x']) {
    const r = await admin.get(`/admin/volunteers?${bad}`);
    assert.equal(r.status, 422, bad);
    assert.match(plain(r.text), /筛选条件有误/);
  }
  assert.ok(v.id);
});

test('queue paging: 20 a page, next and previous keep the filters', async () => {
  const names = [];
  for (let i = 0; i < 23; i++) {
    const name = `分页${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${'子丑寅卯'[Math.floor(i / 10)]}`;
    names.push(name);
    await register(AREA, { name, township: F.T3, village: F.V10, skills: ['patrol'] });
  }
  const p1 = await admin.get(`/admin/volunteers?township=${F.T3}&village=${F.V10}`);
  const p2 = await admin.get(`/admin/volunteers?status=pending&township=${F.T3}&village=${F.V10}&page=2`);
  const in1 = names.filter((n) => p1.text.includes(n));
  const in2 = names.filter((n) => p2.text.includes(n));
  assert.equal(in1.length, 20);
  assert.equal(in2.length, 3);
  assert.deepEqual([...in1, ...in2].sort(), [...names].sort());
  assert.match(p1.text, new RegExp(`href="/admin/volunteers\\?status=pending&amp;township=${F.T3}&amp;village=${F.V10}&amp;page=2"`));
  assert.match(p2.text, new RegExp(`href="/admin/volunteers\\?status=pending&amp;township=${F.T3}&amp;village=${F.V10}&amp;page=1"`));
  assert.doesNotMatch(p2.text, /下一页/);
});

test('approve: a station of the volunteer\'s township is required; the number is unique; audited', async () => {
  const v = await register(AREA, { name: '审核丁', township: F.T1, village: F.V2 });
  const page = await open(township1, v.id);
  assert.match(plain(page.text), /待审核/);
  assert.ok(page.text.includes(`${v.idNumber.slice(0, 6)}********${v.idNumber.slice(14)}`));
  assert.ok(!page.text.includes(v.idNumber), 'the detail page masks the ID number too');
  assert.match(plain(page.text), new RegExp(v.phone));
  const viewed = await auditRows(`a.action = 'view' AND a.entity = 'volunteer' AND a.entity_id = ${v.id}`);
  assert.equal(viewed.length, 1, 'the full record view is audited');
  assert.equal(viewed[0][3], 'township1');
  assert.equal(viewed[0][4], '127.0.0.1');

  const none = await township1.post(`/admin/volunteers/${v.id}/approve`, { csrf: page.csrf });
  assert.equal(none.status, 422);
  assert.match(plain(none.text), /请选择这名志愿者所属的服务站/);
  const other = await township1.post(`/admin/volunteers/${v.id}/approve`, { csrf: page.csrf, station: F.S3 });
  assert.equal(other.status, 422);
  assert.match(plain(other.text), /所在乡镇的服务站/);
  const junk = await township1.post(`/admin/volunteers/${v.id}/approve`, { csrf: page.csrf, station: 'x' });
  assert.equal(junk.status, 422);
  assert.equal((await volunteer(v.id)).status, 'pending');

  const ok = await township1.post(`/admin/volunteers/${v.id}/approve`, { csrf: page.csrf, station: F.S2 });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), `/admin/volunteers/${v.id}?done=approve`);
  const after = await volunteer(v.id);
  assert.equal(after.status, 'approved');
  assert.equal(after.station, '2');
  assert.equal(after.reviewer, await staffId('township1'));
  assert.match(after.number, new RegExp(`^QS${year}\\d{4}$`));
  const numbers = await sql("SELECT COUNT(*), COUNT(DISTINCT number) FROM volunteer WHERE number IS NOT NULL");
  assert.equal(numbers[0][0], numbers[0][1]);
  const shown = await township1.get(ok.headers.get('location'));
  assert.match(plain(shown.text), /已审核通过/);
  assert.match(plain(shown.text), new RegExp(after.number));
  const rows = await auditRows(`a.action = 'approve' AND a.entity_id = ${v.id}`);
  assert.equal(rows.length, 1);
  assert.equal(rows[0][3], 'township1');
  assert.match(rows[0][5], /^status=pending; number=; station=0/);
  assert.match(rows[0][6], new RegExp(`^status=approved; number=${after.number}; station=${F.S2}`));
  // Approving twice: refused, the number stays.
  const again = await township1.post(`/admin/volunteers/${v.id}/approve`, { csrf: page.csrf, station: F.S1 });
  assert.equal(again.status, 409);
  assert.deepEqual(await volunteer(v.id), after);
});

test('numbers: approvals at the same moment get distinct, consecutive numbers', async () => {
  const vs = [];
  for (let i = 0; i < 6; i++) vs.push(await register(AREA, { name: '并发审核', township: F.T2, village: F.V7 }));
  const csrf = await csrfOf(admin, '/admin/volunteers');
  const res = await Promise.all(vs.map((v) => admin.post(`/admin/volunteers/${v.id}/approve`, { csrf, station: F.S3 })));
  for (const r of res) assert.equal(r.status, 303);
  const nums = [];
  for (const v of vs) nums.push(Number((await volunteer(v.id)).number.slice(6)));
  nums.sort((x, y) => x - y);
  assert.equal(new Set(nums).size, 6);
  assert.equal(nums[5] - nums[0], 5, 'no gaps, no repeats');
  // The sequence continues after the demo numbers QS…0001-0008, which are this year's whatever the year.
  assert.equal(DEMO1, `QS${year}0001`);
  assert.ok(nums[0] > 8);
});

test('reject needs a reason; the volunteer sees it in the look-up; audited', async () => {
  const v = await register(AREA, { name: '审核戊', township: F.T1, village: F.V1 });
  const page = await open(township1, v.id);
  const empty = await township1.post(`/admin/volunteers/${v.id}/reject`, { csrf: page.csrf, reason: '  ' });
  assert.equal(empty.status, 422);
  assert.match(plain(empty.text), /请填写不通过的原因/);
  const long = await township1.post(`/admin/volunteers/${v.id}/reject`, { csrf: page.csrf, reason: '长'.repeat(201) });
  assert.equal(long.status, 422);
  assert.match(plain(long.text), /200/);
  const reason = '年龄超过本站志愿者上限，<b>欢迎</b>以其他方式参与';
  const r = await township1.post(`/admin/volunteers/${v.id}/reject`, { csrf: page.csrf, reason });
  assert.equal(r.status, 303);
  const after = await volunteer(v.id);
  assert.equal(after.status, 'rejected');
  assert.equal(after.reason, reason);
  assert.equal(after.number, '');
  const shown = await township1.get(`/admin/volunteers/${v.id}`);
  assert.ok(shown.text.includes('&lt;b&gt;欢迎&lt;/b&gt;'), 'the reason is shown as text');
  const rows = await auditRows(`a.action = 'reject' AND a.entity_id = ${v.id}`);
  assert.equal(rows.length, 1);
  assert.match(rows[0][6], /status=rejected.*reason=年龄超过/);
  // Rejecting again, or deactivating a rejected one: 409.
  assert.equal((await township1.post(`/admin/volunteers/${v.id}/reject`, { csrf: page.csrf, reason: 'x' })).status, 409);
  assert.equal((await township1.post(`/admin/volunteers/${v.id}/deactivate`, { csrf: page.csrf })).status, 409);
  // A look-up with the ID number and phone shows the reason.
  const c = new Client();
  const form = await c.get('/volunteer/lookup');
  const lk = await c.post('/volunteer/lookup', { csrf: csrfFrom(form.text), number: v.idNumber, phone: v.phone });
  assert.equal(lk.status, 200);
  assert.match(plain(lk.text), /未通过/);
  assert.match(plain(lk.text), /年龄超过本站志愿者上限/);
  // A rejected registration can still be approved after a second look.
  const ok = await township1.post(`/admin/volunteers/${v.id}/approve`, { csrf: page.csrf, station: F.S1 });
  assert.equal(ok.status, 303);
  assert.equal((await volunteer(v.id)).reason, '');
});

test('deactivate and reactivate keep the number and the station; audited', async () => {
  const v = await register(AREA, { name: '审核己', township: F.T1, village: F.V1 });
  const page = await open(admin, v.id);
  assert.equal((await admin.post(`/admin/volunteers/${v.id}/reactivate`, { csrf: page.csrf })).status, 409);
  assert.equal((await admin.post(`/admin/volunteers/${v.id}/approve`, { csrf: page.csrf, station: F.S1 })).status, 303);
  const approved = await volunteer(v.id);
  const off = await admin.post(`/admin/volunteers/${v.id}/deactivate`, { csrf: page.csrf, reason: '外出务工' });
  assert.equal(off.status, 303);
  let now = await volunteer(v.id);
  assert.equal(now.status, 'inactive');
  assert.equal(now.reason, '外出务工');
  assert.equal(now.number, approved.number);
  const on = await admin.post(`/admin/volunteers/${v.id}/reactivate`, { csrf: page.csrf });
  assert.equal(on.status, 303);
  now = await volunteer(v.id);
  assert.equal(now.status, 'approved');
  assert.equal(now.number, approved.number);
  assert.equal(now.station, approved.station);
  assert.equal(now.reason, '');
  for (const action of ['approve', 'deactivate', 'reactivate']) {
    const rows = await auditRows(`a.action = '${action}' AND a.entity_id = ${v.id}`);
    assert.equal(rows.length, 1, action);
    assert.equal(rows[0][3], 'admin');
  }
});

test('the full ID number: county admin only, on request, audited', async () => {
  const v = await register(AREA, { name: '身份证查看', township: F.T1, village: F.V1 });
  const page = await open(admin, v.id);
  assert.ok(!page.text.includes(v.idNumber));
  assert.match(page.text, /查看完整身份证号码/);
  const r = await admin.post(`/admin/volunteers/${v.id}/id-number`, { csrf: page.csrf });
  assert.equal(r.status, 200);
  assert.ok(r.text.includes(v.idNumber), 'the full number is shown');
  assert.equal(r.headers.get('cache-control'), 'no-store');
  const rows = await auditRows(`a.action = 'view_id_number' AND a.entity_id = ${v.id}`);
  assert.equal(rows.length, 1);
  assert.equal(rows[0][3], 'admin');
  assert.ok(!rows[0].join(' ').includes(v.idNumber), 'the number itself is not in the audit trail');
  // Township admins get neither the button nor the number.
  const tp = await open(township1, v.id);
  assert.doesNotMatch(tp.text, /查看完整身份证号码/);
  const t = await township1.post(`/admin/volunteers/${v.id}/id-number`, { csrf: tp.csrf });
  assert.equal(t.status, 403);
  assert.ok(!t.text.includes(v.idNumber));
  assert.equal((await admin.get(`/admin/volunteers/${v.id}/id-number`)).status, 405);
});

test('out of scope: another township\'s record is 403 for reading and every action, and nothing changes', async () => {
  const v = await register(AREA, { name: '越权测试', township: F.T2, village: F.V5 });
  const csrf = await csrfOf(township1, '/admin/volunteers');
  const r = await township1.get(`/admin/volunteers/${v.id}`);
  assert.equal(r.status, 403);
  assert.doesNotMatch(r.text, /越权测试/);
  for (const [action, body] of [['approve', { station: F.S3 }], ['reject', { reason: 'x' }], ['deactivate', {}], ['reactivate', {}]]) {
    const p = await township1.post(`/admin/volunteers/${v.id}/${action}`, { csrf, ...body });
    assert.equal(p.status, 403, action);
  }
  assert.equal((await volunteer(v.id)).status, 'pending');
  assert.equal((await auditRows(`a.entity = 'volunteer' AND a.entity_id = ${v.id}`)).length, 0, 'no view was logged either');
  // Station operators do not review at all.
  assert.equal((await station1.get('/admin/volunteers')).status, 403);
  assert.equal((await station1.get(`/admin/volunteers/${v.id}`)).status, 403);
});

// Raw bytes of a download as the signed-in client c.
async function download(c, path) {
  const res = await fetch(`${BASE}${path}`, { headers: { Cookie: c.cookieHeader(path) }, redirect: 'manual' });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

// Splits RFC 4180 CSV text into rows of cells.
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; } else cell += ch;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

test('CSV export: UTF-8 with BOM, masked, scoped, escaped against formulas; audited', async () => {
  const evil = await register(AREA, { name: '导出测试', township: F.T1, village: F.V2, address: '=HYPERLINK("http://x","点我"),1' });
  const plus = await register(AREA, { name: '导出加号', township: F.T1, village: F.V2, address: '+86 "3组"' });
  const far = await register(AREA, { name: '导出远方', township: F.T2, village: F.V5 });
  const r = await download(admin, '/admin/export/volunteers.csv');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'text/csv; charset=utf-8');
  assert.match(r.headers.get('content-disposition'), /^attachment; filename="volunteers-\d{8}\.csv"; filename\*=UTF-8''%E9%80%9A%E6%B1%9F%E5%8E%BF-volunteers-\d{8}\.csv$/);
  assert.deepEqual([...r.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'starts with a byte order mark');
  const text = r.bytes.subarray(3).toString('utf8');
  assert.ok(text.endsWith('\r\n'));
  const rows = parseCsv(text);
  assert.equal(rows[0][0], '志愿者编号');
  assert.equal(rows[0][2], '身份证号码（部分隐藏）');
  for (const row of rows) assert.equal(row.length, rows[0].length);
  // No full ID number of any volunteer: only masks.
  const count = Number((await sql('SELECT COUNT(*) FROM volunteer'))[0][0]);
  assert.equal(rows.length - 1, count, 'every volunteer, one row each');
  for (const row of rows.slice(1)) assert.match(row[2], /^\d{6}\*{8}\d{3}[\dX]$/);
  for (const v of [evil, plus, far]) assert.ok(!text.includes(v.idNumber), 'no full ID number');
  const byName = (n) => rows.find((row) => row[1] === n);
  assert.equal(byName('导出测试')[8], '\'=HYPERLINK("http://x","点我"),1');
  assert.ok(text.includes('"\'=HYPERLINK(""http://x"",""点我""),1"'), 'quoted, quotes doubled, formula defused');
  assert.equal(byName('导出加号')[8], '\'+86 "3组"');
  assert.equal(byName('导出测试')[12], '待审核');
  assert.equal(byName('王秀英')[0], DEMO1);
  assert.equal(byName('王秀英')[9], '新华村互助养老服务站');
  assert.ok(byName('导出远方'));
  const audit = await auditRows("a.action = 'export' AND s.username = 'admin'");
  assert.ok(audit.length >= 1);
  assert.match(audit.at(-1)[6], /^rows=\d+; status=all(; |$)/);

  // A township admin exports its township only; filters apply.
  const t = parseCsv((await download(township1, '/admin/export/volunteers.csv')).bytes.subarray(3).toString('utf8'));
  assert.ok(t.find((row) => row[1] === '导出测试'));
  assert.ok(!t.find((row) => row[1] === '导出远方'));
  assert.ok(t.length > 1);
  assert.ok(t.slice(1).every((row) => row[6] === '诺江镇'));
  const f = parseCsv((await download(admin, `/admin/export/volunteers.csv?status=approved&township=${F.T2}`)).bytes.subarray(3).toString('utf8'));
  assert.ok(f.length > 1);
  assert.ok(f.slice(1).every((row) => row[6] === '空山镇' && row[12] === '已通过'));
  // A station operator exports the volunteers of its own station.
  const s = parseCsv((await download(station1, '/admin/export/volunteers.csv')).bytes.subarray(3).toString('utf8'));
  assert.ok(s.length > 1);
  assert.ok(s.slice(1).every((row) => row[9] === '新华村互助养老服务站'));
  const s2 = parseCsv((await download(station2, '/admin/export/volunteers.csv')).bytes.subarray(3).toString('utf8'));
  assert.ok(s2.length > 1);
  assert.ok(s2.slice(1).every((row) => row[9] === '中坝村互助养老服务站'));
  assert.ok(!s2.find((row) => row[1] === '王秀英'));
  // Bad filters and anonymous visitors get no file.
  assert.equal((await download(admin, '/admin/export/volunteers.csv?from=x')).status, 422);
  assert.equal((await download(new Client(), '/admin/export/volunteers.csv')).status, 303);
});

test('look-up: the number with the phone shows status, station and hours; the ID number with it the status alone', async () => {
  const c = new Client();
  const form = await c.get('/volunteer/lookup');
  assert.equal(form.status, 200);
  for (const name of ['number', 'phone', 'csrf']) assert.match(form.text, new RegExp(`name="${name}"`));
  const csrf = csrfFrom(form.text);
  const r = await c.post('/volunteer/lookup', { csrf, number: DEMO1.toLowerCase(), phone: '13800000001' });
  assert.equal(r.status, 200);
  const t = plain(r.text);
  assert.match(t, /王秀英/);
  assert.match(t, /已通过/);
  assert.ok(t.includes(DEMO1), 'the number is shown');
  assert.match(t, /新华村互助养老服务站/);
  // Hours to date: every non-void service the volunteer was in, rounded
  // to a tenth of an hour, the same figure the station pages show.
  const [[minutes]] = await sql(`SELECT COALESCE(SUM(s.minutes), 0) FROM service s
    JOIN service_volunteer sv ON sv.service_id = s.id JOIN volunteer v ON v.id = sv.volunteer_id
    WHERE v.number = '${DEMO1}' AND s.voided_at IS NULL`);
  assert.ok(Number(minutes) > 0, 'the demo volunteer has services');
  const hours = (Math.floor((Number(minutes) * 10 + 30) / 60) / 10).toFixed(1);
  assert.match(t, new RegExp(`累计服务时长 ${hours.replace('.', '\\.')} 小时`));
  assert.match(r.text, /<form[^>]*action="\/volunteer\/lookup"[\s\S]*?name="period"/, 'the certificate can be issued from here');
  assert.doesNotMatch(r.text, /522630\d{8}/, 'never the ID number');
  const v = await register(AREA, { name: '查询测试', township: F.T1, village: F.V1 });
  const p = await c.post('/volunteer/lookup', { csrf, id_number: v.idNumber, phone: v.phone });
  assert.equal(p.status, 200);
  assert.match(plain(p.text), /待审核/);
  // Found by ID number (anyone who registered with it and their own phone could ask): the outcome
  // alone, never the name, station or hours.
  assert.doesNotMatch(plain(p.text), /查询测试|累计服务时长|报名日期/);
  // Invalid input: 422, not counted as a guess.
  const bad = await c.post('/volunteer/lookup', { csrf, number: DEMO1, phone: '12345' });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /id="phone-error"/);
  const none = await c.post('/volunteer/lookup', { csrf, number: '', phone: '13800000001' });
  assert.equal(none.status, 422);
  assert.match(plain(none.text), /请填写志愿者编号或身份证号码/);
  assert.equal((await c.post('/volunteer/lookup', { number: DEMO1, phone: '13800000001' })).status, 403);
});

test('look-up: a wrong pair gets one neutral answer, and ten of them hold the address', async () => {
  await releaseThrottle('lookup_address');
  const c = new Client();
  const csrf = csrfFrom((await c.get('/volunteer/lookup')).text);
  const strip = (html) => plain(html).replace(/QS\d+|1\d{10}/g, '');
  const wrongPhone = await c.post('/volunteer/lookup', { csrf, number: DEMO1, phone: '13800000002' });
  const noNumber = await c.post('/volunteer/lookup', { csrf, number: 'QS20999999', phone: '13800000001' });
  assert.equal(wrongPhone.status, 200);
  assert.equal(noNumber.status, 200);
  assert.match(plain(wrongPhone.text), /没有查到与这组信息相符的志愿者/);
  assert.equal(strip(wrongPhone.text), strip(noNumber.text), 'the same answer whichever half was wrong');
  assert.doesNotMatch(plain(wrongPhone.text), /王秀英/);
  for (let i = 0; i < 8; i++) {
    const r = await c.post('/volunteer/lookup', { csrf, number: `QS2099${String(i).padStart(4, '0')}`, phone: '13800000001' });
    assert.equal(r.status, 200);
  }
  const held = await c.post('/volunteer/lookup', { csrf, number: DEMO1, phone: '13800000001' });
  assert.equal(held.status, 429, 'even a right pair during the hold');
  assert.match(plain(held.text), /查询次数太多了.*请在 \d\d:\d\d 以后再试/);
  assert.doesNotMatch(plain(held.text), /王秀英/);
  await sql("UPDATE throttle SET at = at - INTERVAL 16 MINUTE WHERE kind = 'lookup_address'");
  const ok = await c.post('/volunteer/lookup', { csrf, number: DEMO1, phone: '13800000001' });
  assert.equal(ok.status, 200);
  assert.match(plain(ok.text), /王秀英/);
  await releaseThrottle('lookup_address');
});

test('audit trail: county admins read it with filters and paging; others cannot', async () => {
  const r = await admin.get('/admin/audit?action=approve&entity=volunteer');
  assert.equal(r.status, 200);
  const t = plain(r.text);
  // Actions by their Chinese names (70-friction reads the page in full).
  assert.match(r.text, /class="action">审核通过</);
  assert.match(t, /township1/);
  assert.doesNotMatch(r.text, /class="action">(?!审核通过<)/);
  const tid = await staffId('township1');
  const mine = plain((await admin.get(`/admin/audit?staff=${tid}`)).text);
  assert.match(mine, /township1/);
  assert.doesNotMatch(mine, / admin 127/);
  const today = (await sql("SET time_zone = '+08:00'; SELECT CURDATE()"))[0][0];
  assert.match((await admin.get(`/admin/audit?from=${today}&to=${today}&action=login`)).text, /class="action">登录</);
  assert.match(plain((await admin.get('/admin/audit?to=2000-01-01')).text), /没有符合条件的记录/);
  // Fifty views of one record, and the pager appears.
  const v = await register(AREA, { name: '翻页记录', township: F.T1, village: F.V1 });
  for (let i = 0; i < 51; i++) assert.equal((await admin.get(`/admin/volunteers/${v.id}`)).status, 200);
  const page1 = await admin.get(`/admin/audit?action=view&entity_id=${v.id}`);
  assert.equal((page1.text.match(/<tr>/g) || []).length, 51, 'a header and 50 rows');
  assert.ok(page1.text.includes(`href="/admin/audit?action=view&amp;entity_id=${v.id}&amp;page=2"`));
  const page2 = await admin.get(`/admin/audit?action=view&entity_id=${v.id}&page=2`);
  assert.equal(page2.status, 200);
  assert.equal((page2.text.match(/<tr>/g) || []).length, 2, 'a header and the 51st row');
  assert.match(page2.text, /上一页/);
  assert.doesNotMatch(page2.text, /下一页/);
  for (const bad of ['from=2026-02-30', 'staff=abc', 'entity_id=-3', `action=${'x'.repeat(41)}`]) {
    assert.equal((await admin.get(`/admin/audit?${bad}`)).status, 422, bad);
  }
  assert.equal((await township1.get('/admin/audit')).status, 403);
  assert.equal((await station1.get('/admin/audit')).status, 403);
  // Every kind of staff write this suite made has left rows.
  const kinds = (await sql('SELECT DISTINCT action FROM audit_log')).map((x) => x[0]);
  for (const a of ['login', 'view', 'approve', 'reject', 'deactivate', 'reactivate', 'view_id_number', 'export']) {
    assert.ok(kinds.includes(a), a);
  }
});

test('the detail page shows a volunteer\'s hours to date and this year, as the station pages count them', async () => {
  const admin = await signedIn('admin');
  const [[id, total, year]] = await sql(`SELECT v.id, COALESCE(SUM(s.minutes), 0),
      COALESCE(SUM(CASE WHEN s.service_date >= DATE_FORMAT(NOW(), '%Y-01-01') THEN s.minutes END), 0)
    FROM volunteer v LEFT JOIN service_volunteer sv ON sv.volunteer_id = v.id
    LEFT JOIN service s ON s.id = sv.service_id AND s.voided_at IS NULL
    WHERE v.number = '${DEMO1}' GROUP BY v.id`);
  const text = (m) => (Math.floor((Number(m) * 10 + 30) / 60) / 10).toFixed(1);
  const r = await admin.get(`/admin/volunteers/${id}`);
  assert.equal(r.status, 200);
  assert.ok(plain(r.text).includes(`累计 ${text(total)} 小时，今年 ${text(year)} 小时`), plain(r.text));
});
