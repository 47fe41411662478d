// Journey: a township admin signs in from the home page, finds a new registration in the review
// queue, approves it onto a station, and exports the list as CSV. Three ways (WAYS); checked in the
// database and in the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  WAYS, Actor, newContext, signIn, textOf, demo, makeId, sql, sqlString, Client, csrfFrom,
} from './lib.mjs';

const F = await demo();

// A pending registration of 诺江镇 新华村, made through the public form.
async function registration(i) {
  const c = new Client();
  const form = await c.get('/volunteer/register');
  const phone = `139${String(process.pid % 100000).padStart(5, '0')}${String(400 + i)}`;
  const name = `审核${'甲乙丙'[i]}`;
  const r = await c.post('/volunteer/register', {
    csrf: csrfFrom(form.text), name, id_number: makeId('511921', `19${60 + i}0203`, (process.pid * 3 + i) % 1000),
    phone, township: F.T1, village: F.V1, address: '', skills: ['meal'], availability: ['weekend'], consent: 'yes',
  });
  assert.equal(r.status, 303, 'registration made');
  const [[id]] = await sql(`SELECT id FROM volunteer WHERE phone = ${sqlString(phone)}`);
  return { id, name, phone };
}

WAYS.forEach((way, i) => {
  test(`township admin approves and exports (${way.name})`, async () => {
    const v = await registration(i);
    const context = await newContext(way);
    try {
      const page = await context.newPage();
      const act = new Actor(page, way.keyboard);
      await page.goto('/');
      await act.press('main a[href="/login"]');
      await signIn(act, 'township1');
      await act.press('header.site a[href="/admin/volunteers"]');
      // The queue is oldest first, a page at a time: the clerk turns pages until the new one shows.
      const link = `main a[href="/admin/volunteers/${v.id}"]`;
      for (let turns = 0; await page.locator(link).count() === 0; turns++) {
        assert.ok(turns < 20, 'the registration is in the queue');
        await act.press('main .pager a[rel=next], main .pager a:has-text("下一页")');
      }
      await act.press(link);
      assert.match(await textOf(page, 'main'), new RegExp(v.name));
      await act.select('#station', F.S1);
      await act.press(`form[action="/admin/volunteers/${v.id}/approve"] button[type=submit]`);

      const [[status, station, number]] = await sql(`SELECT status, station_id, COALESCE(number, '')
        FROM volunteer WHERE id = ${v.id}`);
      assert.equal(status, 'approved');
      assert.equal(station, String(F.S1));
      assert.match(number, /^[A-Z]+\d+$/);
      assert.match(await textOf(page, 'main'), new RegExp(number), 'the number is shown');

      // The export, from the review list filtered to approved volunteers.
      await act.press('header.site a[href="/admin/volunteers"]');
      await act.select('#status', 'approved');
      await act.press('form.filters button[type=submit]');
      const download = page.waitForEvent('download');
      if (way.keyboard) {
        await act.tabTo('main a[href^="/admin/export/volunteers.csv"]');
        await page.keyboard.press('Enter');
      } else {
        await page.click('main a[href^="/admin/export/volunteers.csv"]');
      }
      const file = await (await download).path();
      const csv = fs.readFileSync(file, 'utf8');
      assert.ok(csv.startsWith('\ufeff'), 'UTF-8 with a byte-order mark');
      const line = csv.split('\n').find((l) => l.includes(number));
      assert.ok(line, `the approved volunteer ${number} is in the export`);
      assert.ok(line.includes(v.name));
      assert.ok(!csv.includes('待审核'), 'only approved volunteers, as filtered');
      const [[township]] = await sql(`SELECT township_id FROM volunteer WHERE id = ${v.id}`);
      assert.equal(township, String(F.T1));
    } finally {
      await context.close();
    }
  });
});
