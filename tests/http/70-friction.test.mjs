// What the walk-through of issue 13 found, the behaviour part: an ended staff
// session on a posted form (sign in again on the same page, the form comes
// back filled and unsaved), input normalisation, the error summary with
// links, cancelling only with a confirmation, elders' labels, defaults,
// wording, the station's contact on the look-up, the readable audit page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, csrfFrom, sql, sqlString, makeId, demo, ADMIN_PASSWORD } from './lib.mjs';
import { plain } from './staff-lib.mjs';
import {
  loginAs, csrfOf, serverToday, newVolunteer, newElder, servicePairs,
} from './services-helpers.mjs';

const F = await demo();
// The area code of this file's registrations (apart from other files' and, mostly, from earlier runs').
const AREA = `5108${String(process.pid % 100).padStart(2, '0')}`;

// Ends every session of a demo account as 31 idle minutes would.
async function expire(username) {
  await sql(`UPDATE session SET last_seen = last_seen - INTERVAL 31 MINUTE
    WHERE staff_id = (SELECT id FROM staff WHERE username = ${sqlString(username)})`);
}

// Forgets the sign-in failures these tests make on purpose.
async function forgetFailures(username) {
  await sql(`DELETE FROM throttle WHERE (kind = 'login_account' AND subject = ${sqlString(username)})
    OR (kind = 'login_pair' AND subject LIKE ${sqlString('% ' + username)})`);
  await sql("UPDATE throttle SET at = at - INTERVAL 1 DAY WHERE kind = 'login_address'");
}

// The input tags of a page (values in either quote; a value may hold '>').
function inputs(html) {
  return [...html.matchAll(/<input\b(?:[^>"']|"[^"]*"|'[^']*')*>/g)].map((m) => m[0]);
}

// An attribute of a tag, entities decoded, or undefined.
function attr(tag, name) {
  const m = new RegExp(`\\s${name}=(?:"([^"]*)"|'([^']*)')`).exec(tag);
  if (!m) return undefined;
  return (m[1] ?? m[2]).replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'").replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

// The hidden inputs of a page as [name, value] pairs (in page order).
function hiddenPairs(html) {
  return inputs(html).filter((t) => attr(t, 'type') === 'hidden').map((t) => [attr(t, 'name'), attr(t, 'value') ?? '']);
}

// The value of the input named name, or undefined.
function inputValue(html, name) {
  const t = inputs(html).find((x) => attr(x, 'name') === name);
  return t === undefined ? undefined : attr(t, 'value') ?? '';
}

// Posts the sign-in page's own form back (its hidden fields, a new name and password).
function signInAgain(c, page, path, username, password) {
  const pairs = hiddenPairs(page.text).concat([['relogin.username', username], ['relogin.password', password]]);
  return c.post(path, pairs);
}

const ten = async (st, today) => {
  const elder = await newElder({ station: st, village: F.V1, name: '过期测试老人' });
  const vol = await newVolunteer({ station: st, township: F.T1, village: F.V1, name: '过期测试志愿者' });
  const [[type]] = await sql("SELECT id FROM service_type WHERE active = 1 ORDER BY id LIMIT 1");
  const rows = [];
  for (let i = 0; i < 10; i++) {
    const h = String(7 + i).padStart(2, '0');
    rows.push({ date: today, elder, service_type: type, volunteer: [vol], start: `${h}:00`, end: `${h}:30`,
      note: `第${i + 1}行 "引号" <b>` });
  }
  return { elder, vol, rows };
};

test('expired session on the 10-row service form: 401 in Chinese, rows kept, sign in again, form back unsaved', async () => {
  const c = await loginAs('station1');
  const today = await serverToday(c);
  const { elder, rows } = await ten(F.S1, today);
  const csrf = await csrfOf(c, '/station/services/new');
  const before = (await sql(`SELECT COUNT(*) FROM service WHERE elder_id = ${elder}`))[0][0];
  await expire('station1');

  const r = await c.post('/station/services/new', servicePairs(csrf, rows));
  assert.equal(r.status, 401);
  assert.match(r.text, /登录已过期/);
  assert.doesNotMatch(r.text, /Forbidden|没有权限/);
  assert.match(r.text, /action="\/station\/services\/new"/);
  const kept = hiddenPairs(r.text);
  assert.equal(kept.filter(([k]) => k === 'csrf').length, 1, 'the page\'s own csrf field, not the posted one too');
  assert.equal(kept.find(([k]) => k === 'r10.note')[1], '第10行 "引号" <b>');
  assert.equal(kept.find(([k]) => k === 'r7.start')[1], '13:00');
  assert.equal((await sql(`SELECT COUNT(*) FROM service WHERE elder_id = ${elder}`))[0][0], before);

  const back = await signInAgain(c, r, '/station/services/new', 'station1', ADMIN_PASSWORD);
  assert.equal(back.status, 200, plain(back.text).slice(0, 300));
  assert.match(back.text, /已重新登录，请核对后保存/);
  assert.equal(inputValue(back.text, 'r10.start'), '16:00');
  assert.equal(inputValue(back.text, 'r10.note') ?? /name="r10\.note"[^>]*>([^<]*)</.exec(back.text)?.[1],
    '第10行 "引号" <b>');
  assert.equal((await sql(`SELECT COUNT(*) FROM service WHERE elder_id = ${elder}`))[0][0], before, 'not saved');
  const fresh = csrfFrom(back.text);
  assert.ok(fresh && fresh !== csrf, 'a fresh csrf token');
  // Saving now, with the new token, stores the ten rows.
  const save = await c.post('/station/services/new', servicePairs(fresh, rows));
  assert.equal(save.status, 303, plain(save.text).slice(0, 400));
  assert.equal(Number((await sql(`SELECT COUNT(*) FROM service WHERE elder_id = ${elder}`))[0][0]),
    Number(before) + 10);
});

test('expired session: a wrong password keeps the form; the throttle holds even the right one', async () => {
  await forgetFailures('station1');
  const c = await loginAs('station1');
  const csrf = await csrfOf(c, '/station/elders/new');
  await expire('station1');
  const fields = [['csrf', csrf], ['name', '赵过期'], ['id_number', makeId('522630', '19440203', 77)],
    ['village', String(F.V1)], ['living', 'alone'], ['contact_phone', '13912345678']];
  const r = await c.post('/station/elders/new', fields);
  assert.equal(r.status, 401);
  let page = r;
  for (let i = 0; i < 5; i++) {
    page = await signInAgain(c, page, '/station/elders/new', 'station1', 'wrong-password');
    assert.equal(page.status, 401, `attempt ${i + 1}`);
    assert.match(page.text, /用户名或密码不正确/);
    assert.equal(hiddenPairs(page.text).find(([k]) => k === 'name')[1], '赵过期');
    assert.ok(!hiddenPairs(page.text).some(([k]) => k.includes('password')), 'no password carried');
  }
  const held = await signInAgain(c, page, '/station/elders/new', 'station1', ADMIN_PASSWORD);
  assert.equal(held.status, 429);
  assert.match(held.text, /登录失败的次数太多/);
  assert.equal(hiddenPairs(held.text).find(([k]) => k === 'name')[1], '赵过期');
  assert.equal((await sql("SELECT COUNT(*) FROM elder WHERE name = '赵过期'"))[0][0], '0');
  const failures = await sql(`SELECT COUNT(*) FROM audit_log a JOIN staff s ON s.id = a.entity_id
    WHERE a.action = 'login_failed' AND s.username = 'station1' AND a.at > NOW() - INTERVAL 5 MINUTE`);
  assert.ok(Number(failures[0][0]) >= 5, 'failures audited like /login');
  await forgetFailures('station1');
  const ok = await signInAgain(c, held, '/station/elders/new', 'station1', ADMIN_PASSWORD);
  assert.equal(ok.status, 200);
  assert.match(ok.text, /已重新登录/);
  assert.equal(inputValue(ok.text, 'name'), '赵过期');
  assert.equal((await sql("SELECT COUNT(*) FROM elder WHERE name = '赵过期'"))[0][0], '0', 'not saved');
});

test('expired session on the class form; a sign-in without the page token is refused', async () => {
  const c = await loginAs('township1');
  const csrf = await csrfOf(c, '/admin/classes/new');
  await expire('township1');
  const day = new Date(Date.now() + 8 * 3600e3 + 10 * 86400e3).toISOString().slice(0, 10);
  const fields = {
    csrf, title: '过期后再登录的课', description: '说明', audience: 'grandparents', township: F.T1, venue: '村委会',
    date: day, start: '09:30', minutes: '90', capacity: '20', deadline: day, deadline_time: '08:00', status: 'open',
  };
  const r = await c.post('/admin/classes/new', fields);
  assert.equal(r.status, 401);
  assert.equal(hiddenPairs(r.text).find(([k]) => k === 'title')[1], '过期后再登录的课');
  // A post from another site (no token) gets the sign-in page without its fields: nothing for staff
  // to save unread after signing in.
  const foreign = await new Client().post('/admin/classes/new', { ...fields, csrf: '' });
  assert.equal(foreign.status, 401);
  assert.ok(!hiddenPairs(foreign.text).some(([k]) => k === 'title'), 'no fields of a foreign post kept');
  // A forged sign-in (no token) signs nobody in.
  const forged = await c.post('/admin/classes/new', { ...fields, csrf: 'x', 'relogin.username': 'township1',
    'relogin.password': ADMIN_PASSWORD });
  assert.equal(forged.status, 401);
  assert.equal((await c.get('/admin/classes')).status, 303);
  const back = await signInAgain(c, r, '/admin/classes/new', 'township1', ADMIN_PASSWORD);
  assert.equal(back.status, 200);
  assert.match(back.text, /已重新登录/);
  assert.equal(inputValue(back.text, 'title'), '过期后再登录的课');
  assert.equal((await sql("SELECT COUNT(*) FROM class WHERE title = '过期后再登录的课'"))[0][0], '0');
});

test('a signed-out GET goes to the sign-in page with the reason and a local return path only', async () => {
  const c = await loginAs('station1');
  await expire('station1');
  const r = await c.get('/station/elders');
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/login?next=/station/elders&reason=expired');
  const page = await c.get(r.headers.get('location'));
  assert.match(page.text, /登录已过期/);
  // Never signed in: no reason given.
  assert.equal((await new Client().get('/station/elders')).headers.get('location'), '/login?next=/station/elders');
  // After signing in, only a staff path of this site is followed.
  for (const [next, want] of [['/station/elders', '/station/elders'], ['//evil.example/', '/station/'],
    ['https://evil.example/', '/station/'], ['/\\evil.example', '/station/']]) {
    const d = new Client();
    const p = await d.get('/login');
    const s = await d.post('/login', { username: 'station1', password: ADMIN_PASSWORD, next, csrf: csrfFrom(p.text) });
    assert.equal(s.status, 303);
    assert.equal(s.headers.get('location'), want, next);
  }
});

test('an expired session on a form that is not kept (void) signs in and goes back to the page', async () => {
  const c = await loginAs('station1');
  const csrf = await csrfOf(c, '/station/services');
  await expire('station1');
  const r = await c.post('/station/services/1/void', { csrf, reason: '测试' });
  assert.equal(r.status, 401);
  assert.match(r.text, /登录已过期/);
  assert.ok(!hiddenPairs(r.text).some(([k]) => k === 'reason'), 'nothing kept on a form that is not resumed');
});

// Digits as a Chinese keyboard's full-width mode types them.
const wide = (s) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));

test('ID numbers and phones typed with spaces, hyphens, full-width digits or a small x are read as the number they are', async () => {
  // An ID number ending in X, typed with full-width digits and a small x.
  let seq = 1 + 2 * (process.pid % 400);
  while (makeId('510802', '19720305', seq).slice(-1) !== 'X') seq += 2;
  const id = makeId('510802', '19720305', seq);
  const typedId = `${wide(id.slice(0, 6))} ${id.slice(6, 14)} ${id.slice(14, 17)}x`;
  const phone = `139${String(process.pid % 10000).padStart(4, '0')}${String(Date.now() % 10000).padStart(4, '0')}`;
  const typedPhone = `${phone.slice(0, 3)} ${wide(phone.slice(3, 7))}-${phone.slice(7)}`;
  const c = new Client();
  const form = await c.get('/volunteer/register');
  const r = await c.post('/volunteer/register', {
    csrf: csrfFrom(form.text), name: '宽字符', id_number: typedId, phone: typedPhone, township: F.T1,
    village: F.V1, address: '', skills: ['meal'], availability: ['weekend'], consent: 'yes',
  });
  assert.equal(r.status, 303, plain(r.text).slice(0, 400));
  const rows = await sql(`SELECT phone, id_mask, sex, birth_date FROM volunteer WHERE phone = ${sqlString(phone)}`);
  assert.deepEqual(rows, [[phone, `${id.slice(0, 6)}********${id.slice(14)}`, 'M', '1972-03-05']]);

  // The look-up reads the same way (the ID number with a small x, the phone with spaces).
  const l = new Client();
  const lf = await l.get('/volunteer/lookup');
  const found = await l.post('/volunteer/lookup', { csrf: csrfFrom(lf.text), number: typedId,
    phone: `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}` });
  assert.equal(found.status, 200);
  // Found by ID number, it shows the review's outcome alone (SECURITY.md): found, not refused.
  assert.match(plain(found.text), /审核结果\s*待审核/);
  assert.doesNotMatch(found.text, /没有查到/);

  // What is not unambiguous is still refused, with a message that is true of it; the input stays.
  const again = await c.get('/volunteer/register');
  const bad = await c.post('/volunteer/register', {
    csrf: csrfFrom(again.text), name: '宽字符', id_number: `${id.slice(0, 17)}Y`, phone: '139.0000.1111',
    township: F.T1, village: F.V1, skills: ['meal'], availability: ['weekend'], consent: 'yes',
  });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /请填写正确的11位手机号码/);
  assert.match(plain(bad.text), /身份证号码.*(最后一位|校验|不对|有误)/);
  assert.equal(inputValue(bad.text, 'phone'), '139.0000.1111');

  // Staff forms go through the same table: an elder's contact phone with spaces.
  const s1 = await loginAs('station1');
  const csrf = await csrfOf(s1, '/station/elders/new');
  const eid = makeId('522630', '19450606', process.pid % 997);
  const e = await s1.post('/station/elders/new', [['csrf', csrf], ['name', '钱宽字'], ['id_number', wide(eid)],
    ['village', String(F.V1)], ['living', 'alone'], ['care', 'alone'], ['contact_name', '钱大'],
    ['contact_phone', '139 1234 5678']]);
  assert.equal(e.status, 303, plain(e.text).slice(0, 500));
  assert.deepEqual(await sql("SELECT contact_phone, id_mask FROM elder WHERE name = '钱宽字' ORDER BY id DESC LIMIT 1"),
    [['13912345678', `${eid.slice(0, 6)}********${eid.slice(14)}`]]);
});

test('wording: a full class offers 报名候补; no nested brackets; age groups that do not overlap; 志愿者查询 named and linked', async () => {
  const { newClass, enrol } = await import('./classes-helpers.mjs');
  const full = await newClass({ capacity: 1, title: '满员的课' });
  const first = await enrol(full);
  assert.equal(first.status, 303);
  const page = await new Client().get(`/classes/${full}`);
  assert.match(page.text, /<button[^>]*>报名候补<\/button>/);
  assert.doesNotMatch(page.text, /提交报名/);
  const open = await newClass({ capacity: 5, title: '有空位的课' });
  assert.match((await new Client().get(`/classes/${open}`)).text, /<button[^>]*>提交报名<\/button>/);
  const text = plain(page.text);
  assert.doesNotMatch(text, /（[^（）]*（/, 'no bracket inside a bracket');
  // Age groups: whole years, each year in one group only; the stored codes are unchanged.
  const groups = [...page.text.matchAll(/name="child_age_group" value="([^"]+)"[^>]*>\s*(\d+)–(\d+)岁/g)]
    .map((m) => [m[1], Number(m[2]), Number(m[3])]);
  assert.deepEqual(groups.map((g) => g[0]), ['0-3', '3-6', '6-12', '12-18']);
  for (let i = 1; i < groups.length; i++) assert.equal(groups[i][1], groups[i - 1][2] + 1, 'adjacent, not overlapping');
  // The public menu has the look-up.
  assert.match((await new Client().get('/')).text, /<nav>(?:(?!<\/nav>).)*href="\/volunteer\/lookup"[^>]*>志愿者查询/s);
  // A second registration with the same ID number names the page and links to it.
  const id = makeId('510802', '19800101', 900 + (process.pid % 90));
  const reg = async (phone) => {
    const c = new Client();
    const f = await c.get('/volunteer/register');
    return c.post('/volunteer/register', { csrf: csrfFrom(f.text), name: '重复报名', id_number: id, phone,
      township: F.T1, village: F.V1, skills: ['meal'], availability: ['weekend'], consent: 'yes' });
  };
  await reg(`137${String(Date.now() % 1e8).padStart(8, '0')}`);
  const dup = await reg('13700000001');
  assert.equal(dup.status, 422);
  assert.match(dup.text, /可到“志愿者查询”/);
  assert.match(dup.text, /<a href="\/volunteer\/lookup">[^<]*志愿者查询/);
  assert.doesNotMatch(dup.text, /查询报名结果/);
});

test('elders in the service form say what their number is', async () => {
  const c = await loginAs('station1');
  const r = await c.get('/station/services/new?rows=1');
  assert.equal(r.status, 200);
  const options = [...r.text.matchAll(/<select id="r1\.elder"[\s\S]*?<\/select>/g)][0][0];
  assert.match(options, /（身份证尾号\d{3}[\dX]）/);
  assert.doesNotMatch(options, />[^<（]+ \d{4}</, 'no bare four digits after a name');
});

test('cancelling an enrolment needs 确认取消: without it nothing changes and the page says why', async () => {
  const { newClass, enrol, statusOf, enrolments } = await import('./classes-helpers.mjs');
  const id = await newClass({ capacity: 1, title: '确认取消的课' });
  const a = await enrol(id);
  const b = await enrol(id);
  const c = new Client();
  const page = await c.get(`/classes/enrolment/${a.code}`);
  assert.match(page.text, /name="confirm" value="yes"/);
  assert.match(page.text, /确认取消/);
  const r = await c.post(`/classes/enrolment/${a.code}`, { action: 'cancel', csrf: csrfFrom(page.text) });
  assert.equal(r.status, 422);
  assert.match(r.text, /请先勾选“确认取消”/);
  assert.match(r.text, /报名还没有取消/);
  assert.equal(await statusOf(a.code), '已报名');
  assert.equal(await statusOf(b.code), '候补（第1位）');
  const ok = await c.post(`/classes/enrolment/${a.code}`, { action: 'cancel', confirm: 'yes', csrf: csrfFrom(r.text) });
  assert.equal(ok.status, 303);
  assert.equal(await statusOf(a.code), '已取消');
  assert.equal(await statusOf(b.code), '已报名');

  // The roster's 取消报名 asks on a page of its own first.
  const t1 = await loginAs('township1');
  const roster = await t1.get(`/admin/classes/${id}/roster`);
  const csrf = csrfFrom(roster.text);
  const [eb] = (await enrolments(id)).filter((e) => e.code === b.code);
  const ask = await t1.post(`/admin/classes/${id}/roster`, { cancel: eb.id, csrf });
  assert.equal(ask.status, 200);
  assert.match(ask.text, /确定要取消/);
  assert.match(ask.text, /报名还没有取消/);
  assert.match(ask.text, /name="confirm" value="yes"/);
  assert.equal(await statusOf(b.code), '已报名', 'nothing changed by the first tap');
  const done = await t1.post(`/admin/classes/${id}/roster`, { cancel: eb.id, confirm: 'yes', csrf: csrfFrom(ask.text) });
  assert.equal(done.status, 303);
  assert.equal(await statusOf(b.code), '已取消');
});

// The summary's links: [href, text] of each, and whether each target exists on the page.
function summaryLinks(html) {
  const box = /<div class="errors" role="alert">([\s\S]*?)<\/div>/.exec(html);
  assert.ok(box, 'an error summary');
  return [...box[1].matchAll(/<a href="#([^"]+)">([^<]*)<\/a>/g)].map((m) => [m[1], m[2]]);
}
function assertTargets(html, links, what) {
  for (const [id] of links) {
    assert.ok(html.includes(`id="${id}"`), `${what}: no element with id ${id} for the summary's link`);
  }
}

test('the error summary lists each problem with a link to its field, or to its row on the service form', async () => {
  // Public registration, everything empty: one link per field in error, each to an existing id.
  const c = new Client();
  const f = await c.get('/volunteer/register');
  const r = await c.post('/volunteer/register', { csrf: csrfFrom(f.text), name: '张1', phone: '12' });
  assert.equal(r.status, 422);
  const links = summaryLinks(r.text);
  const ids = links.map(([id]) => id);
  for (const want of ['name', 'id_number', 'phone', 'township', 'village', 'skills', 'availability', 'consent']) {
    assert.ok(ids.includes(want), `summary links to ${want}: ${ids.join(',')}`);
  }
  assert.ok(links.find(([id]) => id === 'phone')[1].includes('11位手机号码'), 'the link says the problem');
  assertTargets(r.text, links, 'registration');

  // Enrolment form.
  const { newClass } = await import('./classes-helpers.mjs');
  const cls = await newClass({ title: '摘要链接的课' });
  const e = new Client();
  const ep = await e.get(`/classes/${cls}`);
  const er = await e.post(`/classes/${cls}`, { csrf: csrfFrom(ep.text) });
  assert.equal(er.status, 422);
  const el = summaryLinks(er.text);
  assert.ok(el.length >= 5, `enrolment summary: ${el.length} links`);
  assertTargets(er.text, el, 'enrolment');

  // Staff forms: the elder form and the class form.
  const s1 = await loginAs('station1');
  const ef = await s1.post('/station/elders/new', { csrf: await csrfOf(s1, '/station/elders/new'), contact_phone: 'x' });
  assert.equal(ef.status, 422);
  const efl = summaryLinks(ef.text);
  assert.ok(efl.length >= 3);
  assertTargets(ef.text, efl, 'elder form');
  const t1 = await loginAs('township1');
  const cf = await t1.post('/admin/classes/new', { csrf: await csrfOf(t1, '/admin/classes/new') });
  assert.equal(cf.status, 422);
  const cfl = summaryLinks(cf.text);
  assert.ok(cfl.length >= 3);
  assertTargets(cf.text, cfl, 'class form');

  // The service form: rows 2 and 4 wrong, each linked as its row with what is wrong.
  const today = await serverToday(s1);
  const { rows } = await ten(F.S1, today);
  const bad = [rows[0], { ...rows[1], start: '25:00' }, rows[2], { ...rows[3], elder: '' }];
  const sr = await s1.post('/station/services/new', servicePairs(await csrfOf(s1, '/station/services/new'), bad));
  assert.equal(sr.status, 422);
  const sl = summaryLinks(sr.text);
  assert.deepEqual(sl.map(([id]) => id), ['row2', 'row4']);
  assert.match(sl[0][1], /^第 2 条：.*时:分/);
  assert.match(sl[1][1], /^第 4 条：.*服务对象/);
  assertTargets(sr.text, sl, 'service form');
});

test('the look-up shows the assigned station with its address and phone', async () => {
  const [[number, phone, address, tel]] = await sql(`SELECT v.number, v.phone, st.address, st.phone
    FROM volunteer v JOIN station st ON st.id = v.station_id WHERE v.station_id = ${F.S1} AND v.status = 'approved'
    AND v.number IS NOT NULL ORDER BY v.id LIMIT 1`);
  assert.ok(address !== '' && /^0827-\d{7}$/.test(tel), `demo station has an address and a phone: ${address} ${tel}`);
  const c = new Client();
  const f = await c.get('/volunteer/lookup');
  const r = await c.post('/volunteer/lookup', { csrf: csrfFrom(f.text), number, phone });
  assert.equal(r.status, 200);
  assert.match(r.text, new RegExp(`服务站地址</dt><dd class="station-address">${address}</dd>`));
  assert.match(r.text, new RegExp(`服务站电话</dt><dd class="station-phone"><a href="tel:${tel.replace('-', '')}">${tel}</a>`));
  // A station whose phone is not known: the address alone, no empty line.
  await sql(`UPDATE station SET phone = '' WHERE id = ${F.S1}`);
  try {
    const again = await c.post('/volunteer/lookup', { csrf: csrfFrom(f.text), number, phone });
    assert.match(again.text, /服务站地址/);
    assert.doesNotMatch(again.text, /服务站电话/);
  } finally {
    await sql(`UPDATE station SET phone = ${sqlString(tel)} WHERE id = ${F.S1}`);
  }
  // Someone not yet assigned sees no station lines.
  const { register } = await import('./staff-lib.mjs');
  const p = await register(AREA);
  const l = await c.post('/volunteer/lookup', { csrf: csrfFrom(f.text), number: p.idNumber, phone: p.phone });
  assert.equal(l.status, 200);
  assert.doesNotMatch(l.text, /服务站地址|服务站电话/);
});

test('defaults: approving preselects the station of the volunteer\'s village; a township admin\'s class form has its township alone', async () => {
  const { register } = await import('./staff-lib.mjs');
  const t1 = await loginAs('township1');
  // From 新华村 (station S1 is there): S1 chosen; from 阳望山村 (no station): nothing chosen.
  const there = await register(AREA, { township: F.T1, village: F.V1 });
  const page = await t1.get(`/admin/volunteers/${there.id}`);
  assert.equal(page.status, 200);
  const select = /<select id="station" name="station">([\s\S]*?)<\/select>/.exec(page.text)[1];
  const selected = [...select.matchAll(/<option value="(\d*)" selected/g)].map((m) => Number(m[1]));
  assert.deepEqual(selected, [F.S1]);
  const [[village]] = await sql(`SELECT village_id FROM station WHERE id = ${F.S1}`);
  assert.equal(Number(village), F.V1, 'the suggestion is the station of that village');
  const none = await register(AREA, { township: F.T1, village: F.V3 });
  const p2 = await t1.get(`/admin/volunteers/${none.id}`);
  const s2 = /<select id="station" name="station">([\s\S]*?)<\/select>/.exec(p2.text)[1];
  assert.doesNotMatch(s2, /selected/);
  // Approving with the suggested station stores it.
  const ok = await t1.post(`/admin/volunteers/${there.id}/approve`, { csrf: csrfFrom(page.text), station: F.S1 });
  assert.equal(ok.status, 303);
  assert.deepEqual(await sql(`SELECT status, station_id FROM volunteer WHERE id = ${there.id}`), [['approved', String(F.S1)]]);

  // A township admin's class form offers its own township, chosen; the county's offers all.
  const form = await t1.get('/admin/classes/new');
  const ts = /<select id="township" name="township">([\s\S]*?)<\/select>/.exec(form.text)[1];
  assert.deepEqual([...ts.matchAll(/<option value="(\d*)"( selected)?/g)].map((m) => [m[1], Boolean(m[2])]),
    [[String(F.T1), true]]);
  const admin = await loginAs('admin');
  const all = /<select id="township" name="township">([\s\S]*?)<\/select>/.exec((await admin.get('/admin/classes/new')).text)[1];
  const [[count]] = await sql('SELECT COUNT(*) FROM township WHERE active = 1');
  assert.equal([...all.matchAll(/<option value="\d+"/g)].length, Number(count));
});

test('the audit page reads in Chinese: actions, records by name, before and after as lines; filters are choices', async () => {
  const admin = await loginAs('admin');
  // A known change to read back: station1's display name is the record, its role and township the lines.
  const [[sid, display]] = await sql("SELECT id, display_name FROM staff WHERE username = 'township1'");
  const r = await admin.get(`/admin/audit?action=login&entity=staff&entity_id=${sid}`);
  assert.equal(r.status, 200);
  const row = /<tbody>([\s\S]*?)<\/tr>/.exec(r.text)[1];
  assert.match(row, /class="action">登录</);
  assert.match(row, new RegExp(`class="record">工作人员 ${display}`));
  assert.doesNotMatch(row, /staff #|\blogin\b/);
  // Filters are selects of actions and record kinds, not typed codes.
  assert.match(r.text, /<select id="action" name="action">[\s\S]*?<option value="approve">审核通过<\/option>/);
  assert.match(r.text, /<select id="entity" name="entity">[\s\S]*?<option value="volunteer">志愿者<\/option>/);
  assert.match(r.text, /<option value="login" selected>登录<\/option>/);
  assert.equal((await admin.get('/admin/audit?action=no_such_action')).status, 422);

  // A staff account made here: its creation reads as lines with Chinese names and values.
  const { createStaff } = await import('./staff-lib.mjs');
  const uname = `au_${process.pid % 100000}`;
  const made = await createStaff(admin, { username: uname, display_name: '审计读法', role: 'station_operator', station: F.S1 });
  const page = await admin.get(`/admin/audit?action=create&entity=staff&entity_id=${made.id}`);
  const cells = /<tbody>([\s\S]*?)<\/tr>/.exec(page.text)[1];
  assert.match(cells, /class="action">新建账号</);
  assert.match(cells, /工作人员 审计读法/);
  const lines = [...cells.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]);
  const [[stationName]] = await sql(`SELECT name FROM station WHERE id = ${F.S1}`);
  const [[townshipName]] = await sql(`SELECT name FROM township WHERE id = ${F.T1}`);
  assert.deepEqual(lines, [`用户名：${uname}`, '角色：服务站操作员', `乡镇：${townshipName}`, `服务站：${stationName}`]);
  // The stored text is what it was (codes), only shown otherwise.
  const [[after]] = await sql(`SELECT after_value FROM audit_log WHERE action = 'create' AND entity = 'staff' AND entity_id = ${made.id}`);
  assert.match(after, /role=station_operator/);

  // Personal data stays as stored: an elder's ID number masked.
  const ep = await admin.get('/admin/audit?action=elder.create');
  assert.equal(ep.status, 200);
  for (const m of ep.text.matchAll(/身份证号码：([^<]*)</g)) assert.match(m[1], /^\d{6}\*{8}[\dX]{4}$/);
});
