// Reliability and security: the path is decoded once, the first admin's
// password passes the policy, tokens and codes compare byte for byte, and
// throttles hold against many attempts at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { BASE, ROOT, VAR, Client, csrfFrom, formBody, sql, sqlString, makeId, demo } from './lib.mjs';
import { newClass, enrol } from './classes-helpers.mjs';
import { signedIn, createStaff, firstSignIn, csrfOf, plain } from './staff-lib.mjs';

const run = promisify(execFile);

// One request from a loopback address of the test's own (so that its
// throttles are its own); resolves to { status, headers, text }.
function requestFrom(localAddress, method, urlPath, { headers = {}, body } = {}) {
  const url = new URL(urlPath, BASE + '/');
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: url.hostname, port: url.port, path: url.pathname + url.search, method, localAddress,
      agent: false, headers: body === undefined ? headers
        : { ...headers, 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) },
    }, (res) => {
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

function loopback() {
  return `127.${1 + Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}.${2 + Math.floor(Math.random() * 250)}`;
}

test('the path is decoded once: %2561 is not a, %250d%250a puts no CR LF in the path', async () => {
  const admin = await signedIn('admin');
  assert.equal((await admin.get('/admin/audit')).status, 200);
  const twice = await admin.get('/admin/%2561udit');
  assert.equal(twice.status, 404, 'nginx saw /admin/%61udit: no such page');
  assert.equal((await new Client().get('/%2568ealthz')).status, 404);
  // Decoded once, %250d%250a is the text %0d%0a: an unknown page.
  const crlf = await admin.get('/admin/x%250d%250a');
  assert.equal(crlf.status, 404);
  // nginx decodes %0d%0a into the path itself: that path is refused.
  assert.equal((await admin.get('/admin/x%0d%0a')).status, 400);
});

test('LAOXIAO_ADMIN_PASSWORD must pass the password policy', async () => {
  const tool = path.join(ROOT, 'build', 'cgi', 'laoxiao-tool');
  const script = `set -a; . ${JSON.stringify(path.join(VAR, 'laoxiao.env'))}; set +a; exec ${JSON.stringify(tool)} admin`;
  const before = (await sql('SELECT COUNT(*), MAX(id) FROM staff'))[0];
  for (const weak of ['123456', 'admin12345678', 'aaaaaaaaaaaa']) {
    let code = 0;
    let stderr = '';
    try {
      await run('bash', ['-c', script], { env: { ...process.env, LAOXIAO_ADMIN_PASSWORD: weak }, encoding: 'utf8' });
    } catch (err) {
      code = err.code;
      stderr = err.stderr;
    }
    assert.notEqual(code, 0, `${weak} is refused`);
    assert.match(stderr, /LAOXIAO_ADMIN_PASSWORD cannot be used for admin/);
  }
  assert.deepEqual((await sql('SELECT COUNT(*), MAX(id) FROM staff'))[0], before, 'no account was made or changed');
});

test('tokens, hashes and codes compare byte for byte', async () => {
  const rows = await sql(`SELECT table_name, column_name, collation_name FROM information_schema.columns
    WHERE table_schema = DATABASE() AND (table_name, column_name) IN
      (('class_enrolment', 'code'), ('staff', 'password_hash'), ('township', 'code'), ('village', 'code'))
    ORDER BY table_name, column_name`);
  assert.equal(rows.length, 4);
  for (const [t, c, coll] of rows) assert.equal(coll, 'utf8mb4_bin', `${t}.${c}`);
  const id = await newClass({ capacity: 2 });
  const real = await enrol(id);
  assert.equal(real.status, 303);
  assert.match(real.code, /[a-zA-Z]/);
  const swapped = [...real.code].map((ch) => (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase())).join('');
  const addr = loopback();
  assert.equal((await requestFrom(addr, 'GET', `/classes/enrolment/${real.code}`)).status, 200);
  assert.equal((await requestFrom(addr, 'GET', `/classes/enrolment/${swapped}`)).status, 404, 'another case is another code');
  await sql(`DELETE FROM throttle WHERE subject = '${addr}'`);
});

test('40 wrong passwords at once: at most the limit of 5 are tried, the rest are held', async () => {
  const admin = await signedIn('admin');
  const name = `par_${process.pid % 100000}`;
  const made = await createStaff(admin, { username: name, display_name: '并发测试', role: 'county_admin' });
  const { password } = await firstSignIn(name, made.password);
  await sql(`DELETE FROM throttle WHERE subject = ${sqlString(name)}`);
  const addr = loopback();
  const page = await requestFrom(addr, 'GET', '/login');
  const cookie = (page.headers['set-cookie'] || []).map((c) => c.split(';')[0]).join('; ');
  const csrf = csrfFrom(page.text);
  assert.ok(csrf && cookie);
  const body = formBody({ username: name, password: 'wrong-password-9x', csrf });
  const answers = await Promise.all(Array.from({ length: 40 },
    () => requestFrom(addr, 'POST', '/login', { headers: { Cookie: cookie }, body })));
  const count = (s) => answers.filter((a) => a.status === s).length;
  assert.equal(count(422) + count(429), 40, `only 422 and 429: ${answers.map((a) => a.status)}`);
  assert.ok(count(422) <= 5, `${count(422)} passwords were tried`);
  assert.ok(count(422) >= 1);
  const [[tried]] = await sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'login_failed' AND entity_id = ${made.id}`);
  assert.ok(Number(tried) <= 5, `${tried} failed sign-ins audited`);
  assert.equal(Number(tried), count(422));
  const [[kept]] = await sql(`SELECT COUNT(*) FROM throttle WHERE kind = 'login_account' AND subject = ${sqlString(name)}`);
  assert.equal(Number(kept), 5, 'exactly the limit recorded');
  // Even the right password is held now.
  const right = await requestFrom(addr, 'POST', '/login', {
    headers: { Cookie: cookie }, body: formBody({ username: name, password, csrf }),
  });
  assert.equal(right.status, 429);
  await sql(`DELETE FROM throttle WHERE subject IN (${sqlString(name)}, '${addr}', ${sqlString(`${addr} ${name}`)})`);
  const ok = await requestFrom(addr, 'POST', '/login', {
    headers: { Cookie: cookie }, body: formBody({ username: name, password, csrf }),
  });
  assert.equal(ok.status, 303);
  const [[left]] = await sql(`SELECT COUNT(*) FROM throttle WHERE subject IN (${sqlString(name)}, '${addr}', ${sqlString(`${addr} ${name}`)})`);
  assert.equal(left, '0', 'a success leaves no attempt behind');
});

test('40 look-ups at once from one address: at most the limit of 10 are tried', async () => {
  const addr = loopback();
  const page = await requestFrom(addr, 'GET', '/volunteer/lookup');
  const cookie = (page.headers['set-cookie'] || []).map((c) => c.split(';')[0]).join('; ');
  const csrf = csrfFrom(page.text);
  const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => requestFrom(addr, 'POST', '/volunteer/lookup', {
    headers: { Cookie: cookie }, body: formBody({ number: `QS2026${String(9000 + i)}`, phone: '13900000000', csrf }),
  })));
  const tried = answers.filter((a) => a.status === 200).length;
  const held = answers.filter((a) => a.status === 429).length;
  assert.equal(tried + held, 40, `${answers.map((a) => a.status)}`);
  assert.ok(tried <= 10 && tried >= 1, `${tried} look-ups were tried`);
  const [[kept]] = await sql(`SELECT COUNT(*) FROM throttle WHERE kind = 'lookup_address' AND subject = '${addr}'`);
  assert.equal(kept, '10');
  await sql(`DELETE FROM throttle WHERE subject = '${addr}'`);
});

test('the audit trail keeps no full elder phone and no typed name that is no account', async () => {
  const F = await demo();
  const c = await signedIn('station1');
  const csrf = await csrfOf(c, '/station/elders/new');
  const idNumber = makeId('110105', '19420315', 900 + (process.pid % 90));
  const r = await c.post('/station/elders/new', [['csrf', csrf], ['name', '审计老人'], ['id_number', idNumber],
    ['village', F.V1], ['living', 'alone'], ['care', 'alone'], ['contact_name', '审计家属'],
    ['contact_phone', '13987654321'], ['notes', '']]);
  assert.equal(r.status, 303, plain(r.text).slice(0, 300));
  const [[after]] = await sql(`SELECT after_value FROM audit_log WHERE action = 'elder.create'
    AND after_value LIKE '%审计家属%' ORDER BY id DESC LIMIT 1`);
  assert.doesNotMatch(after, /13987654321/);
  assert.match(after, /contact=审计家属 139\*\*\*\*4321/);

  const typed = `Secret-${process.pid}-pw!`;
  const addr = loopback();
  const page = await requestFrom(addr, 'GET', '/login');
  const cookie = (page.headers['set-cookie'] || []).map((x) => x.split(';')[0]).join('; ');
  const failed = await requestFrom(addr, 'POST', '/login', {
    headers: { Cookie: cookie }, body: formBody({ username: typed, password: 'whatever-1', csrf: csrfFrom(page.text) }),
  });
  assert.equal(failed.status, 422);
  const rows = await sql(`SELECT after_value FROM audit_log WHERE action = 'login_failed' AND ip = '${addr}'`);
  assert.equal(rows.length, 1);
  assert.match(rows[0][0], /^username=unknown; name_hash=[0-9a-f]{16}$/);
  assert.equal((await sql(`SELECT COUNT(*) FROM audit_log WHERE after_value LIKE '%${typed}%'`))[0][0], '0');
  await sql(`DELETE FROM throttle WHERE subject IN (${sqlString(typed)}, '${addr}', ${sqlString(`${addr} ${typed}`)})`);
});

test('enrolments.csv masks phones and is audited', async () => {
  const id = await newClass({ capacity: 3, title: '脱敏导出课' });
  const one = await enrol(id, { name: '脱敏家长' });
  assert.equal(one.status, 303);
  const [[phone]] = await sql(`SELECT phone FROM class_enrolment WHERE code = '${one.code}'`);
  const admin = await signedIn('admin');
  const before = Number((await sql("SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND entity = 'class_enrolment'"))[0][0]);
  const csv = await admin.get(`/admin/export/enrolments.csv?class=${id}`);
  assert.equal(csv.status, 200);
  assert.ok(!csv.text.includes(phone), 'no full phone');
  assert.ok(csv.text.includes(`${phone.slice(0, 3)}****${phone.slice(7)}`), 'the masked phone');
  const rows = await sql(`SELECT entity_id, after_value FROM audit_log WHERE action = 'export'
    AND entity = 'class_enrolment' ORDER BY id DESC LIMIT 1`);
  assert.equal(Number((await sql("SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND entity = 'class_enrolment'"))[0][0]), before + 1);
  assert.equal(rows[0][0], String(id));
});
