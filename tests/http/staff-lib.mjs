// Helpers for the staff-side tests (accounts, sessions, review): signing in
// as a demo account, making test accounts and registrations through the
// real forms, and reading the audit trail.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Client, csrfFrom, sql, sqlString, makeId, ROOT, ADMIN_PASSWORD, demo } from './lib.mjs';

const F = await demo();

// Demo accounts and their scope (DESIGN.md; cgi/tool.c).
export const DEMO = {
  admin: { role: 'county_admin', township: 0, station: 0 },
  township1: { role: 'township_admin', township: F.T1, station: 0 },
  station1: { role: 'station_operator', township: F.T1, station: F.S1 },
  station2: { role: 'station_operator', township: F.T2, station: F.S3 },
};

// A client signed in as username (asserts the sign-in worked).
export async function signedIn(username, password = ADMIN_PASSWORD) {
  const c = new Client();
  const r = await c.login(username, password);
  assert.equal(r.status, 303, `sign-in as ${username}: ${r.status} ${r.text.slice(0, 300)}`);
  return c;
}

// The CSRF token of a page the client may open.
export async function csrfOf(c, page = '/admin/password') {
  const r = await c.get(page);
  const t = csrfFrom(r.text);
  assert.ok(t, `no csrf token on ${page} (${r.status})`);
  return t;
}

// The route table of a responder, as its --routes option prints it.
export function routesOf(program) {
  const bin = path.join(ROOT, 'build', 'cgi', `laoxiao-${program}`);
  const out = execFileSync(bin, ['--routes'], { encoding: 'utf8' });
  return out.trim().split('\n').map((line) => {
    const [pattern, methods, access, scope, kept] = line.split('\t');
    return { pattern, methods: methods.split(','), access, scope, kept };
  });
}

// Text of a page without tags, for matching messages.
export function plain(html) {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

// Creates an account through /admin/staff/new as creator (a signed-in
// client); returns { id, username, password } (the password shown once).
export async function createStaff(creator, fields) {
  const csrf = await csrfOf(creator, '/admin/staff/new');
  const r = await creator.post('/admin/staff/new', { csrf, ...fields });
  assert.equal(r.status, 200, `create ${fields.username}: ${r.status} ${plain(r.text).slice(0, 400)}`);
  const m = /<strong class="secret">([^<]+)<\/strong>/.exec(r.text);
  assert.ok(m, 'the new password is shown');
  const rows = await sql(`SELECT id FROM staff WHERE username = ${sqlString(fields.username)}`);
  return { id: rows[0][0], username: fields.username, password: m[1] };
}

// Signs in with a generated password and replaces it; returns the client
// and the new password.
export async function firstSignIn(username, generated) {
  const c = new Client();
  const r = await c.login(username, generated);
  assert.equal(r.status, 303);
  const page = await c.get('/admin/password');
  assert.equal(page.status, 200);
  const password = `Gz7-${String(Date.now()).slice(-6)}-kq`;
  const r2 = await c.post('/admin/password', {
    csrf: csrfFrom(page.text), current_password: generated,
    new_password: password, new_password2: password,
  });
  assert.equal(r2.status, 303, plain(r2.text).slice(0, 400));
  return { c, password };
}

// A registration through the public form; returns its volunteer id, ID
// number and phone. area keeps each test file's ID numbers apart.
let seq = 0;
export async function register(area, over = {}) {
  seq += 1;
  const c = new Client();
  const form = await c.get('/volunteer/register');
  const birth = `19${60 + (seq % 30)}${String(1 + (seq % 12)).padStart(2, '0')}${String(1 + (seq % 28)).padStart(2, '0')}`;
  const p = {
    csrf: csrfFrom(form.text),
    name: '审核测试',
    id_number: makeId(area, birth, seq),
    phone: `136${String(process.pid % 1000).padStart(3, '0')}${String(seq).padStart(5, '0')}`,
    township: F.T1, village: F.V1, address: '', skills: ['meal'],
    availability: ['weekend'], consent: 'yes',
    ...over,
  };
  const r = await c.post('/volunteer/register', p);
  assert.equal(r.status, 303, `register: ${r.status} ${plain(r.text).slice(0, 400)}`);
  const rows = await sql(`SELECT id FROM volunteer WHERE phone = '${p.phone}'`);
  return { id: rows[0][0], idNumber: p.id_number, phone: p.phone, name: p.name };
}

// The newest audit row, or rows matching a condition (SQL text).
export async function auditRows(where) {
  return sql(`SELECT a.action, a.entity, COALESCE(a.entity_id, 0), COALESCE(s.username, ''), a.ip,
    COALESCE(a.before_value, ''), COALESCE(a.after_value, '')
    FROM audit_log a LEFT JOIN staff s ON s.id = a.staff_id WHERE ${where} ORDER BY a.id`);
}

// Forgets throttle failures (the tests all come from one address).
export async function releaseThrottle(kind) {
  await sql(`UPDATE throttle SET at = at - INTERVAL 1 DAY WHERE kind = ${sqlString(kind)}`);
}
