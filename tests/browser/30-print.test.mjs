// Printed pages: each is printed to PDF (A4) into var/screenshots/, must fit one page, and nothing of
// it may be cut off at the paper's edge (laid out at the printable width of A4 with the page's print
// styles, no element reaches past it): the sign-in sheet of a class, opened by a township admin, and
// the certificate of volunteer service (志愿服务记录证明), which a volunteer issues for last year from the
// look-up with the volunteer number and phone (its hours checked against the services logged).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { newContext, signIn, Actor, DESKTOP, SCREENSHOTS, demo, sql, Client, csrfFrom } from './lib.mjs';
import { newVolunteer, newElder } from '../http/services-helpers.mjs';

const F = await demo();

// A4 portrait at 96 px per inch, less the margins of static/print.css (@page 15mm 12mm).
const MM = 96 / 25.4;
const PRINTABLE = { width: Math.floor((210 - 2 * 12) * MM), height: Math.floor((297 - 2 * 15) * MM) };

// A class of 诺江镇 with a few people on its sheet.
const [[classId]] = await sql(`SELECT id FROM class WHERE township_id = ${F.T1} AND status = 'open' ORDER BY id LIMIT 1`);
for (let i = 0; i < 3; i++) {
  const c = new Client();
  const form = await c.get(`/classes/${classId}`);
  const r = await c.post(`/classes/${classId}`, {
    csrf: csrfFrom(form.text), name: `签到${'甲乙丙'[i]}`,
    phone: `136${String(process.pid % 100000).padStart(5, '0')}${500 + i}`, relationship: 'grandparent',
    village: F.V1, child_age_group: '6-12', left_behind: 'yes', consent: 'yes',
  });
  assert.equal(r.status, 303, 'enrolled for the sheet');
}

// A volunteer of 新华村's station with two services last year (one of two volunteers on the second) and
// one voided, which does not count: 1 h 30 min + 45 min = 2.3 hours. Last year's, whatever today is.
const phone = `137${String(process.pid % 100000).padStart(5, '0')}777`;
const volunteer = await newVolunteer({ station: F.S1, township: F.T1, village: F.V1, name: '证明打印' });
await sql(`UPDATE volunteer SET phone = '${phone}' WHERE id = ${volunteer}`);
const [[number]] = await sql(`SELECT number FROM volunteer WHERE id = ${volunteer}`);
const partner = await newVolunteer({ station: F.S1, township: F.T1, village: F.V1, name: '证明同伴' });
const elder = await newElder({ station: F.S1, village: F.V1, name: '证明打印老人' });
const [[type]] = await sql('SELECT id FROM service_type WHERE active = 1 ORDER BY id LIMIT 1');
const [[year]] = await sql('SELECT YEAR(CURDATE()) - 1');
for (const [day, start, end, minutes, voided, vols] of [['01-02', '08:00', '09:30', 90, false, [volunteer]],
  ['01-03', '10:00', '10:45', 45, false, [volunteer, partner]], ['01-04', '08:00', '12:00', 240, true, [volunteer]]]) {
  const [[id]] = await sql(`INSERT INTO service (station_id, elder_id, service_type_id, service_date, start_time,
      end_time, minutes, elder_signed, note, voided_at, void_reason) VALUES (${F.S1}, ${elder}, ${type},
      '${year}-${day}', '${start}', '${end}', ${minutes}, 1, '证明打印', ${voided ? 'NOW()' : 'NULL'},
      ${voided ? "'登记重复'" : 'NULL'}); SELECT LAST_INSERT_ID();`);
  for (const v of vols) await sql(`INSERT INTO service_volunteer (service_id, volunteer_id) VALUES (${id}, ${v})`);
}

// The volunteer's journey: the look-up, found with number and phone, last year's certificate issued.
async function certificateFromLookup(page) {
  const act = new Actor(page, false);
  await page.goto('/volunteer/lookup');
  await act.fill('#number', number);
  await act.fill('#phone', phone);
  await act.press('main form.stack button.primary');
  assert.match(await page.locator('main').innerText(), /开具并打印证明/);
  await act.select('#period', 'last_year');
  await act.press('main form[action="/volunteer/lookup"] button.primary >> nth=-1');
  assert.match(new URL(page.url()).pathname, /^\/volunteer\/certificate\/\d{4}-\d{6}-/);
  const [[minutes, via]] = await sql(`SELECT minutes, issued_via FROM certificate WHERE volunteer_id = ${volunteer}
    ORDER BY id DESC LIMIT 1`);
  assert.equal(minutes, '135', 'the register holds the live services\' minutes');
  assert.equal(via, 'lookup');
}

const PRINTED = [
  { name: 'sign-in-sheet', who: 'township1', path: `/admin/classes/${classId}/sheet`, must: /签名/ },
  { name: 'certificate', open: certificateFromLookup, must: /志愿服务记录证明[\s\S]*证明打印[\s\S]*2\.3/ },
];

// Pages in a PDF written by Chromium (each page object names its type).
function pdfPages(bytes) {
  return (bytes.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
}

for (const p of PRINTED) {
  test(`${p.name} prints on one A4 page, nothing cut off`, async () => {
    const context = await newContext({ size: DESKTOP });
    try {
      const page = await context.newPage();
      if (p.open) {
        await p.open(page);
      } else {
        await signIn(new Actor(page, false), p.who);
        await page.goto(p.path);
      }
      assert.match(await page.locator('main').innerText(), p.must);

      await page.emulateMedia({ media: 'print' });
      await page.setViewportSize(PRINTABLE);
      const over = await page.evaluate((width) => {
        const out = [];
        for (const el of document.body.querySelectorAll('*')) {
          const r = el.getBoundingClientRect();
          if (r.width === 0 || r.height === 0) continue;
          const s = getComputedStyle(el);
          // A collapsed border sticks out by half its width beyond the box.
          const edge = r.right + (parseFloat(s.borderRightWidth) || 0) / 2;
          if (edge > width + 0.01 || r.left < -0.01) out.push(`<${el.tagName.toLowerCase()}.${el.className}> ${r.left.toFixed(1)}..${edge.toFixed(1)}`);
        }
        return { out: out.slice(0, 8), scroll: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight };
      }, PRINTABLE.width);
      assert.deepEqual(over.out, [], `reaches past the printable width ${PRINTABLE.width} px`);
      assert.ok(over.scroll <= PRINTABLE.width, `printed ${over.scroll} px wide in ${PRINTABLE.width}`);

      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      const file = path.join(SCREENSHOTS, `${p.name}.pdf`);
      const pdf = await page.pdf({ path: file, format: 'A4', preferCSSPageSize: true, printBackground: true });
      assert.equal(pdfPages(pdf), 1, `${file}: one page`);
    } finally {
      await context.close();
    }
  });
}
