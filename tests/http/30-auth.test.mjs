// Staff sign-in and sessions: cookie flags, session fixation, idle and
// absolute expiry, logout server-side, throttling and its release, the
// forced password change and the password policy, and account management
// (create, disable, re-enable, reset) with its audit rows.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, csrfFrom, sql, sqlString, ADMIN_PASSWORD, BASE, demo } from './lib.mjs';
import { signedIn, csrfOf, createStaff, firstSignIn, plain, auditRows, releaseThrottle } from './staff-lib.mjs';

// Demo places and stations by code (lib.mjs), never by id.
const F = await demo();

let admin;
let township1;
// A station operator only these tests sign in as, so that its session rows
// can be told apart from everyone else's.
let sx;

before(async () => {
  await releaseThrottle('login_address');
  admin = await signedIn('admin');
  township1 = await signedIn('township1');
  const made = await createStaff(admin, { username: 'sx_user', display_name: '会话测试', role: 'station_operator', station: F.S1 });
  const { password } = await firstSignIn('sx_user', made.password);
  sx = { ...made, password };
});

async function sessionCount(staffId) {
  return Number((await sql(`SELECT COUNT(*) FROM session WHERE staff_id = ${staffId}`))[0][0]);
}

test('sign-in sets a session cookie: HttpOnly, SameSite, Path=/, no Max-Age, not Secure over plain HTTP', async () => {
  const c = new Client();
  const r = await c.login(sx.username, sx.password);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/station/');
  const raw = r.headers.getSetCookie().find((h) => h.startsWith('lx_sess='));
  assert.ok(raw, 'a session cookie is set');
  assert.match(raw, /; HttpOnly/);
  assert.match(raw, /; SameSite=(Lax|Strict)/);
  assert.match(raw, /; Path=\//);
  assert.doesNotMatch(raw, /Max-Age|Expires/i, 'ends with the browser');
  assert.doesNotMatch(raw, /Secure/, 'served over plain HTTP here');
  const token = c.cookie('lx_sess');
  assert.ok(token.length >= 43, 'at least 256 bits');
  // Only a hash of the token is stored.
  const rows = await sql(`SELECT COUNT(*) FROM session WHERE token_hash = ${sqlString(token)} OR HEX(token_hash) = ${sqlString(Buffer.from(token).toString('hex'))}`);
  assert.equal(rows[0][0], '0');
  assert.ok(await sessionCount(sx.id) >= 1);
  assert.equal((await c.get('/station/')).status, 200);
});

test('session fixation: a token planted before sign-in is never the one after it', async () => {
  const c = new Client();
  const page = await c.get('/login');
  const planted = 'A'.repeat(43);
  const r = await c.post('/login', { csrf: csrfFrom(page.text), username: sx.username, password: sx.password },
    { headers: { Cookie: `lx_csrf=${c.cookie('lx_csrf')}; lx_sess=${planted}` } });
  assert.equal(r.status, 303);
  const after = c.cookie('lx_sess');
  assert.ok(after && after !== planted);
  // Signing in again while signed in also replaces the token, and the old
  // one stops working.
  const csrfBefore = c.cookie('lx_csrf');
  const again = await c.post('/login', { csrf: await csrfOf(c, '/station/'), username: sx.username, password: sx.password });
  assert.equal(again.status, 303);
  const third = c.cookie('lx_sess');
  assert.notEqual(third, after);
  const old = new Client();
  const r2 = await old.get('/station/', { headers: { Cookie: `lx_sess=${after}` } });
  assert.equal(r2.status, 303);
  assert.match(r2.headers.get('location'), /^\/login/);
  // The CSRF cookie is renewed at sign-in too.
  assert.ok(csrfBefore);
  assert.notEqual(c.cookie('lx_csrf'), csrfBefore);
  assert.equal((await c.get('/station/')).status, 200);
});

test('idle timeout: 29 minutes idle is fine, 31 minutes signs out', async () => {
  await sql(`DELETE FROM session WHERE staff_id = ${sx.id}`);
  const c = await signedIn(sx.username, sx.password);
  await sql(`UPDATE session SET last_seen = last_seen - INTERVAL 29 MINUTE WHERE staff_id = ${sx.id}`);
  assert.equal((await c.get('/station/')).status, 200);
  await sql(`UPDATE session SET last_seen = last_seen - INTERVAL 31 MINUTE WHERE staff_id = ${sx.id}`);
  const r = await c.get('/station/');
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/login?next=/station/&reason=expired');
});

test('absolute lifetime: a session older than 12 hours ends even when in use', async () => {
  await sql(`DELETE FROM session WHERE staff_id = ${sx.id}`);
  const c = await signedIn(sx.username, sx.password);
  await sql(`UPDATE session SET created_at = created_at - INTERVAL 11 HOUR WHERE staff_id = ${sx.id}`);
  assert.equal((await c.get('/station/')).status, 200);
  await sql(`UPDATE session SET created_at = created_at - INTERVAL 13 HOUR WHERE staff_id = ${sx.id}`);
  const r = await c.get('/station/');
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), /^\/login/);
});

test('logout ends the session server-side; the old cookie no longer works', async () => {
  await sql(`DELETE FROM session WHERE staff_id = ${sx.id}`);
  const c = await signedIn(sx.username, sx.password);
  const token = c.cookie('lx_sess');
  const csrf = await csrfOf(c, '/station/');
  // Without the CSRF token: refused, still signed in.
  const bad = await c.post('/logout', {});
  assert.equal(bad.status, 403);
  assert.equal(await sessionCount(sx.id), 1);
  const r = await c.post('/logout', { csrf });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/login');
  const cleared = r.headers.getSetCookie().find((h) => h.startsWith('lx_sess='));
  assert.match(cleared, /Max-Age=0/);
  assert.equal(await sessionCount(sx.id), 0);
  const replay = await new Client().get('/station/', { headers: { Cookie: `lx_sess=${token}` } });
  assert.equal(replay.status, 303);
  const rows = await auditRows(`a.action = 'logout' AND a.staff_id = ${sx.id}`);
  assert.ok(rows.length >= 1, 'logout audited');
});

test('wrong passwords: 422 with one message for a wrong password and an unknown user', async () => {
  const a = await new Client().login(sx.username, 'not-the-password-1');
  const b = await new Client().login('no_such_user_x', 'not-the-password-1');
  assert.equal(a.status, 422);
  assert.equal(b.status, 422);
  assert.match(plain(a.text), /用户名或密码不正确/);
  assert.match(plain(b.text), /用户名或密码不正确/);
  assert.ok((await auditRows(`a.action = 'login_failed' AND a.after_value = 'username=${sx.username}'`)).length >= 1);
  await sql(`DELETE FROM throttle WHERE subject IN ('${sx.username}', 'no_such_user_x')`);
  await releaseThrottle('login_address');
});

test('throttle per account and address: after 5 failures from here even the right password from here gets 429 until the hold ends', async () => {
  const made = await createStaff(admin, { username: 'th_user', display_name: '限流测试', role: 'station_operator', station: F.S1 });
  const { password } = await firstSignIn('th_user', made.password);
  for (let i = 0; i < 5; i++) {
    const r = await new Client().login('th_user', `wrong-password-${i}`);
    assert.equal(r.status, 422, `attempt ${i + 1}`);
  }
  const held = await new Client().login('th_user', password);
  assert.equal(held.status, 429);
  assert.match(plain(held.text), /登录失败的次数太多.*请在 \d\d:\d\d 以后再试（大约 1[45] 分钟后）/);
  assert.equal(held.headers.get('set-cookie')?.includes('lx_sess=') ?? false, false, 'no session during a hold');
  // Other accounts from the same address still sign in.
  assert.equal((await new Client().login(sx.username, sx.password)).status, 303);
  // The hold ends by itself once the failures age out of the window.
  await sql(`UPDATE throttle SET at = at - INTERVAL 16 MINUTE WHERE (kind = 'login_account' AND subject = 'th_user')
    OR (kind = 'login_pair' AND subject = '127.0.0.1 th_user')`);
  const ok = await new Client().login('th_user', password);
  assert.equal(ok.status, 303);
  // A success forgets the account's failures, from every address.
  assert.equal((await sql("SELECT COUNT(*) FROM throttle WHERE kind IN ('login_account', 'login_pair') AND subject LIKE '%th_user'"))[0][0], '0');
  await releaseThrottle('login_address');
});

test('throttle per account also holds an unknown user name (no account enumeration)', async () => {
  for (let i = 0; i < 5; i++) await new Client().login('ghost_user', 'whatever-123');
  const r = await new Client().login('ghost_user', 'whatever-123');
  assert.equal(r.status, 429);
  await sql("DELETE FROM throttle WHERE subject IN ('ghost_user', '127.0.0.1 ghost_user')");
  await releaseThrottle('login_address');
});

test('throttle per client address: 20 failures on any names hold the address, then release', async () => {
  await releaseThrottle('login_address');
  for (let i = 0; i < 20; i++) {
    const r = await new Client().login(`addr_${i}`, 'wrong-password');
    assert.equal(r.status, 422, `attempt ${i + 1}`);
  }
  const held = await new Client().login('admin', ADMIN_PASSWORD);
  assert.equal(held.status, 429);
  assert.match(plain(held.text), /以后再试/);
  const rows = await sql("SELECT COUNT(*) FROM throttle WHERE kind = 'login_address' AND subject = '127.0.0.1' AND at > NOW() - INTERVAL 15 MINUTE");
  assert.ok(Number(rows[0][0]) >= 20);
  await sql("UPDATE throttle SET at = at - INTERVAL 16 MINUTE WHERE kind = 'login_address'");
  assert.equal((await new Client().login('admin', ADMIN_PASSWORD)).status, 303);
  await sql("DELETE FROM throttle WHERE subject LIKE 'addr\\_%'");
});

test('a generated password must be changed before any other staff page opens', async () => {
  const made = await createStaff(admin, { username: 'pw_user', display_name: '改密测试', role: 'station_operator', station: F.S1 });
  assert.equal(made.password.length, 12);
  assert.equal((await sql("SELECT must_change_password FROM staff WHERE username = 'pw_user'"))[0][0], '1');
  const c = new Client();
  const r = await c.login('pw_user', made.password);
  assert.equal(r.status, 303);
  for (const p of ['/station/', '/admin/export/volunteers.csv']) {
    const g = await c.get(p);
    assert.equal(g.status, 303, p);
    assert.equal(g.headers.get('location'), '/admin/password', p);
  }
  const page = await c.get('/admin/password');
  assert.equal(page.status, 200);
  assert.match(plain(page.text), /请先换成只有您自己知道的新密码/);
  const csrf = csrfFrom(page.text);
  const good = 'Qiaotou-2026-x';
  const cases = [
    [{ current_password: 'wrong-current-1', new_password: good, new_password2: good }, 'current_password', /现在的密码不对/],
    [{ current_password: made.password, new_password: 'Ab1-short', new_password2: 'Ab1-short' }, 'new_password', /至少要10位/],
    [{ current_password: made.password, new_password: 'my-pw_user-2026', new_password2: 'my-pw_user-2026' }, 'new_password', /用户名/],
    [{ current_password: made.password, new_password: 'abcdefghijkl', new_password2: 'abcdefghijkl' }, 'new_password', /一种字符/],
    [{ current_password: made.password, new_password: '1234567890', new_password2: '1234567890' }, 'new_password', /一种字符|太简单/],
    [{ current_password: made.password, new_password: 'Password123', new_password2: 'Password123' }, 'new_password', /常见/],
    [{ current_password: made.password, new_password: 'aaaaaaaaaa1', new_password2: 'aaaaaaaaaa1' }, 'new_password', /太简单/],
    [{ current_password: made.password, new_password: made.password, new_password2: made.password }, 'new_password', /一样/],
    [{ current_password: made.password, new_password: good, new_password2: `${good}x` }, 'new_password2', /不一样/],
    [{ current_password: made.password, new_password: '', new_password2: '' }, 'new_password', /请填写新密码/],
  ];
  for (const [fields, field, message] of cases) {
    const p = await c.post('/admin/password', { csrf, ...fields });
    assert.equal(p.status, 422, `${JSON.stringify(fields)}: ${p.status}`);
    assert.match(plain(p.text), message);
    assert.match(p.text, new RegExp(`id="${field}-error"`));
    assert.ok(!p.text.includes(made.password), 'passwords are never echoed');
  }
  assert.equal((await sql("SELECT must_change_password FROM staff WHERE username = 'pw_user'"))[0][0], '1');
  await sql("DELETE FROM throttle WHERE subject = 'pw_user'");
  const before = c.cookie('lx_sess');
  const done = await c.post('/admin/password', { csrf, current_password: made.password, new_password: good, new_password2: good });
  assert.equal(done.status, 303);
  assert.equal(done.headers.get('location'), '/station/');
  assert.notEqual(c.cookie('lx_sess'), before, 'a new session after a new password');
  assert.equal((await c.get('/station/')).status, 200);
  assert.equal((await sql("SELECT must_change_password FROM staff WHERE username = 'pw_user'"))[0][0], '0');
  assert.equal((await new Client().login('pw_user', made.password)).status, 422);
  assert.equal((await new Client().login('pw_user', good)).status, 303);
  const rows = await auditRows(`a.action = 'change_password' AND a.entity_id = ${made.id}`);
  assert.equal(rows.length, 1);
  assert.ok(!rows[0].join(' ').includes(good), 'no password in the audit trail');
  await sql("DELETE FROM throttle WHERE subject = 'pw_user'");
  await releaseThrottle('login_address');
});

test('county admin: create, disable (sessions end at once), re-enable, reset — each audited', async () => {
  const made = await createStaff(admin, { username: 'mg_user', display_name: '管理测试', role: 'station_operator', station: F.S3 });
  const row = await sql(`SELECT role, township_id, station_id, active FROM staff WHERE id = ${made.id}`);
  assert.deepEqual(row[0], ['station_operator', String(F.T2), String(F.S3), '1']);
  const created = await auditRows(`a.action = 'create' AND a.entity = 'staff' AND a.entity_id = ${made.id}`);
  assert.equal(created.length, 1);
  assert.equal(created[0][3], 'admin');
  assert.match(created[0][6], new RegExp(`username=mg_user; role=station_operator; township=${F.T2}; station=${F.S3}`));
  assert.ok(!created[0].join(' ').includes(made.password));
  const { c: user, password } = await firstSignIn('mg_user', made.password);
  assert.equal((await user.get('/station/')).status, 200);

  const page = await admin.get(`/admin/staff/${made.id}`);
  assert.equal(page.status, 200);
  assert.match(plain(page.text), /mg_user/);
  const csrf = csrfFrom(page.text);
  const off = await admin.post(`/admin/staff/${made.id}/disable`, { csrf });
  assert.equal(off.status, 303);
  assert.equal(off.headers.get('location'), `/admin/staff/${made.id}?done=disable`);
  assert.match(plain((await admin.get(off.headers.get('location'))).text), /账号已停用/);
  assert.equal((await sql(`SELECT active FROM staff WHERE id = ${made.id}`))[0][0], '0');
  assert.equal(await sessionCount(made.id), 0);
  assert.equal((await user.get('/station/')).status, 303, 'a disabled account is signed out at once');
  const refused = await new Client().login('mg_user', password);
  assert.equal(refused.status, 422);
  assert.equal((await auditRows(`a.action = 'disable' AND a.entity_id = ${made.id}`))[0][6], 'active=0');

  const on = await admin.post(`/admin/staff/${made.id}/enable`, { csrf });
  assert.equal(on.status, 303);
  assert.equal((await new Client().login('mg_user', password)).status, 303);
  assert.equal((await auditRows(`a.action = 'enable' AND a.entity_id = ${made.id}`)).length, 1);

  const reset = await admin.post(`/admin/staff/${made.id}/reset-password`, { csrf });
  assert.equal(reset.status, 200);
  const shown = /<strong class="secret">([^<]+)<\/strong>/.exec(reset.text)[1];
  assert.match(plain(reset.text), /只显示这一次/);
  assert.equal(reset.headers.get('cache-control'), 'no-store');
  assert.equal((await new Client().login('mg_user', password)).status, 422, 'the old password is gone');
  const fresh = new Client();
  assert.equal((await fresh.login('mg_user', shown)).status, 303);
  assert.equal((await fresh.get('/station/')).headers.get('location'), '/admin/password', 'must change again');
  const resetRows = await auditRows(`a.action = 'reset_password' AND a.entity_id = ${made.id}`);
  assert.equal(resetRows.length, 1);
  assert.ok(!resetRows[0].join(' ').includes(shown));
  await sql("DELETE FROM throttle WHERE subject = 'mg_user'");
  await releaseThrottle('login_address');
});

test('an admin cannot disable or reset their own account', async () => {
  const id = (await sql("SELECT id FROM staff WHERE username = 'admin'"))[0][0];
  const csrf = await csrfOf(admin, `/admin/staff/${id}`);
  const r = await admin.post(`/admin/staff/${id}/disable`, { csrf });
  assert.equal(r.status, 409);
  assert.equal((await sql(`SELECT active FROM staff WHERE id = ${id}`))[0][0], '1');
  const r2 = await admin.post(`/admin/staff/${id}/reset-password`, { csrf });
  assert.equal(r2.status, 409);
  assert.equal((await admin.get('/admin/')).status, 200);
});

test('township admin manages its own station operators only', async () => {
  const list = await township1.get('/admin/staff');
  assert.equal(list.status, 200);
  const text = plain(list.text);
  assert.match(text, /station1/);
  assert.doesNotMatch(text, /station2|mg_user|township1|\badmin\b/, 'other townships and admins are not listed');
  const csrf = await csrfOf(township1, '/admin/staff/new');
  // Its own station: fine.
  const ok = await createStaff(township1, { username: 'tw_op', display_name: '城西村服务站', role: 'station_operator', station: F.S2 });
  assert.deepEqual((await sql(`SELECT role, township_id, station_id FROM staff WHERE id = ${ok.id}`))[0], ['station_operator', String(F.T1), String(F.S2)]);
  // Another township's station, another role: refused, nothing stored.
  const bad = [
    [{ username: 'tw_bad1', display_name: '越权', role: 'station_operator', station: F.S3 }, 'station', /管辖范围/],
    [{ username: 'tw_bad2', display_name: '越权', role: 'township_admin', township: F.T1 }, 'role', /只能/],
    [{ username: 'tw_bad3', display_name: '越权', role: 'county_admin' }, 'role', /只能/],
  ];
  for (const [fields, field, message] of bad) {
    const r = await township1.post('/admin/staff/new', { csrf, ...fields });
    assert.equal(r.status, 422, fields.username);
    assert.match(plain(r.text), message);
    assert.match(r.text, new RegExp(`id="${field}-error"`));
    assert.equal((await sql(`SELECT COUNT(*) FROM staff WHERE username = '${fields.username}'`))[0][0], '0');
  }
  // Accounts outside its township, and admins: 403 on every action.
  const other = (await sql("SELECT id FROM staff WHERE username = 'station2'"))[0][0];
  const self = (await sql("SELECT id FROM staff WHERE username = 'township1'"))[0][0];
  for (const id of [other, self]) {
    assert.equal((await township1.get(`/admin/staff/${id}`)).status, 403);
    const r = await township1.post(`/admin/staff/${id}/disable`, { csrf });
    assert.equal(r.status, 403);
    assert.ok(!plain(r.text).includes('中坝村服务站'));
  }
  assert.equal((await sql(`SELECT active FROM staff WHERE id = ${other}`))[0][0], '1');
});

test('new account form: every invalid input gets its message, nothing stored', async () => {
  const csrf = await csrfOf(admin, '/admin/staff/new');
  const bad = [
    [{ username: '', display_name: '甲', role: 'station_operator', station: F.S1 }, 'username', /请填写用户名/],
    [{ username: 'Ab', display_name: '甲', role: 'station_operator', station: F.S1 }, 'username', /3至32位/],
    [{ username: '9abc', display_name: '甲', role: 'station_operator', station: F.S1 }, 'username', /字母开头/],
    [{ username: 'has space', display_name: '甲', role: 'station_operator', station: F.S1 }, 'username', /小写字母/],
    [{ username: 'station1', display_name: '甲', role: 'station_operator', station: F.S1 }, 'username', /已经有人用了/],
    [{ username: 'nf_a', display_name: '', role: 'station_operator', station: F.S1 }, 'display_name', /请填写姓名或单位/],
    [{ username: 'nf_b', display_name: '甲'.repeat(41), role: 'station_operator', station: F.S1 }, 'display_name', /40/],
    [{ username: 'nf_c', display_name: '甲', role: 'boss' }, 'role', /请从列表中选择角色/],
    [{ username: 'nf_d', display_name: '甲', role: 'station_operator' }, 'station', /须选择服务站/],
    [{ username: 'nf_e', display_name: '甲', role: 'station_operator', station: '999' }, 'station', /请从列表中选择/],
    [{ username: 'nf_f', display_name: '甲', role: 'township_admin' }, 'township', /须选择所在乡镇/],
    [{ username: 'nf_g', display_name: '甲', role: 'township_admin', township: '999999' }, 'township', /请从列表中选择乡镇/],
  ];
  for (const [fields, field, message] of bad) {
    const r = await admin.post('/admin/staff/new', { csrf, ...fields });
    assert.equal(r.status, 422, JSON.stringify(fields));
    assert.match(plain(r.text), message, JSON.stringify(fields));
    assert.match(r.text, new RegExp(`id="${field}-error"`));
  }
  assert.equal((await sql("SELECT COUNT(*) FROM staff WHERE username LIKE 'nf\\_%'"))[0][0], '0');
  // A township admin for township 2, by the county admin.
  const t2 = await createStaff(admin, { username: 'nf_town2', display_name: '空山镇民政办', role: 'township_admin', township: F.T2 });
  assert.deepEqual((await sql(`SELECT role, township_id, station_id FROM staff WHERE id = ${t2.id}`))[0], ['township_admin', String(F.T2), 'NULL']);
});

test('stations list is scoped', async () => {
  const all = plain((await admin.get('/admin/stations')).text);
  assert.match(all, /新华村互助养老服务站/);
  assert.match(all, /中坝村互助养老服务站/);
  const own = await township1.get('/admin/stations');
  assert.equal(own.status, 200);
  assert.match(plain(own.text), /城西村互助养老服务站/);
  assert.doesNotMatch(plain(own.text), /中坝村/);
});

test('sign-in page: next only leads to staff pages', async () => {
  const c = new Client();
  const page = await c.get('/login?next=/admin/volunteers');
  const r = await c.post('/login', { csrf: csrfFrom(page.text), username: 'township1', password: ADMIN_PASSWORD, next: 'https://evil.example/' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/admin/');
  const c2 = new Client();
  const p2 = await c2.get('/login');
  const r2 = await c2.post('/login', { csrf: csrfFrom(p2.text), username: 'township1', password: ADMIN_PASSWORD, next: '/admin/volunteers' });
  assert.equal(r2.headers.get('location'), '/admin/volunteers');
  assert.ok((await auditRows("a.action = 'login' AND s.username = 'township1'")).length >= 1);
  const res = await fetch(`${BASE}/login`);
  assert.equal(res.status, 200);
});
