// Error pages in Chinese, staff error pages inside the staff area, and the logging form's 再加 3 条
// (rows added with the typed ones kept, nothing stored). The browser stage walks these too; here each
// is pinned down over HTTP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, csrfFrom, sql, demo } from './lib.mjs';

const F = await demo();

async function signedIn(username) {
  const c = new Client();
  assert.equal((await c.login(username)).status, 303, `sign-in as ${username}`);
  return c;
}

const titleOf = (html) => (/<title>([^<]*)<\/title>/.exec(html) || [])[1] || '';

test('error pages are titled in Chinese and lead a visitor to the home page', async () => {
  const r = await new Client().get('/no-such-page');
  assert.equal(r.status, 404);
  assert.match(titleOf(r.text), /^没有找到 · /);
  assert.doesNotMatch(r.text, /Not Found|Forbidden/);
  assert.match(r.text, /<a class="button" href="\/">返回首页<\/a>/);
  assert.doesNotMatch(r.text, /action="\/logout"/);
});

test('inside the staff area a 404 keeps the staff header and leads to the staff home', async () => {
  const op = await signedIn('station1');
  const r = await op.get('/station/no-such-page');
  assert.equal(r.status, 404);
  assert.match(titleOf(r.text), /^没有找到 · /);
  assert.match(r.text, /action="\/logout"/, 'the staff header with 退出');
  assert.match(r.text, /<body class="staff">/);
  assert.match(r.text, /<a class="button" href="\/station\/">返回工作台<\/a>/);

  const admin = await signedIn('township1');
  const a = await admin.get('/admin/no-such-page');
  assert.equal(a.status, 404);
  assert.match(a.text, /<a class="button" href="\/admin\/">返回工作台<\/a>/);

  // Signed out, the same address is a plain 404 (no session to keep).
  const anon = await new Client().get('/station/no-such-page');
  assert.equal(anon.status, 404);
  assert.doesNotMatch(anon.text, /action="\/logout"/);
});

test('a 403 inside the staff area is titled 没有权限 and leads to the staff home', async () => {
  const op = await signedIn('station1');
  const r = await op.get('/admin/volunteers');
  assert.equal(r.status, 403);
  assert.match(titleOf(r.text), /^没有权限 · /);
  assert.match(r.text, /href="\/station\/">返回工作台</);
});

test('再加 3 条 brings the typed rows back with three blank ones, storing nothing', async () => {
  const op = await signedIn('station1');
  const form = await op.get('/station/services/new');
  assert.equal(form.status, 200);
  assert.equal((form.text.match(/<section class="svc-row"/g) || []).length, 3, 'three rows to start');
  const [[before]] = await sql(`SELECT COUNT(*) FROM service WHERE station_id = ${F.S1}`);
  const r = await op.post('/station/services/new', [
    ['csrf', csrfFrom(form.text)], ['r1.date', '2026-01-02'], ['r1.start', '07:15'], ['r1.note', '第一行<备注>'],
    ['r2.end', '09:40'], ['r3.date', '2026-01-03'], ['more', '1'],
  ]);
  assert.equal(r.status, 200);
  assert.equal((r.text.match(/<section class="svc-row"/g) || []).length, 6, 'three rows more');
  assert.match(r.text, /name="r1\.start" value="07:15"/);
  assert.match(r.text, /name="r1\.note" value="第一行&lt;备注&gt;"/);
  assert.match(r.text, /name="r2\.end" value="09:40"/);
  assert.match(r.text, /name="r6\.date" value="\d{4}-\d\d-\d\d"/, 'new rows start with today');
  assert.doesNotMatch(r.text, /class="error"/, 'nothing is checked yet');
  const [[after]] = await sql(`SELECT COUNT(*) FROM service WHERE station_id = ${F.S1}`);
  assert.equal(after, before);

  // Ten rows at most: the button goes once the form has them.
  const ten = await op.get('/station/services/new?rows=10');
  assert.doesNotMatch(ten.text, /name="more"/);
  const more = await op.post('/station/services/new', [['csrf', csrfFrom(form.text)], ['r9.note', 'x'], ['more', '1']]);
  assert.equal((more.text.match(/<section class="svc-row"/g) || []).length, 10);
});
