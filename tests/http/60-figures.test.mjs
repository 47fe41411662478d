// The county's figures (/admin/dashboard): three townships of the test's own get stations, elderly
// people, volunteers, a few thousand services inserted directly (voids, corrections, several
// volunteers a service, many on the first and last days of months, quarters and years) and classes
// with enrolments; every figure the dashboard shows is checked against a computation made here from
// the generated records, for months, quarters, years and ranges. The county-wide figures are checked
// against the raw records. Then every kind of write through the real routes, some at once, leaves the
// kept figures equal to a rebuild; and the scope: a township admin sees its township alone, a station
// operator nothing.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, csrfFrom, sql, sqlString, place, figuresCheck, ROOT, VAR } from './lib.mjs';
import { loginAs, csrfOf, addDays, newVolunteer, newElder, servicePairs, parseCsv, getBytes, rng } from './services-helpers.mjs';
import { register } from './staff-lib.mjs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';

const run = promisify(execFile);
const SEED = Number(process.env.FIGURES_SEED || 20261201);
const SERVICES = 3000;
const TAG = String(Date.now() % 1e6); // names of this run's own (digits: a name shown on a page holds no English word)
const FLAGS = ['empty_nest', 'left_behind', 'alone', 'disabled', 'poverty', 'dibao', 'wubao'];

const hm = (m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00`;
const pad = (n) => String(n).padStart(2, '0');
const monthDays = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const hoursText = (minutes) => {
  const tenths = Math.floor((minutes * 10 + 30) / 60);
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
};

let today;
let year;
const towns = []; // { id, code, stations: [{ id, village, active }] }
let stations = []; // active and inactive, { id, town, village, active }
let elders = []; // { id, station, flags }
let volunteers = []; // { id, town, station, status, approved }
let services = []; // { id, station, elder, type, date, minutes, voided, volunteers: [] }
let classes = []; // { id, town, date, held, cancelled, enrolments: [{ status, attended, leftBehind }] }
let admin;

before(async () => {
  [[today]] = await sql('SELECT CURDATE()');
  year = Number(today.slice(0, 4));
  const rand = rng(SEED);
  const pick = (a) => a[Math.floor(rand() * a.length)];
  for (const code of ['511921128', '511921129', '511921214']) {
    const id = await place(code);
    const villages = (await sql(`SELECT id FROM village WHERE township_id = ${id} AND active = 1 ORDER BY code LIMIT 3`)).map((r) => r[0]);
    towns.push({ id: String(id), code, villages });
  }
  // Stations: two in the first township, one in each other, and a closed one in the last.
  const plan = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [2, 0, 1], [2, 1, 0]];
  for (const [t, v, active] of plan) {
    const name = `统计测试服务站${towns[t].code}-${v}-${TAG}`;
    await sql(`INSERT INTO station (township_id, village_id, name, address, active) VALUES (${towns[t].id}, ${towns[t].villages[v]}, ${sqlString(name)}, '', ${active})`);
    const [[id]] = await sql(`SELECT id FROM station WHERE name = ${sqlString(name)}`);
    stations.push({ id, town: towns[t].id, village: towns[t].villages[v], active });
  }
  const live = stations.filter((s) => s.active);
  for (const s of stations) {
    for (let i = 0; i < 12; i++) {
      const id = await newElder({ station: s.id, village: s.village, name: `统计老人${i}` });
      const flags = FLAGS.filter(() => rand() < 0.25);
      await sql(`UPDATE elder SET care_flags = ${sqlString(flags.join(','))} WHERE id = ${id}`);
      elders.push({ id, station: s.id, flags });
    }
    for (let i = 0; i < 6; i++) {
      const id = await newVolunteer({ station: s.id, township: s.town, village: s.village, name: `统计志愿${i}` });
      const status = i === 5 ? 'inactive' : i === 4 && rand() < 0.5 ? 'pending' : 'approved';
      const approved = addDays(today, -Math.floor(rand() * 800));
      await sql(`UPDATE volunteer SET status = '${status}', approved_at = ${status === 'pending' ? 'NULL' : `'${approved} 10:00:00'`} WHERE id = ${id}`);
      volunteers.push({ id, town: s.town, station: s.id, status, approved: status === 'pending' ? null : approved });
    }
  }

  // Dates: two years back to today, many on boundaries.
  const boundaries = [];
  for (let y = year - 2; y <= year; y++) {
    for (let m = 1; m <= 12; m++) {
      for (const d of [`${y}-${pad(m)}-01`, `${y}-${pad(m)}-${pad(monthDays(y, m))}`]) if (d <= today && d >= `${year - 2}-01-01`) boundaries.push(d);
    }
  }
  const start = `${year - 2}-01-01`;
  const span = Math.round((Date.parse(today) - Date.parse(start)) / 86400000);
  const someDate = () => (rand() < 0.3 ? pick(boundaries) : addDays(start, Math.floor(rand() * (span + 1))));
  const [[maxId]] = await sql('SELECT COALESCE(MAX(id), 0) FROM service');
  for (let i = 0; i < SERVICES; i++) {
    const s = pick(stations);
    const own = volunteers.filter((v) => v.station === s.id);
    const n = 1 + Math.floor(rand() * 3);
    const vols = new Set();
    while (vols.size < n) vols.add(pick(own).id);
    const begin = 6 * 60 + Math.floor(rand() * 12 * 60);
    services.push({
      id: String(Number(maxId) + 1000 + i), station: s.id, elder: pick(elders.filter((e) => e.station === s.id)).id,
      type: String(1 + Math.floor(rand() * 10)), date: someDate(), start: begin, minutes: 5 + Math.floor(rand() * 200),
      voided: rand() < 0.1, volunteers: [...vols],
    });
  }
  const [[adminId]] = await sql(`SELECT id FROM staff WHERE username = 'admin'`);
  for (let i = 0; i < services.length; i += 500) {
    const values = services.slice(i, i + 500).map((s) => `(${s.id}, ${s.station}, ${s.elder}, ${s.type}, '${s.date}',
      '${hm(s.start)}', '${hm(s.start + s.minutes)}', ${s.minutes}, 1, 'fig', ${s.voided ? `NOW(), ${adminId}, '生成'` : 'NULL, NULL, NULL'})`);
    await sql(`INSERT INTO service (id, station_id, elder_id, service_type_id, service_date, start_time, end_time, minutes,
      elder_signed, note, voided_at, voided_by, void_reason) VALUES ${values.join(',')}`);
  }
  const links = services.flatMap((s) => s.volunteers.map((v) => `(${s.id}, ${v})`));
  for (let i = 0; i < links.length; i += 2000) {
    await sql(`INSERT INTO service_volunteer (service_id, volunteer_id) VALUES ${links.slice(i, i + 2000).join(',')}`);
  }
  // Corrections of old records, directly: another date (across a month, a quarter or a year), type,
  // elder, length, station; voids and un-voids; a volunteer taken off or added.
  const fixes = [];
  for (let i = 0; i < 300; i++) {
    const s = pick(services);
    const k = Math.floor(rand() * 6);
    if (k === 0) { s.date = someDate(); fixes.push(`UPDATE service SET service_date = '${s.date}' WHERE id = ${s.id}`); }
    if (k === 1) { s.type = String(1 + Math.floor(rand() * 10)); fixes.push(`UPDATE service SET service_type_id = ${s.type} WHERE id = ${s.id}`); }
    if (k === 2) { s.elder = pick(elders.filter((e) => e.station === s.station)).id; fixes.push(`UPDATE service SET elder_id = ${s.elder} WHERE id = ${s.id}`); }
    if (k === 3) {
      s.minutes = 5 + Math.floor(rand() * 200);
      fixes.push(`UPDATE service SET end_time = '${hm(s.start + s.minutes)}', minutes = ${s.minutes} WHERE id = ${s.id}`);
    }
    if (k === 4) {
      s.voided = !s.voided;
      fixes.push(`UPDATE service SET voided_at = ${s.voided ? 'NOW()' : 'NULL'}, voided_by = ${s.voided ? adminId : 'NULL'} WHERE id = ${s.id}`);
    }
    if (k === 5) {
      if (s.volunteers.length > 1) {
        const v = s.volunteers.pop();
        fixes.push(`DELETE FROM service_volunteer WHERE service_id = ${s.id} AND volunteer_id = ${v}`);
      } else {
        const v = volunteers.find((x) => x.station === s.station && !s.volunteers.includes(x.id));
        if (v) { s.volunteers.push(v.id); fixes.push(`INSERT INTO service_volunteer VALUES (${s.id}, ${v.id})`); }
      }
    }
  }
  for (let i = 0; i < fixes.length; i += 50) await sql(fixes.slice(i, i + 50).join(';\n'));
  // Care flags changed afterwards: the figures count people by their flags now.
  for (const e of elders.filter((x, i) => i % 7 === 0)) {
    e.flags = FLAGS.filter(() => rand() < 0.3);
    await sql(`UPDATE elder SET care_flags = ${sqlString(e.flags.join(','))} WHERE id = ${e.id}`);
  }

  // Classes: held ones over the two years (one cancelled), and one to come.
  for (let i = 0; i < 8; i++) {
    const t = towns[i % 3];
    const cancelled = i === 3;
    const future = i === 7;
    const date = future ? addDays(today, 5) : i === 0 ? today.slice(0, 8) + '01' : someDate();
    const when = future ? `'${date} 09:00:00'` : date === today ? 'NOW() - INTERVAL 1 MINUTE' : `'${date} 09:00:00'`;
    const [[id]] = await sql(`INSERT INTO class (title, description, audience, township_id, venue, starts_at, minutes, capacity,
        deadline, status) VALUES ('统计课${i}', '', 'all', ${t.id}, '测试地点', ${when}, 90, 500, ${when}, '${cancelled ? 'cancelled' : 'closed'}');
      SELECT LAST_INSERT_ID();`);
    const c = { id, town: t.id, date, held: !future && !cancelled, enrolments: [] };
    const rows = [];
    for (let j = 0; j < 5 + Math.floor(rand() * 20); j++) {
      const status = rand() < 0.75 ? 'enrolled' : rand() < 0.5 ? 'waiting' : 'cancelled';
      const e = { status, attended: status === 'enrolled' && rand() < 0.7, leftBehind: rand() < 0.4 };
      c.enrolments.push(e);
      const phone = `15${String(id).padStart(4, '0')}${String(j).padStart(5, '0')}`;
      rows.push(`(${id}, '${`fig${id}x${j}`.padEnd(22, 'q')}', '统计家长', '${phone}', 'grandparent', ${t.villages[0]}, '6-12', ${e.leftBehind ? 1 : 0},
        '${status}', ${status === 'waiting' ? j + 1 : 'NULL'}, ${status === 'cancelled' ? 'NULL' : `'${phone}'`}, ${e.attended ? 1 : 0}, 'test', NOW())`);
    }
    await sql(`INSERT INTO class_enrolment (class_id, code, name, phone, relationship, village_id, child_age_group, left_behind,
      status, position, phone_live, attended, consent_version, consent_at) VALUES ${rows.join(',')}`);
    classes.push(c);
  }
  admin = await loginAs('admin');
});

// What the dashboard should show for township t (a town's id) over [from, to], from the generated records.
function expected(t, from, to) {
  const st = stations.filter((s) => s.town === t);
  const live = st.filter((s) => s.active);
  const ids = new Set(st.map((s) => s.id));
  const inPeriod = services.filter((s) => ids.has(s.station) && s.date >= from && s.date <= to);
  const liveServices = inPeriod.filter((s) => !s.voided);
  const served = new Set(liveServices.map((s) => s.elder));
  const vmin = liveServices.reduce((sum, s) => sum + s.minutes * s.volunteers.length, 0);
  const vols = volunteers.filter((v) => v.town === t && v.status === 'approved');
  const held = classes.filter((c) => c.town === t && c.held && c.date >= from && c.date <= to);
  const enrolled = held.flatMap((c) => c.enrolments.filter((e) => e.status === 'enrolled'));
  const attended = enrolled.filter((e) => e.attended);
  const byType = {};
  for (const s of liveServices) byType[s.type] = (byType[s.type] || 0) + 1;
  const byMonth = {};
  for (const s of liveServices) byMonth[s.date.slice(0, 7)] = (byMonth[s.date.slice(0, 7)] || 0) + 1;
  const care = Object.fromEntries(FLAGS.map((f) => [f, elders.filter((e) => served.has(e.id) && e.flags.includes(f)).length]));
  care.none = elders.filter((e) => served.has(e.id) && e.flags.length === 0).length;
  return {
    towns: live.length > 0 ? 1 : 0,
    villages: new Set(live.map((s) => s.village)).size,
    stations: live.length,
    volunteers: vols.length,
    'volunteers-new': vols.filter((v) => v.approved >= from && v.approved <= to).length,
    elders: served.size,
    services: liveServices.length,
    hours: hoursText(vmin),
    classes: held.length,
    enrolled: enrolled.length,
    attended: attended.length,
    'left-behind': attended.filter((e) => e.leftBehind).length,
    voided: inPeriod.length - liveServices.length,
    byType, byMonth, care,
  };
}

function figs(html) {
  return Object.fromEntries([...html.matchAll(/data-fig="([a-z-]+)">([^<]*)</g)].map((m) => [m[1], m[2]]));
}

function rows(html, attr) {
  const out = {};
  for (const m of html.matchAll(new RegExp(`<tr data-${attr}="([^"]*)">(.*?)</tr>`, 'gs'))) {
    out[m[1]] = [...m[2].matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((c) => c[1]);
  }
  return out;
}

function periodOf(q) {
  if (q.period === 'year') return [`${q.year}-01-01`, `${q.year}-12-31`];
  if (q.period === 'quarter') return [`${q.year}-${pad(q.quarter * 3 - 2)}-01`, `${q.year}-${pad(q.quarter * 3)}-${pad(monthDays(q.year, q.quarter * 3))}`];
  if (q.period === 'month') return [`${q.year}-${pad(q.month)}-01`, `${q.year}-${pad(q.month)}-${pad(monthDays(q.year, q.month))}`];
  return [q.from, q.to];
}

function periods() {
  const m = Number(today.slice(5, 7));
  return [
    { period: 'month', year, month: m },
    { period: 'month', year: year - 1, month: 12 },
    { period: 'month', year: year - 1, month: 2 },
    { period: 'quarter', year, quarter: Math.ceil(m / 3) },
    { period: 'quarter', year: year - 1, quarter: 4 },
    { period: 'quarter', year: year - 2, quarter: 1 },
    { period: 'year', year },
    { period: 'year', year: year - 1 },
    { period: 'range', from: `${year - 2}-11-15`, to: `${year - 1}-02-10` },
    { period: 'range', from: `${year - 2}-01-01`, to: today },
    { period: 'range', from: `${year - 2}-03-31`, to: `${year}-01-01` },
    { period: 'range', from: `${year - 1}-06-30`, to: `${year - 1}-06-30` },
    { period: 'range', from: `${year - 2}-02-01`, to: `${year - 1}-11-30` },
  ];
}

const qs = (q, extra = {}) => new URLSearchParams(Object.entries({ ...q, ...extra }).map(([k, v]) => [k, String(v)])).toString();

let names;
test('every figure of a township matches an independent computation, for months, quarters, years and ranges', async () => {
  names = Object.fromEntries((await sql('SELECT id, name FROM service_type')).map(([id, n]) => [id, n]));
  for (const q of periods()) {
    const [from, to] = periodOf(q);
    for (const t of towns) {
      const r = await admin.get(`/admin/dashboard?${qs(q, { township: t.id })}`);
      assert.equal(r.status, 200, r.text);
      const want = expected(t.id, from, to);
      const got = figs(r.text);
      const label = `${t.code} ${from}..${to}`;
      for (const k of ['towns', 'villages', 'stations', 'volunteers', 'volunteers-new', 'elders', 'services', 'hours',
        'classes', 'enrolled', 'attended', 'left-behind']) {
        assert.equal(got[k], String(want[k]), `${label}: ${k}`);
      }
      const att = want.enrolled ? (() => { const x = Math.floor((want.attended * 1000 + Math.floor(want.enrolled / 2)) / want.enrolled); return `${Math.floor(x / 10)}.${x % 10}%`; })() : '—';
      assert.equal(got.attendance, att, `${label}: attendance`);
      // Per type (types with a service), per month (every month of the period), by care flag.
      const types = rows(r.text, 'type');
      assert.deepEqual(Object.fromEntries(Object.entries(types).map(([n, c]) => [n, Number(c[1])])),
        Object.fromEntries(Object.entries(want.byType).map(([id, n]) => [names[id], n])), `${label}: types`);
      const months = rows(r.text, 'month');
      for (const [ym, cells] of Object.entries(months)) assert.equal(Number(cells[1]), want.byMonth[ym] || 0, `${label}: month ${ym}`);
      assert.equal(Object.keys(months)[0], from.slice(0, 7));
      assert.equal(Object.keys(months).at(-1), to.slice(0, 7));
      const care = rows(r.text, 'care');
      for (const [code, cells] of Object.entries(care)) assert.equal(Number(cells[1]), want.care[code], `${label}: care ${code}`);
      // The report's sentence carries the same figures.
      assert.match(r.text, new RegExp(`服务农村困难老年人${want.elders}名，累计服务${want.services}人次，志愿服务${want.hours.replace('.', '\\.')}小时`));
    }
  }
});

test('county-wide figures equal the raw records, and each township row its own computation', async () => {
  for (const q of periods().slice(5, 11)) {
    const [from, to] = periodOf(q);
    const r = await admin.get(`/admin/dashboard?${qs(q)}`);
    assert.equal(r.status, 200);
    const got = figs(r.text);
    const [[elders, live, vmin]] = await sql(`SELECT COUNT(DISTINCT s.elder_id), COUNT(*),
        COALESCE(SUM(s.minutes * (SELECT COUNT(*) FROM service_volunteer sv WHERE sv.service_id = s.id)), 0)
      FROM service s WHERE s.voided_at IS NULL AND s.service_date BETWEEN '${from}' AND '${to}'`);
    assert.equal(got.elders, elders, `county elders ${from}..${to}`);
    assert.equal(got.services, live, `county services ${from}..${to}`);
    assert.equal(got.hours, hoursText(Number(vmin)), `county hours ${from}..${to}`);
    const [[st, vil, tw]] = await sql(`SELECT COUNT(*), COUNT(DISTINCT village_id), COUNT(DISTINCT township_id) FROM station s
      JOIN township t ON t.id = s.township_id WHERE s.active = 1 AND t.active = 1`);
    assert.deepEqual([got.stations, got.villages, got.towns], [st, vil, tw]);
    const [[vols]] = await sql(`SELECT COUNT(*) FROM volunteer v JOIN township t ON t.id = v.township_id WHERE v.status = 'approved' AND t.active = 1`);
    assert.equal(got.volunteers, vols);
    const table = rows(r.text, 'township');
    for (const t of towns) {
      const want = expected(t.id, from, to);
      const cells = table[t.id];
      assert.deepEqual([cells[1], cells[2], cells[3], cells[4], cells[5], cells[6], cells[7]].map(String),
        [want.stations, want.villages, want.volunteers, want['volunteers-new'], want.elders, want.services, want.hours].map(String),
        `row ${t.code} ${from}..${to}`);
    }
    // Townships in the county's order (by code).
    const order = Object.keys(table).filter((k) => k !== 'total');
    const codes = Object.fromEntries((await sql('SELECT id, code FROM township WHERE active = 1')).map(([id, c]) => [id, c]));
    assert.deepEqual(order.map((id) => codes[id]), [...order.map((id) => codes[id])].sort());
    assert.match(r.text, /<svg[^>]*class="chart"/);
    assert.doesNotMatch(r.text, / style="/);
    assert.doesNotMatch(r.text, /<script/);
  }
});

test('CSV and text downloads: the same figures, scoped', async () => {
  const q = { period: 'year', year: year - 1 };
  const [from, to] = periodOf(q);
  const t = towns[0];
  const want = expected(t.id, from, to);
  const csv = await getBytes(admin, `/admin/export/dashboard.csv?${qs(q, { township: t.id })}`);
  assert.equal(csv.status, 200);
  assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const table = parseCsv(csv.bytes.subarray(3).toString('utf8'));
  assert.equal(table.length, 3); // head, the township, the total
  assert.equal(table[1][5], String(want.elders));
  assert.equal(table[1][6], String(want.services));
  const txt = await admin.get(`/admin/dashboard/report.txt?${qs(q, { township: t.id })}`);
  assert.equal(txt.status, 200);
  assert.match(txt.headers.get('content-type'), /^text\/plain/);
  assert.match(txt.text, new RegExp(`累计服务${want.services}人次`));
  for (const table of ['types', 'months', 'care']) {
    const r = await getBytes(admin, `/admin/export/dashboard.csv?${qs(q, { township: t.id, table })}`);
    assert.equal(r.status, 200, table);
  }
});

test('scope: a township admin sees its own township only; a station operator gets 403', async () => {
  const [t] = towns;
  await sql(`INSERT INTO staff (username, display_name, role, township_id, password_hash, must_change_password)
    SELECT 'figtown${TAG}', '烟溪镇统计', 'township_admin', ${t.id}, password_hash, 0 FROM staff WHERE username = 'township1'`);
  const ta = await loginAs(`figtown${TAG}`);
  const q = { period: 'year', year: year - 1 };
  const [from, to] = periodOf(q);
  const r = await ta.get(`/admin/dashboard?${qs(q)}`);
  assert.equal(r.status, 200);
  assert.equal(figs(r.text).services, String(expected(t.id, from, to).services));
  assert.deepEqual(Object.keys(rows(r.text, 'township')), [t.id, 'total']);
  assert.equal((await ta.get(`/admin/dashboard?${qs(q, { township: towns[1].id })}`)).status, 403);
  assert.equal((await ta.get(`/admin/export/dashboard.csv?${qs(q, { township: towns[1].id })}`)).status, 403);
  const csv = await getBytes(ta, `/admin/export/dashboard.csv?${qs(q)}`);
  assert.equal(parseCsv(csv.bytes.subarray(3).toString('utf8')).length, 3);
  const op = await loginAs('station1');
  for (const p of ['/admin/dashboard', '/admin/dashboard/report.txt', '/admin/export/dashboard.csv']) {
    assert.equal((await op.get(p)).status, 403, p);
  }
  assert.equal((await admin.get('/admin/dashboard?period=range&from=2026-02-01&to=2026-01-01')).status, 422);
  assert.equal((await admin.get('/admin/dashboard?township=999999')).status, 404);
});

test('every kind of write through the routes, some at once, keeps the figures equal to a rebuild', async () => {
  const s = stations[0];
  await sql(`INSERT INTO staff (username, display_name, role, township_id, station_id, password_hash, must_change_password)
    SELECT 'figstation${TAG}', '统计测试站', 'station_operator', ${s.town}, ${s.id}, password_hash, 0 FROM staff WHERE username = 'station1'`);
  const op = await loginAs(`figstation${TAG}`);
  const own = volunteers.filter((v) => v.station === s.id && v.status === 'approved').map((v) => v.id);
  const mine = elders.filter((e) => e.station === s.id).map((e) => e.id);
  const csrf = await csrfOf(op, '/station/services/new');
  const day = addDays(today, -3);
  // Before 06:00, where no generated service starts (one could hold the same volunteer or elder).
  const row = (i, over = {}) => ({ date: day, elder: mine[i % mine.length], service_type: String(1 + (i % 9)),
    volunteer: [own[i % own.length]], start: hm(i * 25).slice(0, 5), end: hm(20 + i * 25).slice(0, 5), note: `路由${i}`, ...over });
  // Logging (several rows), at once from several requests.
  const posts = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => op.post('/station/services/new', servicePairs(csrf, [row(i * 2), row(i * 2 + 1)]))));
  for (const p of posts) assert.equal(p.status, 303, p.text.slice(0, 300));
  await figuresCheck();
  const ids = (await sql(`SELECT id FROM service WHERE station_id = ${s.id} AND note LIKE '路由%' ORDER BY id`)).map((r) => r[0]);
  assert.equal(ids.length, 12);
  // A correction: another day, type, length and volunteers.
  const ecsrf = await csrfOf(op, `/station/services/${ids[0]}/edit`);
  const edit = await op.post(`/station/services/${ids[0]}/edit`, servicePairs(ecsrf,
    [row(0, { date: addDays(today, -20), service_type: '7', end: '05:55', volunteer: own.slice(0, 2) })], { prefix: () => '' }));
  assert.equal(edit.status, 303, edit.text.slice(0, 300));
  await figuresCheck();
  // Voids, at once.
  const voids = await Promise.all(ids.slice(1, 6).map((id) => op.post(`/station/services/${id}/void`, { csrf, reason: '统计测试作废' })));
  for (const v of voids) assert.equal(v.status, 303);
  await figuresCheck();
  // Volunteers: approve, deactivate, reactivate.
  const v = await register('511921', { township: s.town, village: s.village });
  const page = await admin.get(`/admin/volunteers/${v.id}`);
  const vcsrf = csrfFrom(page.text);
  assert.equal((await admin.post(`/admin/volunteers/${v.id}/approve`, { csrf: vcsrf, station: s.id })).status, 303);
  await figuresCheck();
  const [[approvedAt]] = await sql(`SELECT DATE(approved_at) FROM volunteer WHERE id = ${v.id}`);
  assert.equal(approvedAt, today);
  assert.equal((await admin.post(`/admin/volunteers/${v.id}/deactivate`, { csrf: vcsrf, reason: '外出务工' })).status, 303);
  assert.equal((await admin.post(`/admin/volunteers/${v.id}/reactivate`, { csrf: vcsrf })).status, 303);
  const [[kept]] = await sql(`SELECT DATE(approved_at) FROM volunteer WHERE id = ${v.id}`);
  assert.equal(kept, today);
  // Classes: enrol (at once), cancel, check in.
  const [[cid]] = await sql(`INSERT INTO class (title, description, audience, township_id, venue, starts_at, minutes, capacity,
      deadline, status) VALUES ('统计路由课', '', 'all', ${s.town}, '测试地点', NOW() + INTERVAL 3 DAY, 90, 3,
      NOW() + INTERVAL 2 DAY, 'open'); SELECT LAST_INSERT_ID();`);
  const enrolOne = async (i) => {
    const c = new Client();
    const p = await c.get(`/classes/${cid}`);
    return c.post(`/classes/${cid}`, { csrf: csrfFrom(p.text), name: '统计家长', phone: `1580000${String(1000 + i)}`,
      relationship: 'mother', village: s.village, child_age_group: '3-6', left_behind: i % 2 ? 'yes' : 'no', consent: 'yes' });
  };
  const enrols = await Promise.all([0, 1, 2, 3, 4].map(enrolOne));
  for (const e of enrols) assert.equal(e.status, 303);
  await figuresCheck();
  const roster = `/admin/classes/${cid}/roster`;
  const rcsrf = csrfFrom((await admin.get(roster)).text);
  const es = (await sql(`SELECT id FROM class_enrolment WHERE class_id = ${cid} AND status = 'enrolled' ORDER BY id`)).map((r) => r[0]);
  assert.equal((await admin.post(roster, { present: es[0], csrf: rcsrf })).status, 303);
  assert.equal((await admin.post(roster, { present: es[1], csrf: rcsrf })).status, 303);
  assert.equal((await admin.post(roster, { cancel: es[1], confirm: 'yes', csrf: rcsrf })).status, 303);
  await figuresCheck();
  const [[fc]] = await sql(`SELECT CONCAT(enrolled, '/', waiting, '/', attended) FROM fig_class WHERE class_id = ${cid}`);
  assert.equal(fc, '3/1/1');
});

test('the check finds a kept figure that differs, and the rebuild puts it right', async () => {
  const tool = (arg) => run(path.join(ROOT, 'laoxiao'), ['figures', arg], { env: { ...process.env, LAOXIAO_VAR: VAR } });
  await sql('UPDATE fig_service SET services = services + 1 ORDER BY grain, period LIMIT 1');
  await assert.rejects(figuresCheck(), /differ/);
  await sql(`UPDATE fig_elder SET services = 0 WHERE services > 0 ORDER BY grain DESC LIMIT 1`);
  await assert.rejects(tool('--check'));
  const out = await tool('--rebuild');
  assert.match(out.stdout, /equal/);
  await figuresCheck();
});
