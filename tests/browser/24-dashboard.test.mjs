// Journey: the county admin signs in, opens 工作统计 from the staff home, narrows it to 诺江镇 for
// this year and reads the figures; each figure read is checked against the records in the
// database. Three ways (WAYS).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WAYS, Actor, newContext, signIn, textOf, demo, sql } from './lib.mjs';

const F = await demo();

// The figures of 诺江镇 in year, computed from the records.
async function expected(year) {
  const [[stations, volunteers, services, elders]] = await sql(`SELECT
    (SELECT COUNT(*) FROM station WHERE township_id = ${F.T1} AND active = 1),
    (SELECT COUNT(*) FROM volunteer WHERE township_id = ${F.T1} AND status = 'approved'),
    (SELECT COUNT(*) FROM service s JOIN station st ON st.id = s.station_id
      WHERE st.township_id = ${F.T1} AND s.voided_at IS NULL AND YEAR(s.service_date) = ${year}),
    (SELECT COUNT(DISTINCT s.elder_id) FROM service s JOIN station st ON st.id = s.station_id
      WHERE st.township_id = ${F.T1} AND s.voided_at IS NULL AND YEAR(s.service_date) = ${year})`);
  return { stations, volunteers, services, elders };
}

WAYS.forEach((way) => {
  test(`county admin reads the dashboard (${way.name})`, async () => {
    const context = await newContext(way);
    try {
      const page = await context.newPage();
      const act = new Actor(page, way.keyboard);
      await signIn(act, 'admin');
      await act.press('main a[href="/admin/dashboard"]');
      assert.equal(new URL(page.url()).pathname, '/admin/dashboard');
      await act.select('#period', 'year');
      await act.select('#township', F.T1);
      await act.press('form.filters button[type=submit]');
      assert.match(await textOf(page, 'main h2'), /诺江镇/);

      // The year the page was asked for: the form's own, filled in when the page was opened (a
      // journey that crosses midnight on 31 December asks for the year it began in).
      const year = Number(await page.inputValue('#year'));
      assert.ok(year >= 2000 && year <= 2100, `a year in the form (${year})`);
      const want = await expected(year);
      const shown = {};
      for (const k of Object.keys(want)) shown[k] = await textOf(page, `dd[data-fig="${k}"]`);
      assert.deepEqual(shown, want);
      assert.match(await textOf(page, 'main'), new RegExp(`发展互助养老志愿者\\s*${want.volunteers}\\s*名`));
    } finally {
      await context.close();
    }
  });
});
