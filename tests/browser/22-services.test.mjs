// Journey: a station operator copies a week of the paper ledger into one form. The form starts
// short; 再加 3 条 adds rows keeping what was typed; one row is wrong (its end before its start), is
// marked beside the field with every row kept, is fixed in place; 保存 stores the five rows. Then
// one of them is voided with a reason. Three ways (WAYS); checked in the database.
//
// Also: the operator's session expires (ended in the database) while the form is open; 保存 must say
// in Chinese that the sign-in expired and offer to sign in on the same page, after which the form
// comes back with every row and 保存 stores them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  WAYS, Actor, newContext, signIn, fieldMessage, textOf, demo, sql, sqlString, DESKTOP, ADMIN_PASSWORD,
} from './lib.mjs';
import { newElder, newVolunteer, addDays } from '../http/services-helpers.mjs';

const F = await demo();
const MEAL = (await sql(`SELECT id FROM service_type WHERE active = 1 ORDER BY id LIMIT 1`))[0][0];

// A fresh elder and volunteer of station1's, so that no other test's records clash with these.
async function people(tag) {
  const elder = await newElder({ station: F.S1, village: F.V1, name: `台账老人${tag}` });
  const volunteer = await newVolunteer({ station: F.S1, township: F.T1, village: F.V1, name: `台账志愿者${tag}` });
  return { elder, volunteer };
}

// Fills row n (1-based) of the logging form.
async function fillRow(act, n, row) {
  await act.fill(`#r${n}\\.date`, row.date);
  await act.select(`#r${n}\\.elder`, row.elder);
  await act.select(`#r${n}\\.service_type`, row.type);
  await act.check(`input[name="r${n}.volunteer"][value="${row.volunteer}"]`);
  await act.fill(`#r${n}\\.start`, row.start);
  await act.fill(`#r${n}\\.end`, row.end);
}

// What row n of the form shows: date, elder, start, end, and whether volunteer is ticked.
async function rowShown(page, n, volunteer) {
  return [
    await page.inputValue(`#r${n}\\.date`),
    await page.inputValue(`#r${n}\\.elder`),
    await page.inputValue(`#r${n}\\.start`),
    await page.inputValue(`#r${n}\\.end`),
    await page.isChecked(`input[name="r${n}.volunteer"][value="${volunteer}"]`),
  ];
}

WAYS.forEach((way, i) => {
  test(`station operator logs a week and voids one (${way.name})`, async () => {
    const { elder, volunteer } = await people(`${'甲乙丙'[i]}${process.pid % 1000}`);
    const context = await newContext(way);
    try {
      const page = await context.newPage();
      const act = new Actor(page, way.keyboard);
      await signIn(act, 'station1');
      await act.press('main a[href^="/station/services/new"]');
      assert.equal(await page.locator('section.svc-row').count(), 3, 'the form starts with three rows');
      const today = await page.inputValue('#r1\\.date');
      const week = [1, 2, 3, 4, 5].map((k) => ({
        date: addDays(today, -k), elder, type: MEAL, volunteer, start: '15:00', end: '16:00',
      }));
      week[2].end = '14:30'; // the mistake: ends before it starts

      for (let n = 1; n <= 3; n++) await fillRow(act, n, week[n - 1]);
      await act.press('button[name=more]');
      assert.equal(await page.locator('section.svc-row').count(), 6, 're-shown with three more rows');
      for (let n = 1; n <= 3; n++) {
        assert.deepEqual(await rowShown(page, n, volunteer),
          [week[n - 1].date, String(elder), week[n - 1].start, week[n - 1].end, true], `row ${n} kept`);
      }
      assert.equal(await page.locator('main .error').count(), 0, 'adding rows checks nothing yet');
      for (let n = 4; n <= 5; n++) await fillRow(act, n, week[n - 1]);
      await act.press('main form button.primary');

      // Row 3 is marked beside its field; every row is still there; nothing is stored.
      assert.match(await fieldMessage(page, 'r3.end'), /\S/);
      for (let n = 1; n <= 5; n++) {
        assert.equal(await page.inputValue(`#r${n}\\.date`), week[n - 1].date, `row ${n} kept after the error`);
      }
      assert.deepEqual(await sql(`SELECT id FROM service WHERE elder_id = ${elder}`), []);

      await act.fill('#r3\\.end', '16:00');
      await act.press('main form button.primary');
      assert.equal(new URL(page.url()).pathname, '/station/services');
      const stored = await sql(`SELECT s.id, s.service_date, s.minutes, s.station_id, sv.volunteer_id
        FROM service s JOIN service_volunteer sv ON sv.service_id = s.id
        WHERE s.elder_id = ${elder} AND s.voided_at IS NULL ORDER BY s.service_date DESC`);
      assert.deepEqual(stored.map((r) => r.slice(1)),
        week.map((w) => [w.date, '60', String(F.S1), String(volunteer)]));

      // Void the oldest, from the list.
      const victim = stored.at(-1)[0];
      const listed = page.locator(`tr[data-service="${victim}"] a`);
      if (await listed.count() === 0) await page.goto(`/station/services?station=${F.S1}&elder=${elder}`);
      await act.press(`tr[data-service="${victim}"] a`);
      await act.fill('#reason', '重复登记');
      await act.press(`form[action="/station/services/${victim}/void"] button[type=submit]`);
      const [[voided, reason]] = await sql(`SELECT voided_at IS NOT NULL, void_reason FROM service WHERE id = ${victim}`);
      assert.deepEqual([voided, reason], ['1', '重复登记']);
      const [[left]] = await sql(`SELECT COUNT(*) FROM service WHERE elder_id = ${elder} AND voided_at IS NULL`);
      assert.equal(left, '4');
    } finally {
      await context.close();
    }
  });
});

// Needs the expired-session page of the staff responder (issue 13, item 1).
test('an expired session keeps the typed form', async () => {
  const { elder, volunteer } = await people(`过期${process.pid % 1000}`);
  const context = await newContext({ size: DESKTOP });
  try {
    const page = await context.newPage();
    const act = new Actor(page, false);
    await signIn(act, 'station1');
    await page.goto('/station/services/new');
    const today = await page.inputValue('#r1\\.date');
    const rows = [1, 2].map((k) => ({
      date: addDays(today, -k), elder, type: MEAL, volunteer, start: '08:00', end: '08:45',
    }));
    for (let n = 1; n <= 2; n++) await fillRow(act, n, rows[n - 1]);
    await page.fill('#r2\\.note', '过期前填的');

    // The session ends while the clerk is typing.
    const cookie = (await context.cookies()).find((c) => c.httpOnly && /sess/i.test(c.name));
    assert.ok(cookie, 'a session cookie');
    await sql(`UPDATE session SET last_seen = NOW() - INTERVAL 1 DAY, created_at = NOW() - INTERVAL 1 DAY
      WHERE staff_id = (SELECT id FROM staff WHERE username = 'station1')`);
    await act.press('main form button.primary');

    const text = await textOf(page, 'main');
    assert.match(text, /登录已过期|已过期|重新登录/, 'says in Chinese that the sign-in expired');
    assert.doesNotMatch(await page.title(), /Forbidden|没有权限/);
    assert.ok(await page.locator('main input[type=password]').count() > 0, 'offers to sign in on the same page');
    await act.fill('main #username', 'station1');
    await act.fill('main input[type=password]', ADMIN_PASSWORD);
    await act.press('main form button[type=submit]');

    for (let n = 1; n <= 2; n++) {
      assert.deepEqual(await rowShown(page, n, volunteer),
        [rows[n - 1].date, String(elder), rows[n - 1].start, rows[n - 1].end, true], `row ${n} came back`);
    }
    assert.equal(await page.inputValue('#r2\\.note'), '过期前填的');
    await act.press('main form button.primary');
    const [[count]] = await sql(`SELECT COUNT(*) FROM service WHERE elder_id = ${elder} AND voided_at IS NULL`);
    assert.equal(count, '2');
    assert.deepEqual(await sql(`SELECT note FROM service WHERE elder_id = ${elder} AND note = ${sqlString('过期前填的')}`),
      [['过期前填的']]);
  } finally {
    await context.close();
  }
});
