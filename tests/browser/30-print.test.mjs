// Printed pages: each is printed to PDF (A4) into var/screenshots/, must fit one page, and nothing of
// it may be cut off at the paper's edge (laid out at the printable width of A4 with the page's print
// styles, no element reaches past it).
//
// The certificate (志愿服务记录证明, /volunteer/certificate/NUMBER) belongs in PRINTED as soon as it
// exists; until then it is not tested here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { newContext, signIn, Actor, DESKTOP, SCREENSHOTS, demo, sql, Client, csrfFrom } from './lib.mjs';

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

const PRINTED = [
  { name: 'sign-in-sheet', who: 'township1', path: `/admin/classes/${classId}/sheet`, must: /签名/ },
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
      await signIn(new Actor(page, false), p.who);
      await page.goto(p.path);
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
