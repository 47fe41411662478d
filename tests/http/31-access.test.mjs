// The role × route matrix, generated from the staff responder's own route
// table (laoxiao-staff --routes): every admin and station route, for
// anonymous visitors, each role, records in and out of the role's scope,
// and an account that still has to change its generated password. A route
// without a rule here fails the first test, so a new route cannot go
// untested. Then CSRF on every POST route, from the same table.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, csrfFrom, sql, demo } from './lib.mjs';
import { DEMO, signedIn, csrfOf, routesOf, createStaff, firstSignIn, register } from './staff-lib.mjs';

// Demo places and stations by code (lib.mjs), never by id.
const F = await demo();

// What an allowed request gets, by pattern and method. The requests carry
// nothing but the CSRF token, so a form answers 422 and a status change
// that does not apply to the record's status answers 409. matrix: false
// marks routes tested elsewhere (sign-in and sign-out: 30-auth).
const RULES = {
  '/login': { matrix: false },
  '/logout': { matrix: false },
  '/admin/': { GET: 200 },
  '/station/': { GET: 200 },
  '/admin/password': { GET: 200, POST: 422 },
  '/admin/staff': { GET: 200 },
  '/admin/staff/new': { GET: 200, POST: 422 },
  '/admin/staff/*': { GET: 200 },
  '/admin/staff/*/disable': { POST: 303 },
  '/admin/staff/*/enable': { POST: 303 },
  '/admin/staff/*/reset-password': { POST: 200 },
  '/admin/stations': { GET: 200 },
  '/admin/volunteers': { GET: 200 },
  '/admin/volunteers/*': { GET: 200 },
  '/admin/volunteers/*/approve': { POST: 422 },
  '/admin/volunteers/*/reject': { POST: 422 },
  '/admin/volunteers/*/deactivate': { POST: 409 },
  '/admin/volunteers/*/reactivate': { POST: 409 },
  '/admin/volunteers/*/id-number': { POST: 200 },
  // volunteer service certificates: a bare POST lacks the period / the reason.
  '/admin/volunteers/*/certificate': { POST: 422 },
  '/admin/certificates/*/revoke': { POST: 422 },
  '/admin/export/volunteers.csv': { GET: 200 },
  '/admin/audit': { GET: 200 },
  // service logging: admins pick a station with ?station=; without it the
  // pages list the stations in scope, and a bare POST is a form in error.
  '/station/elders': { GET: 200 },
  '/station/elders/new': { GET: 200, POST: 422 },
  '/station/elders/*/edit': { GET: 200, POST: 422 },
  '/station/elders/*/deactivate': { POST: 303 },
  '/station/elders/*/reactivate': { POST: 303 },
  '/station/services': { GET: 200 },
  '/station/services/new': { GET: 200, POST: 422 },
  '/station/services/*/edit': { GET: 200, POST: 422 },
  '/station/services/*/void': { POST: 422 },
  '/station/hours': { GET: 200 },
  '/admin/service-types': { GET: 200, POST: 422 },
  '/admin/service-types/*/retire': { POST: 303 },
  '/admin/service-types/*/restore': { POST: 303 },
  '/admin/export/services.csv': { GET: 200 },
  // family-education classes: a bare POST is a form in error.
  '/admin/classes': { GET: 200 },
  '/admin/classes/new': { GET: 200, POST: 422 },
  '/admin/classes/*/edit': { GET: 200, POST: 422 },
  '/admin/classes/*/roster': { GET: 200, POST: 422 },
  '/admin/classes/*/sheet': { GET: 200 },
  '/admin/export/enrolments.csv': { GET: 200 },
  // the county's figures: admins (a township admin its own township), station operators 403.
  '/admin/dashboard': { GET: 200 },
  '/admin/dashboard/report.txt': { GET: 200 },
  '/admin/export/dashboard.csv': { GET: 200 },
};

// Which roles each access level admits (srv.h enum access).
const ACCESS = {
  anyone: ['county_admin', 'township_admin', 'station_operator'],
  staff: ['county_admin', 'township_admin', 'station_operator'],
  station: ['county_admin', 'township_admin', 'station_operator'],
  admin: ['county_admin', 'township_admin'],
  county: ['county_admin'],
};

const routes = routesOf('staff');
const actors = {}; // name -> { client, role, township, station, mustChange, csrf }
const samples = {}; // scope kind -> [{ label, id, township, station, county }]

before(async () => {
  await sql("UPDATE throttle SET at = at - INTERVAL 1 DAY WHERE kind = 'login_address'");
  for (const [name, scope] of Object.entries(DEMO)) actors[name] = { client: await signedIn(name), ...scope };
  const admin = actors.admin.client;
  // A township admin of the second township, and an operator who has not
  // yet replaced the generated password.
  const t2 = await createStaff(admin, { username: 'mx_town2', display_name: '空山镇民政办', role: 'township_admin', township: F.T2 });
  actors.mx_town2 = { client: (await firstSignIn('mx_town2', t2.password)).c, role: 'township_admin', township: F.T2, station: 0 };
  const fresh = await createStaff(admin, { username: 'mx_fresh', display_name: '新账号', role: 'station_operator', station: F.S1 });
  const fc = new Client();
  assert.equal((await fc.login('mx_fresh', fresh.password)).status, 303);
  actors.mx_fresh = { client: fc, role: 'station_operator', township: F.T1, station: F.S1, mustChange: true };
  for (const a of Object.values(actors)) a.csrf = await csrfOf(a.client, '/admin/password');

  // Records the '*' routes name: accounts and registrations in each
  // township (accounts only the matrix touches: disabling them is harmless).
  const op1 = await createStaff(admin, { username: 'mx_op1', display_name: '一号站', role: 'station_operator', station: F.S1 });
  const op3 = await createStaff(admin, { username: 'mx_op3', display_name: '三号站', role: 'station_operator', station: F.S3 });
  const ta = await createStaff(admin, { username: 'mx_ta', display_name: '水河乡镇办', role: 'township_admin', township: F.T3 });
  samples.staff = [
    { label: 'operator of station 1', id: op1.id, township: F.T1, station: F.S1 },
    { label: 'operator of station 3', id: op3.id, township: F.T2, station: F.S3 },
    { label: 'a township admin', id: ta.id, township: F.T3, station: 0, county: true },
  ];
  const v1 = await register('510104', { township: F.T1, village: F.V2 });
  const v2 = await register('510104', { township: F.T2, village: F.V5 });
  samples.volunteer = [
    { label: 'pending in township 1', id: v1.id, township: F.T1, station: 0 },
    { label: 'pending in township 2', id: v2.id, township: F.T2, station: 0 },
  ];
  // Demo elders and services of station 1 (township 1) and station 3
  // (township 2); service types are county-level records.
  const first = async (table, station) =>
    (await sql(`SELECT MIN(id) FROM ${table} WHERE station_id = ${station}`))[0][0];
  for (const kind of ['elder', 'service']) {
    samples[kind] = [
      { label: `${kind} of station 1`, id: await first(kind, F.S1), township: F.T1, station: F.S1 },
      { label: `${kind} of station 3`, id: await first(kind, F.S3), township: F.T2, station: F.S3 },
    ];
    for (const s of samples[kind]) assert.ok(Number(s.id) > 0, `demo ${kind} at station ${s.station}`);
  }
  samples.class = [];
  for (const township of [F.T1, F.T2]) {
    const id = (await sql(`SELECT MIN(id) FROM class WHERE township_id = ${township}`))[0][0];
    assert.ok(Number(id) > 0, `demo class in township ${township}`);
    samples.class.push({ label: `class of township ${township}`, id, township, station: 0 });
  }
  // A certificate of a volunteer (made here) of station 1 and of station 3.
  samples.certificate = [];
  for (const [station, township, village] of [[F.S1, F.T1, F.V1], [F.S3, F.T2, F.V5]]) {
    const [[vid]] = await sql(`INSERT INTO volunteer (number, name, id_cipher, id_hash, id_mask, sex, birth_date, phone,
        township_id, village_id, status, station_id, consent_version, consent_at)
      VALUES (CONCAT('MX', ${station}), '矩阵检查', RANDOM_BYTES(40), RANDOM_BYTES(32), '522630********0000', 'F', '1970-01-01',
        '13900000000', ${township}, ${village}, 'approved', ${station}, 'test', NOW()); SELECT LAST_INSERT_ID();`);
    const [[id]] = await sql(`INSERT INTO certificate (number, check_code, access_code, volunteer_id, minutes, services,
        volunteer_name, id_mask, volunteer_number, issuer, officer, phone, issued_via)
      VALUES (CONCAT('1999-', LPAD(${station}, 6, '0')), LEFT(MD5(RAND()), 16), LEFT(MD5(RAND()), 22), ${vid}, 0, 0,
        '矩阵检查', '522630********0000', CONCAT('MX', ${station}), '矩阵检查', '', '', 'lookup'); SELECT LAST_INSERT_ID();`);
    samples.certificate.push({ label: `certificate at station ${station}`, id, township, station });
  }
  samples.service_type = [
    { label: 'a service type', id: (await sql("SELECT MAX(id) FROM service_type WHERE active = 1"))[0][0], township: 0, station: 0, county: true },
  ];
});

// Whether an actor's scope holds a record (scope.c scope_allows; a
// county-level record belongs to county admins alone).
function inScope(actor, s) {
  if (actor.role === 'county_admin') return true;
  if (actor.role === 'township_admin') return !s.county && s.township === actor.township;
  return s.station !== 0 && s.station === actor.station;
}

// The expected status and, for redirects, where to.
function expected(route, method, actor, sample, path) {
  const rule = RULES[route.pattern];
  // Anonymous: a GET goes to the sign-in page; a POST gets it in place
  // (401), so that a form posted after the session ended is not lost.
  if (!actor) return method === 'GET' ? [303, `/login?next=${path}`] : [401];
  if (!ACCESS[route.access].includes(actor.role)) return [403];
  if (actor.mustChange && route.pattern !== '/admin/password') return [303, '/admin/password'];
  if (sample && !inScope(actor, sample)) return [403];
  return [rule[method]];
}

test('every route of the staff responder has a rule in the matrix, and every rule a route', () => {
  assert.ok(routes.length > 10, 'laoxiao-staff --routes lists the table');
  const missing = routes.filter((r) => !(r.pattern in RULES)).map((r) => r.pattern);
  assert.deepEqual(missing, [], `routes without a rule in 31-access.test.mjs: ${missing.join(', ')}`);
  const stale = Object.keys(RULES).filter((p) => !routes.some((r) => r.pattern === p));
  assert.deepEqual(stale, [], `rules for routes that no longer exist: ${stale.join(', ')}`);
  for (const r of routes) {
    assert.ok(r.access in ACCESS, `${r.pattern}: unknown access ${r.access}`);
    const rule = RULES[r.pattern];
    if (rule.matrix === false) continue;
    for (const m of r.methods) assert.ok(rule[m] !== undefined, `${r.pattern}: no expectation for ${m}`);
    if (r.pattern.includes('*')) assert.ok(r.scope in samples || r.scope === '-', `${r.pattern}: no samples for scope ${r.scope}`);
    if (r.pattern.includes('*')) assert.notEqual(r.scope, '-', `${r.pattern} names a record but checks no scope`);
    assert.ok(r.access !== 'anyone', `${r.pattern}: a staff page open to anyone`);
  }
});

test('the public responder has only public routes', () => {
  for (const r of routesOf('public')) assert.equal(r.access, 'anyone', r.pattern);
});

for (const route of routes) {
  if (RULES[route.pattern]?.matrix === false) continue;
  for (const method of route.methods) {
    test(`${method} ${route.pattern}: anonymous, every role, in and out of scope`, async () => {
      const list = route.scope !== '-' ? samples[route.scope] : [null];
      assert.ok(list, `no samples for ${route.scope}`);
      const who = [['anonymous', null], ...Object.entries(actors)];
      for (const sample of list) {
        const path = sample ? route.pattern.replace('*', sample.id) : route.pattern;
        for (const [name, actor] of who) {
          const c = actor ? actor.client : new Client();
          let r;
          if (method === 'GET') r = await c.get(path);
          else {
            const csrf = actor ? actor.csrf : csrfFrom((await c.get('/login')).text);
            r = await c.post(path, { csrf });
          }
          const [status, location] = expected(route, method, actor, sample, path);
          const what = `${method} ${path} as ${name}${sample ? ` (${sample.label})` : ''}`;
          assert.equal(r.status, status, `${what}: ${r.status}, expected ${status}`);
          if (location) assert.equal(r.headers.get('location'), location, what);
          if (status === 403 && sample) {
            assert.doesNotMatch(r.text, /审核测试|一号站|三号站|水河乡镇办/, `${what}: no data of the record`);
          }
        }
      }
    });
  }
}

test('every POST route refuses a missing or wrong CSRF token and changes nothing', async () => {
  const admin = actors.admin;
  const posts = routes.filter((r) => r.methods.includes('POST'));
  assert.ok(posts.length >= 8);
  const before = await sql('SELECT MAX(id) FROM audit_log');
  const state = await sql('SELECT id, active, password_hash FROM staff ORDER BY id');
  const vols = await sql('SELECT id, status FROM volunteer ORDER BY id');
  const elders = await sql('SELECT id, active, name FROM elder ORDER BY id');
  const services = await sql('SELECT id, voided_at, minutes FROM service ORDER BY id');
  const types = await sql('SELECT id, active FROM service_type ORDER BY id');
  const classes = await sql('SELECT id, status, capacity, title FROM class ORDER BY id');
  const enrolments = await sql('SELECT id, status, position, attended FROM class_enrolment ORDER BY id');
  for (const route of posts) {
    const list = route.scope !== '-' ? samples[route.scope] : [null];
    for (const sample of list) {
      const path = sample ? route.pattern.replace('*', sample.id) : route.pattern;
      for (const body of [{}, { csrf: `${admin.csrf}x` }, { csrf: '' }, { csrf: actors.township1.csrf }]) {
        const r = await admin.client.post(path, { ...body, username: 'admin', password: 'x', station: F.S1, reason: '测试' });
        assert.equal(r.status, 403, `POST ${path} with ${JSON.stringify(body)}`);
        assert.match(r.text, /刷新/);
      }
    }
  }
  // No CSRF token from a page of another site either: the cookie is
  // SameSite=Strict, and the token is bound to it (township1's token,
  // tried above, is refused with admin's cookie).
  assert.equal(admin.client.cookieInfo('lx_csrf')?.attrs.samesite, 'Strict');
  assert.deepEqual(await sql('SELECT MAX(id) FROM audit_log'), before, 'nothing was audited, so nothing was done');
  assert.deepEqual(await sql('SELECT id, active, password_hash FROM staff ORDER BY id'), state);
  assert.deepEqual(await sql('SELECT id, status FROM volunteer ORDER BY id'), vols);
  assert.deepEqual(await sql('SELECT id, active, name FROM elder ORDER BY id'), elders);
  assert.deepEqual(await sql('SELECT id, voided_at, minutes FROM service ORDER BY id'), services);
  assert.deepEqual(await sql('SELECT id, active FROM service_type ORDER BY id'), types);
  assert.deepEqual(await sql('SELECT id, status, capacity, title FROM class ORDER BY id'), classes);
  assert.deepEqual(await sql('SELECT id, status, position, attended FROM class_enrolment ORDER BY id'), enrolments);
  // The admin is still signed in.
  assert.equal((await admin.client.get('/admin/')).status, 200);
});

test('a record id that is not a number, or does not exist, is 404', async () => {
  const c = actors.admin.client;
  for (const p of ['/admin/volunteers/abc', '/admin/volunteers/0', '/admin/volunteers/99999999', '/admin/volunteers/01',
    '/admin/staff/99999999', '/admin/staff/-1', '/admin/volunteers/99999999999999999999']) {
    assert.equal((await c.get(p)).status, 404, p);
  }
  const r = await c.post('/admin/volunteers/99999999/approve', { csrf: actors.admin.csrf, station: F.S1 });
  assert.equal(r.status, 404);
});
