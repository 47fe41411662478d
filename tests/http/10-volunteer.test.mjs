// Volunteer registration, end to end through nginx, the responder and
// MariaDB: the valid path, every invalid field, CSRF, limits, encodings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, csrfFrom, sql, makeId, BASE, demo } from './lib.mjs';

// Demo places and stations by code (lib.mjs), never by id.
const F = await demo();

const today = new Date();
const ymd = (d) => d.toISOString().slice(0, 10).replaceAll('-', '');
let phoneSeq = 0;
// A distinct valid adult registration each call.
function person(over = {}) {
  phoneSeq += 1;
  const stamp = (Date.now() % 100000000).toString().padStart(8, '0');
  return {
    name: '测试员',
    id_number: makeId('522630', `1970${String(1 + (phoneSeq % 12)).padStart(2, '0')}15`, phoneSeq + (Date.now() % 900)),
    phone: `139${stamp.slice(0, 4)}${String(phoneSeq).padStart(4, '0')}`.slice(0, 11),
    township: F.T1,
    village: F.V1,
    address: '3组12号',
    skills: ['meal', 'company'],
    availability: ['weekend'],
    consent: 'yes',
    ...over,
  };
}

// Form fields as ordered pairs (repeatable ones expanded).
function pairs(fields, csrf) {
  const out = [];
  if (csrf !== undefined) out.push(['csrf', csrf]);
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) out.push([k, one]);
  }
  return out;
}

async function openForm() {
  const c = new Client();
  const r = await c.get('/volunteer/register');
  assert.equal(r.status, 200);
  return { c, csrf: csrfFrom(r.text) };
}

async function countByPhone(phone) {
  const rows = await sql(`SELECT COUNT(*) FROM volunteer WHERE phone = '${phone}'`);
  return Number(rows[0][0]);
}

test('the form has every field, the privacy notice and a CSRF token', async () => {
  const { c } = await openForm();
  const r = await c.get('/volunteer/register');
  for (const name of ['name', 'id_number', 'phone', 'township', 'village', 'address', 'skills', 'availability', 'consent', 'csrf']) {
    assert.match(r.text, new RegExp(`name="${name}"`), name);
  }
  assert.match(r.text, /个人信息处理说明/);
  assert.match(r.text, /诺江镇/);
  assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.match(r.headers.get('content-security-policy'), /frame-ancestors 'none'/);
  assert.doesNotMatch(r.headers.get('content-security-policy'), /unsafe-inline/);
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.ok(r.headers.get('referrer-policy'));
  // A first visit (no cookie yet) gets the CSRF cookie, HttpOnly.
  const first = await new Client().get('/volunteer/register');
  const cookie = first.headers.get('set-cookie') || '';
  assert.match(cookie, /^lx_csrf=[^;]+;.*HttpOnly/);
});

test('a valid registration lands exactly once, encrypted, with sex and birth from the ID', async () => {
  const { c, csrf } = await openForm();
  const p = person({ id_number: makeId('110105', '19491231', 2) });
  const r = await c.post('/volunteer/register', pairs(p, csrf));
  assert.equal(r.status, 303, r.text);
  assert.equal(r.headers.get('location'), '/volunteer/register/done');
  const done = await c.get('/volunteer/register/done');
  assert.equal(done.status, 200);
  assert.match(done.text, /审核/);
  assert.doesNotMatch(done.text, new RegExp(p.id_number));
  const rows = await sql(`SELECT name, id_mask, sex, birth_date, status, skills, availability, HEX(id_cipher) FROM volunteer WHERE phone = '${p.phone}'`);
  assert.equal(rows.length, 1);
  const [name, mask, sex, birth, status, skills, avail, cipherHex] = rows[0];
  assert.equal(name, p.name);
  assert.equal(mask, `${p.id_number.slice(0, 6)}********${p.id_number.slice(14)}`);
  assert.equal(sex, Number(p.id_number[16]) % 2 ? 'M' : 'F');
  assert.equal(birth, '1949-12-31');
  assert.equal(status, 'pending');
  assert.equal(skills, 'meal,company');
  assert.equal(avail, 'weekend');
  assert.ok(!cipherHex.includes(Buffer.from(p.id_number).toString('hex').toUpperCase()), 'ID stored in clear');
  const consent = await sql(`SELECT consent_version IS NOT NULL AND consent_at IS NOT NULL FROM volunteer WHERE phone = '${p.phone}'`);
  assert.equal(consent[0][0], '1');

  // The same ID number again, from another browser: refused, nothing stored.
  const again = await openForm();
  const p2 = { ...p, phone: '13700000099' };
  const r2 = await again.c.post('/volunteer/register', pairs(p2, again.csrf));
  assert.equal(r2.status, 422);
  assert.match(r2.text, /已经报过名/);
  assert.equal(await countByPhone(p2.phone), 0);
});

const minorBirth = ymd(new Date(today.getFullYear() - 10, 0, 1));
const futureBirth = ymd(new Date(today.getFullYear() + 1, 5, 1)); // future in any time zone
const bad = [
  ['name missing', { name: '' }, 'name', /请填写姓名/],
  ['name with digits', { name: '张3' }, 'name', /汉字/],
  ['name too long', { name: '张'.repeat(21) }, 'name', /2至20/],
  ['ID with wrong check character', { id_number: '110105194912310021' }, 'id_number', /核对|校验/],
  // (A lower-case x is read as X: 70-friction.)
  ['ID with a letter other than X', { id_number: '11010519491231002Y' }, 'id_number', /只能填数字/],
  ['ID of 17 characters', { id_number: '11010519491231002' }, 'id_number', /18/],
  ['ID of 19 characters', { id_number: '11010519491231002X1' }, 'id_number', /18/],
  ['ID with impossible date', { id_number: makeId('110105', '19490230', 3) }, 'id_number', /日期/],
  ['ID born in the future', { id_number: makeId('110105', futureBirth, 3) }, 'id_number', /今天|日期/],
  ['ID of a minor', { id_number: makeId('110105', minorBirth, 3) }, 'id_number', /18周岁.*学校|监护人/],
  ['phone not a mobile', { phone: '0851123456' }, 'phone', /手机号码/],
  ['township missing', { township: '' }, 'township', /乡镇/],
  ['village of another township', { township: F.T2, village: F.V1 }, 'village', /不属于/],
  ['village unknown', { village: '99999' }, 'village', /不属于/],
  ['skill not on the list', { skills: ['flying'] }, 'skills', /选择/],
  ['no skill', { skills: [] }, 'skills', /至少/],
  ['no availability', { availability: [] }, 'availability', /至少/],
  ['consent missing', { consent: undefined }, 'consent', /同意/],
  ['address too long', { address: '长'.repeat(61) }, 'address', /60/],
];

for (const [what, over, field, message] of bad) {
  test(`invalid: ${what} — 422, message by the field, input kept, nothing stored`, async () => {
    const { c, csrf } = await openForm();
    const p = person(over);
    const r = await c.post('/volunteer/register', pairs(p, csrf));
    assert.equal(r.status, 422);
    assert.match(r.text, message);
    assert.match(r.text, new RegExp(`id="${field}-error"`));
    // The other fields come back as typed (consent never does).
    if (field !== 'phone') assert.match(r.text, new RegExp(`value="${p.phone}"`));
    if (field !== 'name' && p.name) assert.match(r.text, new RegExp(`value="${p.name}"`));
    assert.doesNotMatch(r.text, /name="consent" value="yes" checked/);
    assert.equal(await countByPhone(p.phone), 0);
  });
}

test('markup and SQL in every field are stored and shown inert', async () => {
  const evil = `<script>alert(1)</script>' OR '1'='1'; DROP TABLE volunteer; --`;
  const { c, csrf } = await openForm();
  // Rejected fields: shown back escaped, never as markup.
  const p = person({ name: evil, id_number: evil, phone: evil, township: evil, village: evil, address: evil, skills: [evil], availability: [evil] });
  const r = await c.post('/volunteer/register', pairs(p, csrf));
  assert.equal(r.status, 422);
  assert.doesNotMatch(r.text, /<script>alert/);
  assert.match(r.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  // Accepted free text: stored verbatim, and the table is still there.
  const ok = person({ address: evil.slice(0, 60) });
  const { c: c2, csrf: t2 } = await openForm();
  const r2 = await c2.post('/volunteer/register', pairs(ok, t2));
  assert.equal(r2.status, 303, r2.text);
  const rows = await sql(`SELECT address FROM volunteer WHERE phone = '${ok.phone}'`);
  assert.equal(rows[0][0], evil.slice(0, 60));
});

test('POST without or with a wrong CSRF token is 403 and stores nothing', async () => {
  const { c, csrf } = await openForm();
  const p = person();
  const r = await c.post('/volunteer/register', pairs(p));
  assert.equal(r.status, 403);
  assert.match(r.text, /刷新/);
  const r2 = await c.post('/volunteer/register', pairs(p, csrf + 'x'));
  assert.equal(r2.status, 403);
  // A token from one browser does not work in another.
  const other = new Client();
  const r3 = await other.post('/volunteer/register', pairs(p, csrf));
  assert.equal(r3.status, 403);
  assert.equal(await countByPhone(p.phone), 0);
});

test('a body over the limit is 413 with a Chinese page', async () => {
  const { c, csrf } = await openForm();
  const r = await c.post('/volunteer/register', pairs(person({ address: 'x'.repeat(40 * 1024) }), csrf));
  assert.equal(r.status, 413);
  assert.match(r.text, /太多/);
});

test('invalid UTF-8 is 400, escaped or raw', async () => {
  const { c, csrf } = await openForm();
  const r = await c.postRaw('/volunteer/register', Buffer.from(`csrf=${csrf}&name=%FF%FE&phone=1`), 'application/x-www-form-urlencoded');
  assert.equal(r.status, 400);
  assert.match(r.text, /UTF-8/);
  const raw = Buffer.concat([Buffer.from(`csrf=${csrf}&name=`), Buffer.from([0xc0, 0xaf])]);
  const r2 = await c.postRaw('/volunteer/register', raw, 'application/x-www-form-urlencoded');
  assert.equal(r2.status, 400);
  const r3 = await c.get('/volunteer/register?x=%ED%A0%80');
  assert.equal(r3.status, 400);
});

test('unknown route 404, wrong method 405 with Allow', async () => {
  const c = new Client();
  const r = await c.get('/volunteer/no-such-page');
  assert.equal(r.status, 404);
  assert.match(r.text, /没有找到/);
  const r2 = await fetch(`${BASE}/volunteer/register`, { method: 'PUT', body: 'x' });
  assert.equal(r2.status, 405);
  assert.match(r2.headers.get('allow'), /POST/);
  const r3 = await fetch(`${BASE}/`, { method: 'POST', body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(r3.status, 405);
  const r4 = await fetch(`${BASE}/volunteer/register/done`, { method: 'DELETE' });
  assert.equal(r4.status, 405);
});

test('a form in another encoding than urlencoded is refused', async () => {
  const { c, csrf } = await openForm();
  const r = await c.postRaw('/volunteer/register', Buffer.from(`{"csrf":"${csrf}"}`), 'application/json');
  assert.equal(r.status, 415);
});

test('home and health check answer', async () => {
  const c = new Client();
  const home = await c.get('/');
  assert.equal(home.status, 200);
  for (const s of ['志愿者', '家长课堂', '/volunteer/register', '/classes']) assert.ok(home.text.includes(s), s);
  const h = await c.get('/healthz');
  assert.equal(h.status, 200);
  assert.equal(h.text.trim(), 'ok');
});

test('a lost database connection gives a retryable page with the input kept, then reconnects', async () => {
  // Kill every connection the responders hold; each thread must notice,
  // answer 503 with the form intact, and connect again for the next request.
  const { c, csrf } = await openForm();
  await sql("SELECT 1");
  const ids = await sql("SELECT id FROM information_schema.processlist WHERE user = 'laoxiao_public'");
  assert.ok(ids.length > 0, 'the public responder holds connections');
  for (const [id] of ids) await sql(`KILL CONNECTION ${id}`).catch(() => {});
  const p = person();
  let landed = false;
  let sawRetry = false;
  for (let i = 0; i < 60 && !landed; i++) {
    const r = await c.post('/volunteer/register', pairs(p, csrf));
    if (r.status === 303) landed = true;
    else {
      assert.equal(r.status, 503, r.text);
      assert.match(r.text, /稍后|过一会儿/);
      assert.match(r.text, new RegExp(`value="${p.phone}"`));
      sawRetry = true;
    }
  }
  assert.ok(landed, 'registration succeeds after reconnecting');
  assert.equal(await countByPhone(p.phone), 1);
  assert.ok(sawRetry || ids.length > 0);
});
