// Totals: a station of its own gets a few thousand random services (with
// voids and several volunteers per service), inserted directly, plus a few
// through the form and the void route; every total the list page and the
// hours page show is checked against a computation made here from the
// generated records.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  loginAs, csrfOf, serverToday, addDays, sql, sqlString, newVolunteer, newElder, servicePairs, villageId, rng,
} from './services-helpers.mjs';
import { demo } from './lib.mjs';

// Demo places and stations by code (lib.mjs), never by id.
const F = await demo();

const SERVICES = 3000;
const SEED = Number(process.env.TOTALS_SEED || 20261129);

let today;
let station;
let op; // the station's operator
let elders = [];
let volunteers = [];
let services = []; // { id, elder, type, date, start, minutes, signed, voided, volunteers: [] }

const hm = (m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00`;

before(async () => {
  const village = F.V10;
  await sql(`INSERT INTO station (township_id, village_id, name, address) VALUES (${F.T3}, ${village}, '玉皇坝村互助养老服务站', '')`);
  [[station]] = await sql(`SELECT id FROM station WHERE name = '玉皇坝村互助养老服务站'`);
  await sql(`INSERT INTO staff (username, display_name, role, township_id, station_id, password_hash, must_change_password)
    SELECT 'baiyan', '玉皇坝村服务站', 'station_operator', ${F.T3}, ${station}, password_hash, must_change_password
    FROM staff WHERE username = 'station1'`);
  op = await loginAs('baiyan');
  today = await serverToday(op);
  for (let i = 0; i < 25; i++) elders.push(await newElder({ station, village, name: `水河老人${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${'一二三'[Math.floor(i / 10)]}` }));
  for (let i = 0; i < 12; i++) volunteers.push(await newVolunteer({ station, township: F.T3, village, name: `水河志愿${'甲乙丙丁戊己庚辛壬癸子丑'[i]}` }));
  // A volunteer of the township without a station: may serve here too.
  volunteers.push(await newVolunteer({ station: null, township: F.T3, village, name: '水河镇志愿' }));

  const rand = rng(SEED);
  const pick = (a) => a[Math.floor(rand() * a.length)];
  const admin = (await sql(`SELECT id FROM staff WHERE username = 'admin'`))[0][0];
  for (let i = 0; i < SERVICES; i++) {
    const start = 6 * 60 + Math.floor(rand() * 12 * 60);
    const minutes = 5 + Math.floor(rand() * 240);
    const n = rand() < 0.6 ? 1 : rand() < 0.75 ? 2 : 3;
    const vols = new Set();
    while (vols.size < n) vols.add(pick(volunteers));
    services.push({
      id: String(1000000 + i), elder: pick(elders), type: String(1 + Math.floor(rand() * 10)),
      date: addDays(today, -1 - Math.floor(rand() * 120)), start, minutes, signed: rand() < 0.7 ? 1 : 0,
      voided: rand() < 0.12, volunteers: [...vols],
    });
  }
  for (let i = 0; i < services.length; i += 500) {
    const values = services.slice(i, i + 500).map((s) => `(${s.id}, ${station}, ${s.elder}, ${s.type}, '${s.date}', '${hm(s.start)}',
      '${hm(s.start + s.minutes)}', ${s.minutes}, ${s.signed}, 'gen', ${s.voided ? `NOW(), ${admin}, '生成的作废'` : 'NULL, NULL, NULL'})`);
    await sql(`INSERT INTO service (id, station_id, elder_id, service_type_id, service_date, start_time, end_time, minutes,
      elder_signed, note, voided_at, voided_by, void_reason) VALUES ${values.join(',')}`);
  }
  const links = services.flatMap((s) => s.volunteers.map((v) => `(${s.id}, ${v})`));
  for (let i = 0; i < links.length; i += 2000) {
    await sql(`INSERT INTO service_volunteer (service_id, volunteer_id) VALUES ${links.slice(i, i + 2000).join(',')}`);
  }

  // Two through the form today, one of them voided through the route.
  const csrf = await csrfOf(op, '/station/services/new');
  const r = await op.post('/station/services/new', servicePairs(csrf, [
    { date: today, elder: elders[0], service_type: '2', volunteer: [volunteers[0], volunteers[12]], start: '08:00', end: '09:10', signed: true, note: '表单甲' },
    { date: today, elder: elders[1], service_type: '3', volunteer: [volunteers[1]], start: '08:00', end: '08:45', note: '表单乙' },
  ]));
  assert.equal(r.status, 303, r.text);
  const formRows = await sql(`SELECT id, note FROM service WHERE note IN ('表单甲', '表单乙') ORDER BY note`);
  const byNote = Object.fromEntries(formRows.map(([id, note]) => [note, id]));
  services.push({ id: byNote['表单甲'], elder: elders[0], type: '2', date: today, start: 480, minutes: 70, signed: 1, voided: false, volunteers: [volunteers[0], volunteers[12]] });
  services.push({ id: byNote['表单乙'], elder: elders[1], type: '3', date: today, start: 480, minutes: 45, signed: 0, voided: true, volunteers: [volunteers[1]] });
  const v = await op.post(`/station/services/${byNote['表单乙']}/void`, { csrf, reason: '测试作废' });
  assert.equal(v.status, 303);
});

// The totals a filter should give, computed from the generated records.
function expected(f) {
  const match = services.filter((s) => (!f.from || s.date >= f.from) && (!f.to || s.date <= f.to)
    && (!f.elder || s.elder === f.elder) && (!f.type || s.type === f.type)
    && (f.signed === undefined || s.signed === (f.signed === 'yes' ? 1 : 0))
    && (!f.volunteer || s.volunteers.includes(f.volunteer)));
  const live = match.filter((s) => !s.voided);
  const minutes = live.reduce((sum, s) => sum + s.minutes * (f.volunteer ? 1 : s.volunteers.length), 0);
  return {
    rows: match.length,
    services: live.length,
    elders: new Set(live.map((s) => s.elder)).size,
    minutes,
    hours: hoursText(minutes),
    voided: match.length - live.length,
    list: match.sort((a, b) => (a.date !== b.date ? (a.date < b.date ? 1 : -1) : b.start - a.start || Number(b.id) - Number(a.id))),
  };
}

function hoursText(minutes) {
  const tenths = Math.floor((minutes * 10 + 30) / 60);
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

function query(f) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) q.set(k, v);
  return q.toString();
}

function shown(html) {
  const total = (name) => {
    const m = new RegExp(`data-total="${name}">([^<]*)<`).exec(html);
    assert.ok(m, `total ${name} shown`);
    return m[1];
  };
  return {
    rows: Number(total('rows')), services: Number(total('services')), elders: Number(total('elders')),
    minutes: Number(total('minutes')), hours: total('hours'), voided: Number(total('voided')),
  };
}

function listedIds(html) {
  return [...html.matchAll(/<tr data-service="(\d+)"( class="voided" data-voided="1")?>/g)].map((m) => ({ id: m[1], voided: !!m[2] }));
}

test('every total of the list page matches an independent computation, for many filters', async () => {
  const rand = rng(SEED + 1);
  const pick = (a) => a[Math.floor(rand() * a.length)];
  const filters = [
    {},
    { from: addDays(today, -30), to: today },
    { from: addDays(today, -90), to: addDays(today, -60) },
    { elder: pick(elders) },
    { volunteer: pick(volunteers) },
    { volunteer: volunteers[12] },
    { type: '7' },
    { signed: 'yes' },
    { signed: 'no' },
    { from: addDays(today, -60), to: addDays(today, -10), type: '3', signed: 'yes' },
    { volunteer: pick(volunteers), from: addDays(today, -45), to: addDays(today, -5) },
    { elder: pick(elders), volunteer: pick(volunteers) },
    { elder: pick(elders), type: pick(['1', '2', '4', '9']), signed: 'no' },
    { from: today, to: today },
    { from: addDays(today, 1), to: addDays(today, 30) },
  ];
  for (let i = 0; i < 10; i++) {
    const a = addDays(today, -Math.floor(rand() * 130));
    filters.push({ from: a, to: addDays(a, Math.floor(rand() * 40)), ...(rand() < 0.5 ? { volunteer: pick(volunteers) } : {}) });
  }
  for (const f of filters) {
    const r = await op.get(`/station/services?${query(f)}`);
    assert.equal(r.status, 200, query(f));
    const want = expected(f);
    const got = shown(r.text);
    const { list, ...totals } = want;
    assert.deepEqual(got, totals, `filter ${query(f)} (seed ${SEED})`);
    // The first page lists the newest 50 in order, voided ones marked.
    const ids = listedIds(r.text);
    assert.deepEqual(ids, list.slice(0, 50).map((s) => ({ id: s.id, voided: s.voided })), `first page of ${query(f)}`);
    const pages = Math.max(1, Math.ceil(want.rows / 50));
    if (pages > 1) assert.match(r.text, new RegExp(`第 1 / ${pages} 页`));
  }
});

test('paging walks every record of a filter exactly once, in order', async () => {
  const f = { from: addDays(today, -40), to: addDays(today, -20) };
  const want = expected(f).list;
  const pages = Math.ceil(want.length / 50);
  assert.ok(pages >= 3, `enough rows to page (${want.length})`);
  const seen = [];
  for (let p = 1; p <= pages; p++) {
    const r = await op.get(`/station/services?${query({ ...f, page: p })}`);
    assert.equal(r.status, 200);
    seen.push(...listedIds(r.text));
    if (p > 1) assert.match(r.text, new RegExp(`page=${p - 1}">上一页`));
    if (p < pages) assert.match(r.text, new RegExp(`page=${p + 1}">下一页`));
  }
  assert.deepEqual(seen, want.map((s) => ({ id: s.id, voided: s.voided })));
  // Past the end: the last page.
  const last = await op.get(`/station/services?${query({ ...f, page: pages + 5 })}`);
  assert.deepEqual(listedIds(last.text), want.slice((pages - 1) * 50).map((s) => ({ id: s.id, voided: s.voided })));
});

test('invalid filters are refused with a message, not guessed', async () => {
  for (const q of ['from=2026-13-01', 'to=yesterday', 'elder=abc', 'signed=maybe', 'page=-1',
    `from=${today}&to=${addDays(today, -1)}`]) {
    const r = await op.get(`/station/services?${q}`);
    assert.equal(r.status, 422, q);
    assert.match(r.text, /查询条件有误/);
    assert.doesNotMatch(r.text, /data-total=/);
  }
});

// Minutes credited to volunteer v between from and to.
function credited(v, from, to) {
  return services.filter((s) => !s.voided && s.volunteers.includes(v) && (!from || s.date >= from) && (!to || s.date <= to))
    .reduce((sum, s) => sum + s.minutes, 0);
}

test('the hours page credits each volunteer with the minutes of every live service, per period and to date', async () => {
  const periods = [
    { from: addDays(today, -30), to: today },
    { from: addDays(today, -200), to: addDays(today, -100) },
    { from: addDays(today, -7), to: addDays(today, -7) },
    {},
  ];
  for (const f of periods) {
    const r = await op.get(`/station/hours?${query(f)}`);
    assert.equal(r.status, 200);
    const from = f.from ?? `${today.slice(0, 8)}01`;
    const to = f.to ?? today;
    const rows = [...r.text.matchAll(/<tr data-volunteer="(\d+)">[\s\S]*?data-minutes="(\d+)"[\s\S]*?data-total-minutes="(\d+)"/g)];
    assert.deepEqual(rows.map((m) => m[1]).sort(), [...volunteers].sort(), 'every volunteer of the station and township');
    let sumP = 0;
    let sumT = 0;
    for (const [, id, period, total] of rows) {
      assert.equal(Number(period), credited(id, from, to), `volunteer ${id} ${from}..${to}`);
      assert.equal(Number(total), credited(id), `volunteer ${id} to date`);
      sumP += Number(period);
      sumT += Number(total);
    }
    assert.match(r.text, new RegExp(`data-sum="minutes" data-minutes="${sumP}">${hoursText(sumP).replace('.', '\\.')}<`));
    assert.match(r.text, new RegExp(`data-sum="total" data-minutes="${sumT}">${hoursText(sumT).replace('.', '\\.')}<`));
  }
  // Hours of the whole list equal the sum over volunteers.
  const all = shown((await op.get('/station/services')).text);
  assert.equal(all.minutes, volunteers.reduce((s, v) => s + credited(v), 0));
});

test('the totals page of another station shows none of these records', async () => {
  const c = await loginAs('station1');
  assert.equal((await c.get(`/station/services?station=${station}`)).status, 403);
  assert.equal((await c.get(`/station/hours?station=${station}`)).status, 403);
  const t = await loginAs('township1');
  assert.equal((await t.get(`/station/services?station=${station}`)).status, 403);
  const a = await loginAs('admin');
  const r = await a.get(`/station/services?station=${station}`);
  assert.equal(r.status, 200);
  const { list, ...totals } = expected({});
  assert.deepEqual(shown(r.text), totals);
  assert.ok(list.length > SERVICES);
  const [[n]] = await sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'service.void' AND entity_id = ${sqlString(services.at(-1).id)}`);
  assert.equal(n, '1');
});
