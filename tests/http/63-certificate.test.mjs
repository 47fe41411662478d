// The volunteer service certificate (志愿服务记录证明): its hours against an independent computation
// from the service rows, the register (numbers, re-issue supersedes, revoke audited), the QR code
// decoded with zbarimg to the verification address, verification of genuine, superseded, revoked
// and made-up certificates (404, then 429 under the guessing throttle), scope, and the volunteer's
// own certificate from the look-up.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, BASE, csrfFrom, demo, sql, sqlString } from './lib.mjs';
import { loginAs, csrfOf, serverToday, addDays, newVolunteer, newElder, servicePairs } from './services-helpers.mjs';
import { auditRows, plain, releaseThrottle } from './staff-lib.mjs';

const F = await demo();
let admin, town1, op1, today, year;
let A, B, C, other, pending, elder, types, adminName;
const PHONE_A = '13912340001';

// Minutes of "HH:MM".."HH:MM".
const span = (start, end) => {
  const m = (t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  return m(end) - m(start);
};

// The volunteer's hours for from..to (YYYY-MM-DD, null: open) computed here from the service rows:
// each live service the volunteer is on counts its start-to-end minutes in full; voided ones not.
async function expectedMinutes(volunteer, from, to) {
  const rows = await sql(`SELECT DATE_FORMAT(s.service_date, '%Y-%m-%d'), TIME_FORMAT(s.start_time, '%H:%i'),
      TIME_FORMAT(s.end_time, '%H:%i'), s.voided_at IS NOT NULL
    FROM service s JOIN service_volunteer sv ON sv.service_id = s.id WHERE sv.volunteer_id = ${volunteer}`);
  let total = 0;
  for (const [date, start, end, voided] of rows) {
    if (voided === '1') continue;
    if (from && date < from) continue;
    if (to && date > to) continue;
    total += span(start, end);
  }
  return total;
}

// "12.5" as the pages write hours: tenths of an hour, rounded half up, always one decimal.
const hours = (minutes) => {
  const tenths = Math.floor((minutes * 10 + 30) / 60);
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
};

// Issues through the volunteer's staff page; returns the redirect's path.
async function issue(c, volunteer, fields) {
  const csrf = await csrfOf(c, `/admin/volunteers/${volunteer}`);
  const r = await c.post(`/admin/volunteers/${volunteer}/certificate`, { csrf, ...fields });
  assert.equal(r.status, 303, `issue: ${r.status} ${plain(r.text).slice(0, 300)}`);
  const where = r.headers.get('location');
  assert.match(where, /^\/volunteer\/certificate\/\d{4}-\d{6}-[A-Za-z0-9_-]{22}$/);
  return where;
}

// The register row of a certificate number.
async function row(number) {
  const rows = await sql(`SELECT id, volunteer_id, status, COALESCE(superseded_by, 0), minutes, check_code,
      COALESCE(DATE_FORMAT(period_from, '%Y-%m-%d'), ''), COALESCE(DATE_FORMAT(period_to, '%Y-%m-%d'), ''),
      issued_via, COALESCE(issued_by, 0), access_code
    FROM certificate WHERE number = ${sqlString(number)}`);
  assert.equal(rows.length, 1, `certificate ${number} in the register`);
  const [id, volunteer, status, supersededBy, minutes, check, from, to, via, by, access] = rows[0];
  return { id, volunteer, status, supersededBy, minutes: Number(minutes), check, from, to, via, by, access };
}

const numberOf = (where) => /\/(\d{4}-\d{6})-/.exec(where)[1];

// The QR code of a certificate page, decoded by zbarimg from a PNG rendered by rsvg-convert.
function decodeQr(html) {
  const m = /<svg[^>]*class="qr"[\s\S]*?<\/svg>/.exec(html);
  assert.ok(m, 'the certificate carries an inline SVG QR code');
  const dir = mkdtempSync(path.join(tmpdir(), 'lx-qr-'));
  try {
    let svg = m[0];
    if (!/xmlns=/.test(svg)) svg = svg.replace('<svg', '<svg xmlns="http://www.w3.org/2000/svg"');
    writeFileSync(path.join(dir, 'qr.svg'), svg);
    execFileSync('rsvg-convert', ['-w', '400', '-h', '400', '-b', 'white', '-o', path.join(dir, 'qr.png'),
      path.join(dir, 'qr.svg')]);
    return execFileSync('zbarimg', ['--raw', '-q', path.join(dir, 'qr.png')], { encoding: 'utf8' }).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

before(async () => {
  await releaseThrottle('class_code');
  await releaseThrottle('lookup_address');
  admin = await loginAs('admin');
  [[adminName]] = await sql("SELECT display_name FROM staff WHERE username = 'admin'");
  town1 = await loginAs('township1');
  op1 = await loginAs('station1');
  today = await serverToday(op1);
  year = today.slice(0, 4);
  A = await newVolunteer({ station: F.S1, township: F.T1, village: F.V1, name: '证明甲' });
  B = await newVolunteer({ station: F.S1, township: F.T1, village: F.V1, name: '证明乙' });
  C = await newVolunteer({ station: F.S1, township: F.T1, village: F.V1, name: '证明丙' });
  other = await newVolunteer({ station: F.S3, township: F.T2, village: F.V5, name: '空山志愿者' });
  await sql(`UPDATE volunteer SET phone = '${PHONE_A}' WHERE id = ${A}`);
  pending = (await sql(`INSERT INTO volunteer (name, id_cipher, id_hash, id_mask, sex, birth_date, phone, township_id,
      village_id, status, consent_version, consent_at) VALUES ('待审志愿者', RANDOM_BYTES(40), RANDOM_BYTES(32),
      '522630********0000', 'F', '1970-01-01', '13900000009', ${F.T1}, ${F.V1}, 'pending', 'test', NOW());
    SELECT LAST_INSERT_ID();`))[0][0];
  elder = await newElder({ station: F.S1, village: F.V1, name: '证明老人' });
  types = (await sql('SELECT id FROM service_type WHERE active = 1 ORDER BY id LIMIT 3')).map((r) => r[0]);

  // Through the form: A and B together (each credited in full), A alone, B alone; one of A's voided.
  const csrf = await csrfOf(op1, '/station/services/new');
  const d1 = addDays(today, -2);
  const r = await op1.post('/station/services/new', servicePairs(csrf, [
    { date: d1, elder, service_type: types[0], volunteer: [A, B], start: '08:00', end: '09:25', signed: true, note: '证明测试一' },
    { date: d1, elder, service_type: types[1], volunteer: [A], start: '10:00', end: '10:50', note: '证明测试二' },
    { date: today, elder, service_type: types[2], volunteer: [A], start: '07:00', end: '07:40', note: '证明测试三' },
    { date: today, elder, service_type: types[0], volunteer: [B], start: '09:00', end: '09:35', note: '证明测试四' },
  ]));
  assert.equal(r.status, 303, plain(r.text).slice(0, 400));
  const [[voidId]] = await sql(`SELECT id FROM service WHERE note = '证明测试三' AND elder_id = ${elder}`);
  const vcsrf = await csrfOf(op1, '/station/services');
  const v = await op1.post(`/station/services/${voidId}/void`, { csrf: vcsrf, reason: '登记重复' });
  assert.equal(v.status, 303);
  // Older services, straight into the table: last year (outside "this year"), and on 1 January.
  const last = `${Number(year) - 1}-06-15`;
  for (const [date, start, end, vols] of [[last, '08:00', '10:00', [A]], [`${year}-01-01`, '14:00', '14:45', [A, B]],
    [`${Number(year) - 1}-12-31`, '15:00', '15:20', [A]]]) {
    const [[id]] = await sql(`INSERT INTO service (station_id, elder_id, service_type_id, service_date, start_time, end_time,
        minutes, elder_signed, note) VALUES (${F.S1}, ${elder}, ${types[1]}, '${date}', '${start}', '${end}',
        ${span(start, end)}, 1, '证明测试旧'); SELECT LAST_INSERT_ID();`);
    await sql(`INSERT INTO service_volunteer (service_id, volunteer_id) VALUES ${vols.map((x) => `(${id}, ${x})`).join(',')}`);
  }
});

test('the certificate states the hours of its period, computed independently from the service rows', async () => {
  for (const [volunteer, period, from, to] of [
    [A, 'this_year', `${year}-01-01`, `${year}-12-31`],
    [A, 'last_year', `${Number(year) - 1}-01-01`, `${Number(year) - 1}-12-31`],
    [A, 'all', null, null],
    [B, 'this_year', `${year}-01-01`, `${year}-12-31`],
    [B, 'dates', addDays(today, -2), addDays(today, -2)],
  ]) {
    const fields = period === 'dates' ? { period, from, to } : { period };
    const where = await issue(admin, volunteer, fields);
    const reg = await row(numberOf(where));
    const want = await expectedMinutes(volunteer, from, to);
    assert.ok(want > 0, `${period}: the fixture gives hours`);
    assert.equal(reg.minutes, want, `${volunteer} ${period}: register minutes`);
    assert.equal(reg.from, from ?? '');
    assert.equal(reg.to, to ?? '');
    const page = await new Client().get(where);
    assert.equal(page.status, 200);
    const text = plain(page.text);
    assert.match(text, new RegExp(`累计服务时长 ${hours(want).replace('.', '\\.')} 小时`), `${period}: hours on the page`);
    // The period as printed: one that ends after the day of issue (this year's) reads up to that day.
    const shown = { this_year: `${year}-01-01 至 ${today}`, last_year: `${from} 至 ${to}`,
      all: `截至 ${today} 的全部服务`, dates: `${from} 至 ${to}` }[period];
    assert.ok(text.includes(`于 ${shown} 期间`), `${period}: the period reads ${shown}`);
    assert.match(text, /通江县民政局/);
    assert.match(text, /居民身份证/);
    assert.match(text, /522630\*{8}0000/, 'the ID number masked');
    assert.match(text, new RegExp(numberOf(where)));
    assert.match(text, new RegExp(`经办人 ${adminName}`), 'the handling officer');
    assert.doesNotMatch(page.text, /<script/i);
    assert.match(page.text, /\/static\/print\.css/);
  }
  // What was done, by type: the rows add up to the certificate.
  const [[id]] = await sql(`SELECT id FROM certificate WHERE volunteer_id = ${A} AND period_from IS NULL`);
  const [[sum, n]] = await sql(`SELECT SUM(minutes), SUM(services) FROM certificate_type WHERE certificate_id = ${id}`);
  assert.equal(Number(sum), await expectedMinutes(A, null, null));
  assert.equal(Number(n), 5, 'A: five live services in all (the voided one left out)');
});

test('the QR code decodes to the verification address, which shows the certificate as genuine', async () => {
  const where = await issue(admin, A, { period: 'dates', from: `${year}-01-01`, to: today });
  const reg = await row(numberOf(where));
  const page = await new Client().get(where);
  const url = decodeQr(page.text);
  assert.equal(url, `${BASE}/verify/${numberOf(where)}-${reg.check}`);
  assert.notEqual(reg.check, reg.access.slice(0, 16), 'the check code is not the private one');
  const v = await new Client().get(new URL(url).pathname);
  assert.equal(v.status, 200);
  const text = plain(v.text);
  assert.match(text, /真实有效/);
  assert.match(text, new RegExp(numberOf(where)));
  assert.match(text, /证\*/, 'the name masked');
  assert.doesNotMatch(text, /证明甲/, 'not the full name');
  assert.doesNotMatch(v.text, /522630/, 'no ID number');
  assert.match(text, new RegExp(`${hours(reg.minutes).replace('.', '\\.')} 小时`));
  assert.match(text, /状态 有效/);

  // A configured address wins over the request's Host.
  await sql("UPDATE county_setting SET value = 'https://laoxiao.example.cn/' WHERE name = 'public_url'");
  try {
    const again = await new Client().get(where);
    assert.equal(decodeQr(again.text), `https://laoxiao.example.cn/verify/${numberOf(where)}-${reg.check}`);
  } finally {
    await sql("UPDATE county_setting SET value = '' WHERE name = 'public_url'");
  }
});

test('a re-issue for the same period gets a new number and supersedes the old one', async () => {
  const first = await issue(admin, C, { period: 'all' });
  const second = await issue(town1, C, { period: 'all' });
  const old = await row(numberOf(first));
  const now = await row(numberOf(second));
  assert.notEqual(numberOf(first), numberOf(second));
  assert.equal(old.status, 'superseded');
  assert.equal(old.supersededBy, now.id);
  assert.equal(now.status, 'valid');
  const [[valid]] = await sql(`SELECT COUNT(*) FROM certificate WHERE volunteer_id = ${C} AND status = 'valid'
    AND period_from IS NULL AND period_to IS NULL`);
  assert.equal(valid, '1');
  // Another period leaves it alone.
  await issue(admin, C, { period: 'this_year' });
  assert.equal((await row(numberOf(second))).status, 'valid');
  const v = await new Client().get(`/verify/${numberOf(first)}-${old.check}`);
  assert.equal(v.status, 200);
  assert.match(plain(v.text), /已被新证明替代/);
  assert.match(plain(v.text), new RegExp(numberOf(second)));
  const p = await new Client().get(first);
  assert.match(plain(p.text), /已被新证明替代/);
  const audit = await auditRows(`a.action = 'certificate.issue' AND a.entity_id = ${now.id}`);
  assert.equal(audit.length, 1);
  assert.equal(audit[0][3], 'township1');
  assert.match(audit[0][6], /superseded=1/);
});

test('staff in scope revoke with a reason, audited; verification then says revoked', async () => {
  const where = await issue(admin, B, { period: 'last_year' });
  const reg = await row(numberOf(where));
  const csrf = await csrfOf(town1, `/admin/volunteers/${B}`);
  const empty = await town1.post(`/admin/certificates/${reg.id}/revoke`, { csrf, revoke_reason: ' ' });
  assert.equal(empty.status, 422);
  assert.match(plain(empty.text), /请填写撤销的原因/);
  assert.equal((await row(numberOf(where))).status, 'valid', 'nothing changed');
  const r = await town1.post(`/admin/certificates/${reg.id}/revoke`, { csrf, revoke_reason: '期间填错，重新开具' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/admin/volunteers/${B}?done=revoke`);
  assert.equal((await row(numberOf(where))).status, 'revoked');
  const audit = await auditRows(`a.action = 'certificate.revoke' AND a.entity_id = ${reg.id}`);
  assert.equal(audit.length, 1);
  assert.equal(audit[0][3], 'township1');
  assert.match(audit[0][6], /期间填错/);
  const v = await new Client().get(`/verify/${numberOf(where)}-${reg.check}`);
  assert.equal(v.status, 200);
  assert.match(plain(v.text), /已撤销/);
  assert.doesNotMatch(plain(v.text), /期间填错/, 'the reason is for staff');
  const page = await town1.get(`/admin/volunteers/${B}`);
  assert.match(plain(page.text), /已撤销：期间填错/);
});

test('scope: other townships 403, station operators 403, nothing issued or revoked', async () => {
  const count = async () => Number((await sql('SELECT COUNT(*) FROM certificate'))[0][0]);
  const before = await count();
  const csrf = await csrfOf(town1, `/admin/volunteers/${A}`);
  const r = await town1.post(`/admin/volunteers/${other}/certificate`, { csrf, period: 'all' });
  assert.equal(r.status, 403);
  const opCsrf = await csrfOf(op1, '/station/services');
  const o = await op1.post(`/admin/volunteers/${A}/certificate`, { csrf: opCsrf, period: 'all' });
  assert.equal(o.status, 403);
  assert.equal(await count(), before);
  const theirs = await row(numberOf(await issue(admin, other, { period: 'all' })));
  const rv = await town1.post(`/admin/certificates/${theirs.id}/revoke`, { csrf, revoke_reason: '越权' });
  assert.equal(rv.status, 403);
  const ro = await op1.post(`/admin/certificates/${theirs.id}/revoke`, { csrf: opCsrf, revoke_reason: '越权' });
  assert.equal(ro.status, 403);
  assert.equal((await sql(`SELECT status FROM certificate WHERE id = ${theirs.id}`))[0][0], 'valid');
  const nf = await admin.post('/admin/certificates/999999/revoke', { csrf: await csrfOf(admin, `/admin/volunteers/${A}`),
    revoke_reason: '不存在' });
  assert.equal(nf.status, 404);
});

test('bad input: wrong dates keep the input with a message; no number, no certificate', async () => {
  const count = async () => Number((await sql('SELECT COUNT(*) FROM certificate'))[0][0]);
  const before = await count();
  const csrf = await csrfOf(admin, `/admin/volunteers/${A}`);
  const r = await admin.post(`/admin/volunteers/${A}/certificate`, { csrf, period: 'dates', from: today, to: `${year}-01-01` });
  assert.equal(r.status, 422);
  assert.match(plain(r.text), /截止日期不能早于起始日期/);
  assert.match(r.text, new RegExp(`value="${today}"`), 'the input kept');
  const m = await admin.post(`/admin/volunteers/${A}/certificate`, { csrf, period: 'dates', from: today });
  assert.equal(m.status, 422);
  assert.match(plain(m.text), /请填写截止日期/);
  const f = await admin.post(`/admin/volunteers/${A}/certificate`, { csrf, period: 'dates', from: today, to: addDays(today, 1) });
  assert.equal(f.status, 422);
  assert.match(plain(f.text), /截止日期不能晚于今天/);
  const bad = await admin.post(`/admin/volunteers/${A}/certificate`, { csrf, period: 'forever' });
  assert.equal(bad.status, 422);
  const p = await admin.post(`/admin/volunteers/${pending}/certificate`, { csrf, period: 'all' });
  assert.equal(p.status, 409);
  assert.match(plain(p.text), /还没有志愿者编号/);
  assert.equal(await count(), before);
});

test('a volunteer issues their own from the look-up, which lists it again', async () => {
  const [[number]] = await sql(`SELECT number FROM volunteer WHERE id = ${A}`);
  const c = new Client();
  const form = await c.get('/volunteer/lookup');
  const csrf = csrfFrom(form.text);
  const found = await c.post('/volunteer/lookup', { csrf, number, phone: PHONE_A });
  assert.equal(found.status, 200);
  assert.match(plain(found.text), /开具并打印证明/);
  // A wrong phone with a period issues nothing.
  const before = Number((await sql(`SELECT COUNT(*) FROM certificate WHERE volunteer_id = ${A}`))[0][0]);
  const wrong = await c.post('/volunteer/lookup', { csrf, number, phone: '13912349999', period: 'all' });
  assert.equal(wrong.status, 200);
  assert.match(plain(wrong.text), /没有查到/);
  assert.equal(Number((await sql(`SELECT COUNT(*) FROM certificate WHERE volunteer_id = ${A}`))[0][0]), before);
  // A period with its dates missing: the message says which, nothing issued.
  const nodates = await c.post('/volunteer/lookup', { csrf, number, phone: PHONE_A, period: 'dates' });
  assert.equal(nodates.status, 422);
  assert.match(plain(nodates.text), /证明的期间有误：请填写起始日期/);
  assert.equal(Number((await sql(`SELECT COUNT(*) FROM certificate WHERE volunteer_id = ${A}`))[0][0]), before);
  const r = await c.post('/volunteer/lookup', { csrf: csrfFrom(found.text), number, phone: PHONE_A, period: 'this_year' });
  assert.equal(r.status, 303);
  const where = r.headers.get('location');
  const reg = await row(numberOf(where));
  assert.equal(reg.via, 'lookup');
  assert.equal(reg.by, '0');
  assert.equal(reg.minutes, await expectedMinutes(A, `${year}-01-01`, `${year}-12-31`));
  const page = await c.get(where);
  assert.equal(page.status, 200);
  assert.match(plain(page.text), /志愿者本人网上查询开具/);
  const again = await c.post('/volunteer/lookup', { csrf, number, phone: PHONE_A });
  assert.ok(again.text.includes(`href="${where}"`), 'the look-up links to it again');
});

test('made-up numbers and check codes are 404 and count as guesses: 429 once held', async () => {
  await releaseThrottle('class_code');
  const [[number, check, access]] = await sql(`SELECT number, check_code, access_code FROM certificate
    WHERE status = 'valid' ORDER BY id LIMIT 1`);
  const guesses = [
    `/verify/${number}-AAAAAAAAAAAAAAAA`, `/verify/${number}-${access}`, `/verify/${year}-999999-${check}`,
    '/verify/junk', `/verify/${number}`, `/volunteer/certificate/${number}-${check}`,
    `/volunteer/certificate/${number}-${access.toLowerCase()}x`,
  ];
  const c = new Client();
  for (const g of guesses) {
    const r = await c.get(g);
    assert.equal(r.status, 404, g);
  }
  const [[seen]] = await sql("SELECT COUNT(*) FROM throttle WHERE kind = 'class_code'");
  assert.ok(Number(seen) >= guesses.length, 'each guess recorded');
  let status = 404;
  for (let i = 0; i < 30 && status === 404; i++) status = (await c.get(`/verify/${number}-x${i}`)).status;
  assert.equal(status, 429);
  const held = await c.get(`/verify/${number}-${check}`);
  assert.equal(held.status, 429, 'even a genuine code while held');
  await releaseThrottle('class_code');
  assert.equal((await c.get(`/verify/${number}-${check}`)).status, 200);
});
