// Every page, at the phone size (360×640) and the office size (1366×768), for everyone who sees it:
// no sideways scrolling, text large enough (16 px; 18 px in the public forms), tap targets of at least
// 44×44 px, every input labelled, lang="zh-CN", the focus visible at every Tab stop, no English a user
// reads, and no serious or critical axe-core violation. Each page and size leaves a screenshot in
// var/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SIZES, newContext, checkPage, screenshot, Client, csrfFrom, sql, sqlString, demo, makeId, BASE,
} from './lib.mjs';

const F = await demo();

// ---- Records the pages show, made through the HTTP forms or the database ----

async function signedInClient(username) {
  const c = new Client();
  const r = await c.login(username);
  assert.equal(r.status, 303, `sign-in as ${username}`);
  return c;
}

// A pending registration of 新华村 (a page of review) and an approved volunteer for the look-up.
const pub = new Client();
const regForm = await pub.get('/volunteer/register');
const pendingPhone = `135${String(process.pid % 100000).padStart(5, '0')}901`;
const reg = await pub.post('/volunteer/register', {
  csrf: csrfFrom(regForm.text), name: '页面检查', id_number: makeId('511921', '19700315', process.pid % 997),
  phone: pendingPhone, township: F.T1, village: F.V1, address: '', skills: ['meal'], availability: ['weekend'],
  consent: 'yes',
});
assert.equal(reg.status, 303, 'the registration for the review pages');
const [[pendingId]] = await sql(`SELECT id FROM volunteer WHERE phone = ${sqlString(pendingPhone)}`);
const [[lookupNumber, lookupPhone]] = await sql(
  `SELECT number, phone FROM volunteer WHERE status = 'approved' AND station_id = ${F.S1} ORDER BY id LIMIT 1`);

// A class of 诺江镇 with an enrolment (its code), and a service of station1's.
const [[classId]] = await sql(`SELECT id FROM class WHERE township_id = ${F.T1} AND status = 'open' ORDER BY id LIMIT 1`);
const enrolForm = await pub.get(`/classes/${classId}`);
const enrolled = await pub.post(`/classes/${classId}`, {
  csrf: csrfFrom(enrolForm.text), name: '页面奶奶', phone: `137${String(process.pid % 100000).padStart(5, '0')}902`,
  relationship: 'grandparent', village: F.V1, child_age_group: '6-12', left_behind: 'yes', consent: 'yes',
});
assert.equal(enrolled.status, 303, 'the enrolment for the enrolment page');
const enrolmentPath = enrolled.headers.get('location');

const station1 = await signedInClient('station1');
const [[elderId]] = await sql(`SELECT id FROM elder WHERE station_id = ${F.S1} AND active = 1 ORDER BY id LIMIT 1`);
let [[serviceId] = []] = await sql(`SELECT id FROM service WHERE station_id = ${F.S1} AND voided_at IS NULL ORDER BY id DESC LIMIT 1`);
assert.ok(serviceId, 'the demo data has a service of station1');
const [[staffId]] = await sql(`SELECT id FROM staff WHERE username = 'station1'`);

// A certificate of the look-up's volunteer, issued by its township (every service so far), and the
// public verification page its QR code leads to.
const township1 = await signedInClient('township1');
const [[lookupId]] = await sql(`SELECT id FROM volunteer WHERE number = ${sqlString(lookupNumber)}`);
const volunteerPage = await township1.get(`/admin/volunteers/${lookupId}`);
const issued = await township1.post(`/admin/volunteers/${lookupId}/certificate`, {
  csrf: csrfFrom(volunteerPage.text), period: 'all',
});
assert.equal(issued.status, 303, 'the certificate for the certificate pages');
const certificatePath = issued.headers.get('location');
const [[certNumber, certCheck]] = await sql(`SELECT number, check_code FROM certificate
  WHERE volunteer_id = ${lookupId} ORDER BY id DESC LIMIT 1`);

// ---- The pages ----

// who: a demo account, or '' for a visitor. form: minimum text size of the page's forms (public
// forms 18 px). open(page): when a page is reached by doing something rather than by its address.
const PUBLIC_FORM = 18;
const pages = [
  { name: 'home', path: '/' },
  { name: 'register', path: '/volunteer/register', form: PUBLIC_FORM },
  {
    name: 'register-errors', path: '/volunteer/register', form: PUBLIC_FORM,
    open: async (page) => {
      await page.fill('#name', '张');
      await page.fill('#id_number', '12345');
      await Promise.all([page.waitForNavigation(), page.click('form.stack button.primary')]);
    },
  },
  { name: 'register-done', path: '/volunteer/register/done' },
  { name: 'certificate', path: certificatePath },
  { name: 'verify', path: `/verify/${certNumber}-${certCheck}` },
  { name: 'lookup', path: '/volunteer/lookup', form: PUBLIC_FORM },
  {
    name: 'lookup-result', path: '/volunteer/lookup', form: PUBLIC_FORM,
    open: async (page) => {
      await page.fill('#number', lookupNumber);
      await page.fill('#phone', lookupPhone);
      await Promise.all([page.waitForNavigation(), page.click('form.stack button.primary')]);
    },
  },
  { name: 'classes', path: '/classes' },
  { name: 'class', path: `/classes/${classId}`, form: PUBLIC_FORM },
  { name: 'enrolment', path: enrolmentPath, form: PUBLIC_FORM },
  { name: 'enrolment-unknown', path: '/classes/enrolment/AAAAAAAAAAAAAAAAAAAAAA' },
  { name: 'not-found', path: '/no-such-page' },
  { name: 'login', path: '/login', form: PUBLIC_FORM },
  { name: 'unavailable', path: '/static/unavailable.html' },

  { name: 'station-home', who: 'station1', path: '/station/' },
  { name: 'station-services', who: 'station1', path: '/station/services' },
  { name: 'station-services-new', who: 'station1', path: '/station/services/new' },
  {
    name: 'station-services-new-errors', who: 'station1', path: '/station/services/new',
    open: async (page) => {
      await page.fill('[name="r1.start"]', '25:00');
      await Promise.all([page.waitForNavigation(), page.click('main form button.primary')]);
    },
  },
  { name: 'station-service-edit', who: 'station1', path: `/station/services/${serviceId}/edit` },
  { name: 'station-elders', who: 'station1', path: '/station/elders' },
  { name: 'station-elders-new', who: 'station1', path: '/station/elders/new' },
  { name: 'station-elder-edit', who: 'station1', path: `/station/elders/${elderId}/edit` },
  { name: 'station-hours', who: 'station1', path: '/station/hours' },
  { name: 'station-password', who: 'station1', path: '/admin/password' },
  { name: 'station-forbidden', who: 'station1', path: '/admin/volunteers' },
  { name: 'station-not-found', who: 'station1', path: '/station/no-such-page' },

  { name: 'township-home', who: 'township1', path: '/admin/' },
  { name: 'township-volunteers', who: 'township1', path: '/admin/volunteers' },
  { name: 'township-volunteer', who: 'township1', path: `/admin/volunteers/${pendingId}` },
  { name: 'township-staff', who: 'township1', path: '/admin/staff' },
  { name: 'township-staff-new', who: 'township1', path: '/admin/staff/new' },
  { name: 'township-staff-show', who: 'township1', path: `/admin/staff/${staffId}` },
  { name: 'township-stations', who: 'township1', path: '/admin/stations' },
  { name: 'township-classes', who: 'township1', path: '/admin/classes' },
  { name: 'township-class-new', who: 'township1', path: '/admin/classes/new' },
  { name: 'township-class-edit', who: 'township1', path: `/admin/classes/${classId}/edit` },
  { name: 'township-class-roster', who: 'township1', path: `/admin/classes/${classId}/roster` },
  { name: 'township-class-sheet', who: 'township1', path: `/admin/classes/${classId}/sheet` },
  { name: 'township-dashboard', who: 'township1', path: '/admin/dashboard' },
  { name: 'township-services', who: 'township1', path: '/station/services' },
  { name: 'township-station-services', who: 'township1', path: `/station/services?station=${F.S1}` },
  { name: 'township-station-hours', who: 'township1', path: `/station/hours?station=${F.S1}` },
  { name: 'township-not-found', who: 'township1', path: '/admin/no-such-page' },
  { name: 'township-out-of-scope', who: 'township1', path: `/station/services?station=${F.S3}` },

  { name: 'county-home', who: 'admin', path: '/admin/' },
  { name: 'county-dashboard', who: 'admin', path: '/admin/dashboard' },
  { name: 'county-audit', who: 'admin', path: '/admin/audit' },
  { name: 'county-service-types', who: 'admin', path: '/admin/service-types' },
  { name: 'county-volunteers', who: 'admin', path: '/admin/volunteers' },
  { name: 'county-stations', who: 'admin', path: '/admin/stations' },
];

// One browser profile per visitor and size, signed in with the account's session (closed with the
// browser after the file).
const contexts = new Map();
async function contextOf(who, size) {
  const key = `${who || ''}\t${size.width}`;
  if (!contexts.has(key)) {
    const context = await newContext({ size });
    if (who) {
      const c = who === 'station1' ? station1 : await signedInClient(who);
      await context.addCookies([...c.jar.values()].map((k) => ({ name: k.name, value: k.value, url: BASE })));
    }
    contexts.set(key, context);
  }
  return contexts.get(key);
}

for (const p of pages) {
  test(`${p.name} (${p.path})`, async () => {
    const found = [];
    for (const [sizeName, size] of Object.entries(SIZES)) {
      const page = await (await contextOf(p.who, size)).newPage();
      try {
        const res = await page.goto(p.path);
        assert.ok(res, `${p.path} answered`);
        if (p.open) await p.open(page);
        await screenshot(page, p.name, sizeName);
        for (const problem of await checkPage(page, { formFont: p.form ?? 16 })) {
          found.push(`${sizeName}: ${problem}`);
        }
      } finally {
        await page.close();
      }
    }
    assert.deepEqual(found, [], `${p.path}:\n  ${found.join('\n  ')}`);
  });
}
