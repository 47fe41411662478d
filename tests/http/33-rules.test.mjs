// Rules README states for every response or account that no other test
// checks: the security headers on every route of both route tables, the
// CSRF cookie and its renewal at sign-in and sign-out, the application
// user's privileges, a password reset releasing the name's throttle, the
// limits of the lx_mine cookie, and the audit log insert-only.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, sql } from './lib.mjs';
import { signedIn, csrfOf, routesOf, createStaff, firstSignIn } from './staff-lib.mjs';
import { newClass, enrol } from './classes-helpers.mjs';

const CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none';"
  + " frame-ancestors 'none'";

let admin;

before(async () => {
  admin = await signedIn('admin');
});

function checkHeaders(r, what) {
  assert.equal(r.headers.get('x-frame-options'), 'DENY', what);
  assert.equal(r.headers.get('content-security-policy'), CSP, what);
  assert.equal(r.headers.get('cache-control'), 'no-store', what);
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff', what);
  assert.equal(r.headers.get('referrer-policy'), 'same-origin', what);
}

test('every route of both tables answers with X-Frame-Options, the exact CSP and no-store, signed in or not', async () => {
  let checked = 0;
  for (const program of ['public', 'staff']) {
    const routes = routesOf(program);
    assert.ok(routes.length > 5, `${program} has a route table`);
    for (const rt of routes) {
      const path = rt.pattern.replaceAll('*', '1');
      for (const c of [new Client(), admin]) {
        const who = c === admin ? 'admin' : 'anonymous';
        const r = rt.methods.includes('GET') ? await c.get(path) : await c.post(path, { x: '1' });
        assert.ok(r.status < 500, `${who} ${path}: ${r.status}`);
        checkHeaders(r, `${who} ${rt.methods.join(',')} ${path} (${r.status})`);
        checked++;
      }
    }
  }
  // And on answers made before any route: 404 and 405.
  checkHeaders(await new Client().get('/no/such/page'), '404');
  checkHeaders(await new Client().post('/classes', { x: '1' }), '405');
  assert.ok(checked > 40, `${checked} responses checked`);
});

test('the CSRF cookie is HttpOnly and SameSite=Strict, and sign-in and sign-out renew it', async () => {
  const c = new Client();
  const form = await c.get('/login');
  assert.equal(form.status, 200);
  const first = c.cookieInfo('lx_csrf');
  assert.ok(first, 'a CSRF cookie on the first visit');
  assert.ok('httponly' in first.attrs, 'HttpOnly');
  assert.equal(first.attrs.samesite, 'Strict');
  assert.equal(first.path, '/');
  const signIn = await c.login('admin');
  assert.equal(signIn.status, 303);
  const afterIn = c.cookie('lx_csrf');
  assert.ok(afterIn && afterIn !== first.value, 'a new CSRF cookie at sign-in');
  const csrf = await csrfOf(c, '/admin/');
  const out = await c.post('/logout', { csrf });
  assert.equal(out.status, 303);
  const afterOut = c.cookie('lx_csrf');
  assert.ok(afterOut && afterOut !== afterIn, 'a new CSRF cookie at sign-out');
  assert.equal(c.cookie('lx_sess'), undefined, 'the session cookie is gone');
});

test('the tool\'s database user may only SELECT, INSERT, UPDATE and DELETE rows of its own database, and only add to the audit trail', async () => {
  const grants = (await sql("SHOW GRANTS FOR 'laoxiao_app'@'localhost'")).map((r) => r[0]);
  const onTables = grants.filter((g) => / ON `laoxiao`\.`[a-z_]+` TO /.test(g));
  assert.ok(onTables.length > 10, grants.join('\n'));
  for (const g of onTables) {
    if (/`audit_log`/.test(g)) assert.match(g, /^GRANT SELECT, INSERT ON `laoxiao`\.`audit_log` TO `laoxiao_app`@`localhost`$/);
    else assert.match(g, /^GRANT SELECT, INSERT, UPDATE, DELETE ON `laoxiao`\.`[a-z_]+` TO `laoxiao_app`@`localhost`$/);
  }
  for (const g of grants.filter((x) => !onTables.includes(x))) {
    assert.match(g, /^GRANT USAGE ON \*\.\* TO `laoxiao_app`@`localhost`/, 'nothing else anywhere');
  }
});

test('a password reset forgets the failed sign-ins of that name', async () => {
  const made = await createStaff(admin, { username: 'rs_user', display_name: '重置测试', role: 'station_operator', station: '1' });
  await firstSignIn('rs_user', made.password);
  for (let i = 0; i < 5; i++) assert.equal((await new Client().login('rs_user', `wrong-${i}`)).status, 422);
  assert.equal((await new Client().login('rs_user', 'wrong-again')).status, 429, 'the name is held');
  const csrf = await csrfOf(admin, `/admin/staff/${made.id}`);
  const reset = await admin.post(`/admin/staff/${made.id}/reset-password`, { csrf });
  assert.equal(reset.status, 200);
  const shown = /<strong class="secret">([^<]+)<\/strong>/.exec(reset.text)[1];
  const [[left]] = await sql("SELECT COUNT(*) FROM throttle WHERE kind = 'login_account' AND subject = 'rs_user'");
  assert.equal(left, '0');
  assert.equal((await new Client().login('rs_user', shown)).status, 303, 'the new password works at once');
  await sql("UPDATE throttle SET at = at - INTERVAL 1 DAY WHERE kind = 'login_address'");
});

test('lx_mine keeps at most 8 codes, newest first, HttpOnly for 180 days', async () => {
  const cls = await newClass({ capacity: 20 });
  const c = new Client();
  const codes = [];
  for (let i = 0; i < 9; i++) {
    const r = await enrol(cls, {}, c);
    assert.equal(r.status, 303, r.text);
    codes.unshift(r.code);
  }
  const cookie = c.cookieInfo('lx_mine');
  assert.ok(cookie);
  assert.equal(cookie.value, codes.slice(0, 8).join('.'), 'the eight newest, newest first');
  assert.ok('httponly' in cookie.attrs);
  assert.equal(cookie.attrs['max-age'], String(180 * 24 * 3600));
});

test('the audit log is insert-only: its rows can be neither changed nor removed', async () => {
  const [[id]] = await sql('SELECT MAX(id) FROM audit_log');
  assert.ok(Number(id) > 0, 'there are audit rows');
  const [[before]] = await sql(`SELECT CONCAT_WS('|', action, entity, COALESCE(after_value, '')) FROM audit_log WHERE id = ${id}`);
  await assert.rejects(sql(`UPDATE audit_log SET action = 'changed' WHERE id = ${id}`), /insert-only/);
  await assert.rejects(sql(`DELETE FROM audit_log WHERE id = ${id}`), /insert-only/);
  const [[after]] = await sql(`SELECT CONCAT_WS('|', action, entity, COALESCE(after_value, '')) FROM audit_log WHERE id = ${id}`);
  assert.equal(after, before);
});
