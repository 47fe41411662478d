// Helpers for the family-education class tests (50-classes, 51-class-admin, 52-class-load).
import assert from 'node:assert/strict';
import http from 'node:http';
import { Client, csrfFrom, sql, sqlString, BASE, demo } from './lib.mjs';

// Demo places and stations by code (lib.mjs), never by id.
const F = await demo();

// A signed-in client.
export async function loginAs(username) {
  const c = new Client();
  const r = await c.login(username);
  assert.equal(r.status, 303, `login ${username}: ${r.status}`);
  return c;
}

// A class inserted directly. startsIn / deadlineIn are SQL intervals from now ('7 DAY', '-1 HOUR').
export async function newClass({
  township = F.T1, capacity = 10, status = 'open', startsIn = '7 DAY', deadlineIn = '6 DAY', title = '测试课程',
  minutes = 90,
} = {}) {
  const rows = await sql(`INSERT INTO class (title, description, audience, township_id, venue, starts_at, minutes, capacity,
      deadline, status) VALUES (${sqlString(title)}, '', 'all', ${township}, '测试地点', NOW() + INTERVAL ${startsIn},
      ${minutes}, ${capacity}, NOW() + INTERVAL ${deadlineIn}, '${status}');
    SELECT LAST_INSERT_ID();`);
  return rows[0][0];
}

let phoneSeq = Math.floor(Math.random() * 1e6);
// A phone number not used before in this run.
export function newPhone() {
  phoneSeq += 1;
  return `137${String(phoneSeq).padStart(8, '0')}`;
}

// The fields of an enrolment; over replaces or adds some (undefined drops one).
export function enrolFields(over = {}) {
  const f = {
    name: '王奶奶', phone: newPhone(), relationship: 'grandparent', village: F.V1, child_age_group: '6-12',
    left_behind: 'yes', consent: 'yes', ...over,
  };
  for (const k of Object.keys(f)) if (f[k] === undefined) delete f[k];
  return f;
}

// Enrols through the form with a fresh client (or c). Returns {status, code, text, location, client}.
export async function enrol(classId, over = {}, c = new Client()) {
  const page = await c.get(`/classes/${classId}`);
  const csrf = csrfFrom(page.text);
  assert.ok(csrf, `no csrf on /classes/${classId} (${page.status})`);
  const r = await c.post(`/classes/${classId}`, { ...enrolFields(over), csrf });
  const location = r.headers.get('location') || '';
  const m = /^\/classes\/enrolment\/([A-Za-z0-9_-]+)$/.exec(location);
  return { status: r.status, text: r.text, location, code: m ? m[1] : undefined, client: c };
}

// The client's CSRF token from a page that has a form (any page's token works for every form).
export async function anyCsrf(c) {
  const r = await c.get('/volunteer/register');
  const t = csrfFrom(r.text);
  assert.ok(t, 'a csrf token');
  return t;
}

// Cancels an enrolment as its holder would (the page, then its cancel form, 确认取消 ticked). A page without the form
// (cancelled already, or begun) still gets a valid token, to show what the server does then.
export async function cancelByCode(code, c = new Client()) {
  const page = await c.get(`/classes/enrolment/${code}`);
  assert.equal(page.status, 200, `enrolment page: ${page.status}`);
  return c.post(`/classes/enrolment/${code}`, {
    action: 'cancel', confirm: 'yes', csrf: csrfFrom(page.text) ?? await anyCsrf(c),
  });
}

// The status text of an enrolment page: '已报名', '候补（第N位）' or '已取消'.
export async function statusOf(code, c = new Client()) {
  const r = await c.get(`/classes/enrolment/${code}`);
  assert.equal(r.status, 200, `enrolment ${code}: ${r.status}`);
  const m = /<p class="notice ok status"><strong>([^<]*)<\/strong>/.exec(r.text);
  assert.ok(m, 'status line on the enrolment page');
  return m[1];
}

// Enrolment rows of a class in id order: [{id, status, position, attended, left_behind, code, phone}].
export async function enrolments(classId) {
  const rows = await sql(`SELECT id, status, COALESCE(position, 0), attended, left_behind, code, phone
    FROM class_enrolment WHERE class_id = ${classId} ORDER BY id`);
  return rows.map(([id, status, position, attended, lb, code, phone]) => ({
    id: Number(id), status, position: Number(position), attended: attended === '1', left_behind: lb === '1', code, phone,
  }));
}

// The invariants of a class: enrolled <= capacity; nobody waits while a seat is free; waiting positions are
// 1..n without gaps or duplicates, in enrolment-id (arrival) order. Returns the counts.
export async function assertInvariants(classId) {
  const [[cap]] = await sql(`SELECT capacity FROM class WHERE id = ${classId}`);
  const rows = await enrolments(classId);
  const enrolled = rows.filter((e) => e.status === 'enrolled');
  const waiting = rows.filter((e) => e.status === 'waiting');
  assert.ok(enrolled.length <= Number(cap), `enrolled ${enrolled.length} > capacity ${cap}`);
  if (waiting.length > 0) assert.equal(enrolled.length, Number(cap), 'someone waits while a seat is free');
  assert.deepEqual(waiting.map((e) => e.position), waiting.map((_, i) => i + 1), 'waiting positions 1..n in id order');
  for (const e of rows) if (e.status !== 'waiting') assert.equal(e.position, 0);
  return { enrolled: enrolled.length, waiting: waiting.length, capacity: Number(cap) };
}

// A GET sent from another loopback address (so that the code throttle counts it apart),
// with extra request headers if given.
export function getFrom(localAddress, path, headers = {}) {
  const url = new URL(path, BASE + '/');
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'GET', localAddress,
      agent: false, headers,
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, text: body }));
    });
    req.on('error', reject);
    req.end();
  });
}

export { sql, sqlString };
