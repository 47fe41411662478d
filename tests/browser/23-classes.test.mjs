// Journey: a grandmother enrols in a class that is already full, is told she waits (候补 第1位);
// someone else cancels and she is promoted; on her phone she finds the class again under 我的报名,
// now 已报名. Three ways (WAYS); checked in the database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WAYS, Actor, newContext, textOf, demo, sql, sqlString, Client, csrfFrom } from './lib.mjs';
import { newClass, enrol, newPhone } from '../http/classes-helpers.mjs';

const F = await demo();

WAYS.forEach((way, i) => {
  test(`grandparent waits for a full class and is promoted (${way.name})`, async () => {
    // In 诺水河镇 and starting soon: first in that township's list, whatever other tests left.
    const classId = await newClass({
      township: F.T3, capacity: 1, title: `隔代教养${'一二三'[i]}班`, startsIn: '50 MINUTE', deadlineIn: '40 MINUTE',
    });
    const first = await enrol(classId, { name: '先报的', village: F.V10 });
    assert.equal(first.status, 303, 'the one seat is taken');
    const phone = newPhone();
    const name = `王奶奶${'一二三'[i]}`;
    const context = await newContext(way);
    try {
      const page = await context.newPage();
      const act = new Actor(page, way.keyboard);
      await page.goto('/');
      await act.press('header.site a[href="/classes"]');
      await act.select('#township', F.T3);
      await act.press('main form[action="/classes"] button[type=submit]');
      await act.press(`main a[href="/classes/${classId}"]`);
      assert.match(await textOf(page, 'main'), /名额已满/);

      await act.fill('#name', name);
      await act.fill('#phone', phone);
      await act.check('input[name=relationship][value=grandparent]');
      await act.select('#township', F.T3);
      await act.press('button[name=step][value=township]');
      assert.equal(await page.inputValue('#name'), name, 'the round trip keeps the name');
      await act.select('#village', F.V10);
      await act.check('input[name=child_age_group][value="6-12"]');
      await act.check('input[name=left_behind][value=yes]');
      await act.check('input[name=consent]');
      await act.press('form.stack button.primary');

      assert.match(new URL(page.url()).pathname, /^\/classes\/enrolment\//);
      assert.match(await textOf(page, 'main'), /候补（第1位）/);
      const [[id, status]] = await sql(`SELECT id, status FROM class_enrolment
        WHERE class_id = ${classId} AND phone = ${sqlString(phone)}`);
      assert.equal(status, 'waiting');

      // The first one cancels from her own enrolment page.
      const other = new Client();
      const mine = await other.get(`/classes/enrolment/${first.code}`);
      const r = await other.post(`/classes/enrolment/${first.code}`, { csrf: csrfFrom(mine.text), action: 'cancel', confirm: 'yes' });
      assert.ok(r.status === 303 || r.status === 200, `cancelled (${r.status})`);
      const [[promoted]] = await sql(`SELECT status FROM class_enrolment WHERE id = ${id}`);
      assert.equal(promoted, 'enrolled', 'promoted when the seat came free');

      // Later, on the same phone: 我的报名 on the class list.
      await page.goto('/');
      await act.press('header.site a[href="/classes"]');
      const link = `main ul.mine a[href^="/classes/enrolment/"]`;
      assert.match(await textOf(page, 'main ul.mine'), /已报名/);
      await act.press(link);
      assert.match(await textOf(page, 'main'), /已报名/);
      assert.match(await textOf(page, 'main'), new RegExp(name));
    } finally {
      await context.close();
    }
  });
});
