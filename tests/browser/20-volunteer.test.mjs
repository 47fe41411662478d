// Journey: a villager registers as a volunteer on a phone: one mistake in the ID number, the message
// beside the field with everything else kept, corrected, registered; later the look-up shows it.
// Walked three ways (WAYS: phone, JavaScript off, keyboard alone at the desktop size) and checked
// in the database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  WAYS, Actor, newContext, fieldMessage, textOf, demo, makeId, sql, sqlString,
} from './lib.mjs';

const F = await demo();

WAYS.forEach((way, i) => {
  test(`volunteer registers and looks it up (${way.name})`, async () => {
    const seq = (process.pid * 7 + i) % 1000;
    const idNumber = makeId('511921', `19${70 + i}0612`, seq);
    const wrongId = idNumber.slice(0, 17) + (idNumber[17] === '1' ? '2' : '1');
    const phone = `139${String(process.pid % 100000).padStart(5, '0')}${String(300 + i)}`;
    const name = `李秀${'英兰芳'[i]}`;
    const context = await newContext(way);
    try {
      const page = await context.newPage();
      const act = new Actor(page, way.keyboard);
      await page.goto('/');
      await act.press('header.site a[href="/volunteer/register"]');
      assert.equal(new URL(page.url()).pathname, '/volunteer/register');

      await act.fill('#name', name);
      await act.fill('#id_number', wrongId);
      await act.fill('#phone', phone);
      await act.select('#township', F.T1);
      await act.press('button[name=step][value=township]');
      // The round trip keeps what was typed and lists only 诺江镇's villages.
      assert.equal(await page.inputValue('#name'), name);
      assert.equal(await page.inputValue('#id_number'), wrongId);
      await act.select('#village', F.V1);
      await act.check('input[name=skills][value=meal]');
      await act.check('input[name=availability][value=weekend]');
      await act.check('input[name=consent]');
      await act.press('form.stack button.primary');

      // The mistake: a message beside the ID number, the rest kept, nothing stored.
      assert.equal(new URL(page.url()).pathname, '/volunteer/register');
      assert.match(await fieldMessage(page, 'id_number'), /身份证/);
      assert.equal(await page.inputValue('#name'), name);
      assert.equal(await page.inputValue('#phone'), phone);
      assert.equal(await page.inputValue('#village'), String(F.V1));
      assert.ok(await page.isChecked('input[name=skills][value=meal]'));
      assert.deepEqual(await sql(`SELECT id FROM volunteer WHERE phone = ${sqlString(phone)}`), []);

      await act.fill('#id_number', idNumber);
      await act.check('input[name=consent]');
      await act.press('form.stack button.primary');
      assert.equal(new URL(page.url()).pathname, '/volunteer/register/done');
      assert.match(await textOf(page, 'main'), /报名信息已经提交/);

      const rows = await sql(`SELECT name, status, village_id, township_id FROM volunteer
        WHERE phone = ${sqlString(phone)}`);
      assert.deepEqual(rows, [[name, 'pending', String(F.V1), String(F.T1)]]);

      // Later: the look-up, from the page that said what happens next.
      await act.press('main a[href="/volunteer/lookup"]');
      await act.fill('#number', idNumber);
      await act.fill('#phone', phone);
      await act.press('form.stack button.primary');
      // Found by ID number, the look-up tells the review's outcome alone: no name, no station.
      const shown = await textOf(page, 'main');
      assert.match(shown, /审核结果\s*待审核/);
      assert.doesNotMatch(shown, new RegExp(name));
    } finally {
      await context.close();
    }
  });
});
