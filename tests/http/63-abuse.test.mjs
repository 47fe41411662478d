// Abuse by strangers (issue 12, defects 2 and 3): failures from one address
// never keep a name's owner out when they come from another; cross-site
// GETs cannot spend the budget of the address's own forms; the public forms
// are rate-limited per address (and per class); a registered ID number
// tells a stranger nothing but how to reach staff, and only within the
// form's limit; a look-up by ID number shows the review's outcome alone.
//
// Each test sends from loopback addresses of its own (node's localAddress),
// which nginx passes on as REMOTE_ADDR: a real other address, not a header
// that a client could choose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { BASE, ADMIN_PASSWORD, csrfFrom, formBody, sql, sqlString, makeId, demo } from './lib.mjs';
import { newClass, newPhone, enrolFields, enrol } from './classes-helpers.mjs';
import { signedIn, plain } from './staff-lib.mjs';

const F = await demo();

// A browser at one client address: a cookie jar, no redirects followed.
class From {
  constructor(addr) {
    this.addr = addr;
    this.jar = new Map();
  }

  request(method, urlPath, { fields, headers = {}, cookies = true } = {}) {
    const url = new URL(urlPath, BASE + '/');
    const body = fields === undefined ? undefined : formBody(fields);
    const h = { ...headers };
    if (cookies && this.jar.size > 0) h.Cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (body !== undefined) {
      h['Content-Type'] = 'application/x-www-form-urlencoded';
      h['Content-Length'] = Buffer.byteLength(body);
    }
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: url.hostname, port: url.port, path: url.pathname + url.search, method,
        localAddress: this.addr, agent: false, headers: h,
      }, (res) => {
        for (const c of res.headers['set-cookie'] || []) {
          const [pair] = c.split(';');
          const eq = pair.indexOf('=');
          if (/max-age=0/i.test(c)) this.jar.delete(pair.slice(0, eq));
          else this.jar.set(pair.slice(0, eq), pair.slice(eq + 1));
        }
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => { text += d; });
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
      });
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  get(urlPath, options) { return this.request('GET', urlPath, options); }

  // Opens formPage for its token, then posts fields with it.
  async submit(formPage, urlPath, fields) {
    const page = await this.get(formPage);
    const csrf = csrfFrom(page.text);
    assert.ok(csrf, `a form token on ${formPage} (${page.status})`);
    return this.request('POST', urlPath, { fields: { ...fields, csrf } });
  }
}

let next = 0;
// A loopback address no other test uses (127.63.x.y).
function address() {
  next += 1;
  return `127.63.${(process.pid + next) % 250 + 1}.${next % 250 + 2}`;
}

async function forget(addr) {
  await sql(`DELETE FROM throttle WHERE subject = '${addr}' OR subject LIKE '${addr} %' OR subject LIKE '% ${addr}'`);
}

test('5 wrong passwords for admin from one address: admin still signs in from another', async () => {
  const a = new From(address());
  const b = new From(address());
  const c = new From(address());
  for (let i = 0; i < 5; i++) {
    const r = await a.submit('/login', '/login', { username: 'admin', password: `Wrong-pass-${i}!` });
    assert.equal(r.status, 422, `attempt ${i + 1} from A is tried`);
  }
  const sixth = await a.submit('/login', '/login', { username: 'admin', password: 'Wrong-pass-6!' });
  assert.equal(sixth.status, 429, 'A is held for admin');
  assert.match(plain(sixth.text), /登录失败的次数太多/);
  // Even the right password from A is held: A's pair is spent.
  assert.equal((await a.submit('/login', '/login', { username: 'admin', password: ADMIN_PASSWORD })).status, 429);
  const [[held]] = await sql("SELECT COUNT(*) FROM throttle WHERE kind = 'login_account' AND subject = 'admin' AND at > NOW() - INTERVAL 15 MINUTE");
  assert.equal(held, '5', 'the name has its limit of failures: held for addresses with failures of their own');
  // C, a stranger with no failures, gets one try at the held name; after that C has a failure and is held.
  assert.equal((await c.submit('/login', '/login', { username: 'admin', password: 'Wrong-pass-c!' })).status, 422);
  assert.equal((await c.submit('/login', '/login', { username: 'admin', password: 'Wrong-pass-c2!' })).status, 429,
    'an address with failures meets the name\'s hold');
  // B, clean, has the right password: signs in.
  const ok = await b.submit('/login', '/login', { username: 'admin', password: ADMIN_PASSWORD });
  assert.equal(ok.status, 303, plain(ok.text).slice(0, 300));
  assert.match(ok.headers.location, /\/admin\//);
  assert.equal((await b.get('/admin/')).status, 200, 'a session');
  // The success forgot the name's failures and its pairs; the addresses keep theirs.
  const left = await sql(`SELECT kind, COUNT(*) FROM throttle WHERE kind IN ('login_account', 'login_pair')
    AND (subject = 'admin' OR subject LIKE '% admin') GROUP BY kind`);
  assert.deepEqual(left, []);
  const [[aLeft]] = await sql(`SELECT COUNT(*) FROM throttle WHERE kind = 'login_address' AND subject = '${a.addr}'`);
  assert.equal(aLeft, '5');
  for (const x of [a, b, c]) await forget(x.addr);
});

test('a signed-in password change counts per name and address: a stranger\'s failures elsewhere do not hold it', async () => {
  const owner = new From(address());
  assert.equal((await owner.submit('/login', '/login', { username: 'township1', password: ADMIN_PASSWORD })).status, 303);
  const stranger = new From(address());
  for (let i = 0; i < 6; i++) await stranger.submit('/login', '/login', { username: 'township1', password: `Nope-${i}-x!` });
  const [[failures]] = await sql("SELECT COUNT(*) FROM throttle WHERE kind = 'login_account' AND subject = 'township1'");
  assert.equal(failures, '5', 'the name is held for addresses with failures');
  const r = await owner.submit('/admin/password', '/admin/password',
    { current_password: 'not-the-password-1', new_password: 'Another-pass-2027', new_password2: 'Another-pass-2027' });
  assert.equal(r.status, 422, 'tried, not held');
  assert.match(plain(r.text), /现在的密码不对/);
  await forget(stranger.addr);
  await forget(owner.addr);
  await sql("DELETE FROM throttle WHERE subject = 'township1'");
});

test('20 cross-site image GETs of made-up codes spend nothing the address\'s own forms need', async () => {
  const id = await newClass({ capacity: 3 });
  const real = await enrol(id);
  assert.equal(real.status, 303);
  const office = new From(address());
  // A foreign page's <img src=".../classes/enrolment/JUNK">: a modern browser says cross-site and
  // sends no SameSite cookies.
  const junk = (i) => `/classes/enrolment/${'Zz9'.repeat(7)}${String.fromCharCode(65 + (i % 26))}`;
  for (let i = 0; i < 20; i++) {
    const r = await office.get(junk(i), { headers: { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Dest': 'image' }, cookies: false });
    assert.equal(r.status, 200, 'a page with a button, no look-up');
    assert.doesNotMatch(r.text, /已报名|候补|没有找到/);
  }
  const [[spent]] = await sql(`SELECT COUNT(*) FROM throttle WHERE subject = '${office.addr}'`);
  assert.equal(spent, '0', 'cross-site GETs are not counted');
  // An old browser sends no Sec-Fetch-Site: 25 images spend the GET budget (20), and only it.
  const statuses = [];
  for (let i = 0; i < 25; i++) statuses.push((await office.get(junk(i), { cookies: false })).status);
  assert.deepEqual(statuses, [...Array(20).fill(404), ...Array(5).fill(429)]);
  const [[gets]] = await sql(`SELECT COUNT(*) FROM throttle WHERE kind = 'class_code_get' AND subject = '${office.addr}'`);
  assert.equal(gets, '20');
  // The real holder at that address: the GET offers the button, the button (a POST) shows the enrolment.
  const page = await office.get(`/classes/enrolment/${real.code}`);
  assert.equal(page.status, 429);
  assert.match(page.text, /查看我的报名/);
  assert.ok(page.text.includes(`action="/classes/enrolment/${real.code}"`));
  const view = await office.request('POST', `/classes/enrolment/${real.code}`, { fields: { action: 'view', csrf: csrfFrom(page.text) } });
  assert.equal(view.status, 200);
  assert.match(plain(view.text), /已报名/);
  // The same address can still cancel it (another POST).
  const cancel = await office.request('POST', `/classes/enrolment/${real.code}`, { fields: { action: 'cancel', confirm: 'yes', csrf: csrfFrom(view.text) } });
  assert.equal(cancel.status, 303);
  const [[status]] = await sql(`SELECT status FROM class_enrolment WHERE code = ${sqlString(real.code)}`);
  assert.equal(status, 'cancelled');
  // And a foreign page cannot press the button: no token, 403.
  const forged = await new From(office.addr).request('POST', `/classes/enrolment/${real.code}`, { fields: { action: 'view' } });
  assert.equal(forged.status, 403);
  await forget(office.addr);
});

// A valid registration's fields, with a fresh ID number and phone.
let seq = 0;
function registration(over = {}) {
  seq += 1;
  const n = (process.pid % 500) * 40 + seq;
  return {
    name: '限流测试', id_number: makeId('510105', `1970${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}`, n % 999),
    phone: `135${String(process.pid % 1000).padStart(3, '0')}${String(n).padStart(5, '0')}`,
    township: F.T1, village: F.V1, address: '', skills: ['meal'], availability: ['weekend'], consent: 'yes', ...over,
  };
}

test('registrations: 10 an hour from one address, then 429 with the form kept; invalid forms do not count', async () => {
  const x = new From(address());
  const bad = await x.submit('/volunteer/register', '/volunteer/register', registration({ phone: '123' }));
  assert.equal(bad.status, 422);
  const phones = [];
  for (let i = 0; i < 10; i++) {
    const f = registration();
    phones.push(f.phone);
    const r = await x.submit('/volunteer/register', '/volunteer/register', f);
    assert.equal(r.status, 303, `registration ${i + 1}: ${plain(r.text).slice(0, 200)}`);
  }
  const last = registration({ name: '第十一位' });
  const held = await x.submit('/volunteer/register', '/volunteer/register', last);
  assert.equal(held.status, 429);
  assert.match(plain(held.text), /提交的报名太多了.*请在 \d\d:\d\d 以后再试/);
  assert.ok(held.text.includes('value="第十一位"') && held.text.includes(`value="${last.phone}"`), 'the input is kept');
  const [[made]] = await sql(`SELECT COUNT(*) FROM volunteer WHERE phone IN (${[...phones, last.phone].map((p) => `'${p}'`).join(',')})`);
  assert.equal(made, '10', 'the held one was not written');
  // Another address is not affected.
  assert.equal((await new From(address()).submit('/volunteer/register', '/volunteer/register', registration())).status, 303);
  await forget(x.addr);
});

test('a registered ID number: a neutral message and how to reach staff, rationed like registrations', async () => {
  const owner = new From(address());
  const first = registration({ name: '真正本人' });
  assert.equal((await owner.submit('/volunteer/register', '/volunteer/register', first)).status, 303);
  const prober = new From(address());
  // An incomplete form with that ID number says nothing about it.
  const incomplete = await prober.submit('/volunteer/register', '/volunteer/register', { ...registration(), id_number: first.id_number, consent: undefined });
  assert.equal(incomplete.status, 422);
  assert.doesNotMatch(plain(incomplete.text), /不能在网上报名|报过名/);
  const again = await prober.submit('/volunteer/register', '/volunteer/register', { ...registration(), id_number: first.id_number });
  assert.equal(again.status, 422);
  const t = plain(again.text);
  assert.match(t, /这个身份证号码不能在网上报名/);
  assert.match(t, /乡镇民政办|县民政局/, 'how the real person reaches staff');
  assert.doesNotMatch(t, /真正本人|待审核|已通过|QS\d{8}/, 'nothing about the registration');
  assert.ok(!again.text.includes(first.phone));
  // Each such answer is counted: 9 more probes, then 429 (no unthrottled oracle).
  const answers = [];
  for (let i = 0; i < 10; i++) {
    answers.push((await prober.submit('/volunteer/register', '/volunteer/register', { ...registration(), id_number: first.id_number })).status);
  }
  assert.deepEqual(answers, [...Array(9).fill(422), 429]);
  const [[count]] = await sql(`SELECT COUNT(*) FROM throttle WHERE kind = 'register_addr' AND subject = '${prober.addr}'`);
  assert.equal(count, '10');
  await forget(owner.addr);
  await forget(prober.addr);
});

test('a look-up by ID number shows the review\'s outcome alone, even for whoever registered with it', async () => {
  const admin = await signedIn('admin');
  // Someone registers with another person's ID number and their own phone; staff approve it.
  const f = registration({ name: '冒名者' });
  const x = new From(address());
  assert.equal((await x.submit('/volunteer/register', '/volunteer/register', f)).status, 303);
  const [[vid]] = await sql(`SELECT id FROM volunteer WHERE phone = '${f.phone}'`);
  const page = await admin.get(`/admin/volunteers/${vid}`);
  const ok = await admin.post(`/admin/volunteers/${vid}/approve`, { csrf: csrfFrom(page.text), station: F.S1 });
  assert.equal(ok.status, 303);
  const [[number]] = await sql(`SELECT number FROM volunteer WHERE id = ${vid}`);
  const byId = await x.submit('/volunteer/lookup', '/volunteer/lookup', { number: f.id_number, phone: f.phone });
  assert.equal(byId.status, 200);
  const t = plain(byId.text);
  assert.match(t, /已通过/);
  assert.doesNotMatch(t, /冒名者|累计服务时长|新华村互助养老服务站/);
  assert.ok(!t.includes(number), 'not the volunteer number');
  // The number staff gave the approved person shows the rest.
  const byNumber = plain((await x.submit('/volunteer/lookup', '/volunteer/lookup', { number, phone: f.phone })).text);
  assert.match(byNumber, /冒名者/);
  assert.match(byNumber, /累计服务时长/);
  await forget(x.addr);
});

test('enrolments: 5 an hour per class and 10 in all from one address, then 429 with the form kept', async () => {
  const x = new From(address());
  const [k1, k2, k3] = [await newClass({ capacity: 50 }), await newClass({ capacity: 50 }), await newClass({ capacity: 50 })];
  const post = (cid, over = {}) => x.submit(`/classes/${cid}`, `/classes/${cid}`, enrolFields(over));
  for (let i = 0; i < 5; i++) assert.equal((await post(k1)).status, 303, `k1 #${i + 1}`);
  const phone = newPhone();
  const held = await post(k1, { name: '第六位', phone });
  assert.equal(held.status, 429);
  assert.match(plain(held.text), /提交的报名太多了/);
  assert.ok(held.text.includes('value="第六位"') && held.text.includes(`value="${phone}"`), 'the input is kept');
  for (let i = 0; i < 5; i++) assert.equal((await post(k2)).status, 303, `k2 #${i + 1}`);
  assert.equal((await post(k3)).status, 429, 'ten in all from this address');
  const rows = await sql(`SELECT class_id, COUNT(*) FROM class_enrolment WHERE class_id IN (${k1}, ${k2}, ${k3}) GROUP BY class_id ORDER BY class_id`);
  assert.deepEqual(rows, [[String(k1), '5'], [String(k2), '5']]);
  const [[addrCount]] = await sql(`SELECT COUNT(*) FROM throttle WHERE kind = 'enrol_addr' AND subject = '${x.addr}'`);
  assert.equal(addrCount, '10', 'a refused one is not counted');
  await forget(x.addr);
});
