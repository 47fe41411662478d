// Sends a bounded mix of staff requests (sign-in, lists, forms in error,
// exports, scope refusals, missing CSRF) to the staff responder running
// under a leak checker. Usage: node drive-staff.mjs BASE_URL COUNT.
// Exits non-zero if any request gets an unexpected status, or a kind of
// request never ran.
import { Client, csrfFrom, demo, sql } from '../http/lib.mjs';

// Demo places and stations by code (lib.mjs), never by id.
const F = await demo();

const base = process.argv[2];
const count = Number(process.argv[3] || 1000);

async function signIn(username) {
  const c = new Client(base);
  const r = await c.login(username);
  if (r.status !== 303) throw new Error(`sign-in ${username}: ${r.status}`);
  const csrf = csrfFrom((await c.get('/admin/password')).text);
  return { c, csrf };
}

const admin = await signIn('admin');
const op = await signIn('station1');
const op2 = await signIn('station2');
const anon = new Client(base);
// An approved demo volunteer, and a certificate of theirs to revoke.
const [[vol]] = await sql("SELECT MIN(id) FROM volunteer WHERE status = 'approved'");
const first = await admin.c.post(`/admin/volunteers/${vol}/certificate`, { csrf: admin.csrf, period: 'last_year' });
if (first.status !== 303) throw new Error(`certificate: ${first.status}`);
const [[cert]] = await sql(`SELECT MAX(id) FROM certificate WHERE volunteer_id = ${vol}`);

const cases = [
  async () => [await admin.c.get('/admin/'), 200],
  async () => [await admin.c.get('/admin/volunteers?status=approved&page=1'), 200],
  async () => [await admin.c.get('/admin/volunteers/1'), 200],
  async () => [await admin.c.get('/admin/staff'), 200],
  async () => [await admin.c.get('/admin/audit?page=2'), 200],
  async () => [await admin.c.get('/admin/export/volunteers.csv'), 200],
  async () => [await admin.c.get('/admin/service-types'), 200],
  async () => [await admin.c.get(`/station/services?station=${F.S1}&from=2026-01-01`), 200],
  async () => [await admin.c.post('/admin/staff/new', { csrf: admin.csrf, username: '<b>' }), 422],
  async () => [await op.c.get('/station/services'), 200],
  async () => [await op.c.get('/station/services/new'), 200],
  async () => [await op.c.post('/station/services/new', { csrf: op.csrf, elder: '1', date: '2026-13-01', start: '25:00' }), 422],
  async () => [await op.c.post('/station/services/new', { csrf: op.csrf, 'r1.elder': '1', 'r2.start': '08:00', more: '1' }), 200],
  async () => [await op.c.get('/station/no-such-page'), 404],
  async () => [await op.c.get('/station/elders'), 200],
  async () => [await op.c.get('/station/hours'), 200],
  async () => [await op.c.get('/admin/export/services.csv'), 200],
  async () => [await op2.c.get('/station/elders/1/edit'), 403],
  async () => [await op.c.post('/station/services/1/void', { reason: 'x' }), 403],
  async () => [await anon.get('/admin/volunteers'), 303],
  async () => [await anon.get('/station/no-such-page'), 404],
  async () => [await admin.c.get('/admin/classes'), 200],
  async () => [await admin.c.get('/admin/classes/1/roster'), 200],
  async () => [await admin.c.get('/admin/classes/1/sheet'), 200],
  async () => [await admin.c.post('/admin/classes/new', { csrf: admin.csrf, title: '<x>', capacity: '-1' }), 422],
  async () => [await admin.c.get('/admin/export/enrolments.csv'), 200],
  // A form posted without a session: the sign-in page keeping the fields; a sign-in there without the
  // page's token (refused before any password is tried); the audit trail read in Chinese.
  async () => [await anon.post('/station/services/new', { 'r1.elder': '1', 'r2.note': '<b>"x"</b>', csrf: 'x' }), 401],
  async () => [await anon.post('/station/elders/new', { name: '张三', 'relogin.username': 'station1', 'relogin.password': 'x', csrf: 'x' }), 401],
  async () => [await admin.c.get('/admin/audit?action=create&entity=staff'), 200],
  // volunteer service certificates: issue (each supersedes the last), revoke, bad input
  async () => [await admin.c.post(`/admin/volunteers/${vol}/certificate`, { csrf: admin.csrf, period: 'this_year' }), 303],
  async () => [await admin.c.get(`/admin/volunteers/${vol}`), 200],
  async () => [await admin.c.post(`/admin/certificates/${cert}/revoke`, { csrf: admin.csrf, revoke_reason: '测试撤销' }), 303],
  async () => [await admin.c.post(`/admin/volunteers/${vol}/certificate`, { csrf: admin.csrf, period: 'dates', from: '2026-02-01', to: '2026-01-01' }), 422],
  async () => [await op.c.post(`/admin/volunteers/${vol}/certificate`, { csrf: op.csrf, period: 'all' }), 403],
];

let bad = 0;
const succeeded = cases.map(() => 0);
for (let i = 0; i < count; i++) {
  const [r, want] = await cases[i % cases.length](i);
  if (r.status === want) succeeded[i % cases.length]++;
  else {
    bad++;
    if (bad < 5) console.error(`request ${i}: status ${r.status}, wanted ${want}`);
  }
}
const never = succeeded.flatMap((n, k) => (n === 0 ? [k] : []));
for (const k of never) console.error(`kind ${k} (${cases[k].toString().slice(0, 90)}…) never got its status`);
console.log(`${count} staff requests, ${bad} unexpected, ${cases.length - never.length} of ${cases.length} kinds succeeded`);
process.exit(bad === 0 && never.length === 0 ? 0 : 1);
