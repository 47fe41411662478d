// The station's roster of elderly people: adding (ID number encrypted,
// masked, 60 or older, sex and birth from the ID), every invalid field,
// duplicates (pointing to the existing entry, or naming only the other
// station), editing, deactivating — all audited — and scope.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, demo } from './lib.mjs';
import {
  loginAs, csrfOf, serverToday, addDays, makeId, sql, errorOf, staffId, villageId,
} from './services-helpers.mjs';

// Demo places and stations by code (lib.mjs), never by id.
const F = await demo();

let today;
let seq = 500;
// A distinct valid elder each call.
function elder(over = {}) {
  seq += 1;
  return {
    name: '李桂花',
    id_number: makeId('522630', `194${seq % 10}0${1 + (seq % 9)}1${seq % 10}`, seq),
    village: F.V1,
    living: 'alone',
    care: ['empty_nest', 'alone'],
    contact_name: '李大成',
    contact_phone: '13912345678',
    notes: '腿脚不便',
    ...over,
  };
}

function pairs(fields, csrf) {
  const out = [['csrf', csrf]];
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) out.push([k, one]);
  }
  return out;
}

async function add(c, e) {
  const csrf = await csrfOf(c, '/station/elders/new');
  return c.post('/station/elders/new', pairs(e, csrf));
}

async function elderByName(name) {
  return sql(`SELECT id, station_id, id_mask, sex, birth_date, care_flags, living, contact_phone, active, HEX(id_cipher)
    FROM elder WHERE name = '${name}'`);
}

test('an operator adds an elder: encrypted ID, masked, sex and birth from the ID, audited', async () => {
  const c = await loginAs('station1');
  today = await serverToday(c);
  const e = elder({ name: '欧阳秀英', id_number: makeId('522630', '19380812', 502) });
  const r = await add(c, e);
  assert.equal(r.status, 303, r.text);
  assert.match(r.headers.get('location'), new RegExp(`^/station/elders\\?station=${F.S1}\\b`));
  const rows = await elderByName('欧阳秀英');
  assert.equal(rows.length, 1);
  const [id, station, mask, sex, birth, care, living, phone, active, cipher] = rows[0];
  assert.equal(station, '1');
  assert.equal(mask, `${e.id_number.slice(0, 6)}********${e.id_number.slice(14)}`);
  assert.equal(sex, 'F');
  assert.equal(birth, '1938-08-12');
  assert.equal(care, 'empty_nest,alone');
  assert.equal(living, 'alone');
  assert.equal(phone, '13912345678');
  assert.equal(active, '1');
  assert.ok(!cipher.includes(Buffer.from(e.id_number).toString('hex').toUpperCase()));
  const list = await c.get('/station/elders');
  assert.equal(list.status, 200);
  assert.match(list.text, /欧阳秀英/);
  assert.match(list.text, new RegExp(mask.replace(/\*/g, '\\*')));
  assert.doesNotMatch(list.text, new RegExp(e.id_number));
  assert.match(list.text, /空巢、独居/);
  const audit = await sql(`SELECT staff_id, after_value FROM audit_log WHERE action = 'elder.create' AND entity_id = ${id}`);
  assert.equal(audit.length, 1);
  assert.equal(audit[0][0], await staffId('station1'));
  assert.match(audit[0][1], /name=欧阳秀英/);
  assert.doesNotMatch(audit[0][1], new RegExp(e.id_number));
});

test('60 years old today is accepted; a day short of 60 is refused', async () => {
  const c = await loginAs('station1');
  const [y, m, d] = today.split('-');
  const sixty = `${Number(y) - 60}${m}${d}`;
  const r = await add(c, elder({ name: '满六十', id_number: makeId('522630', sixty, 511) }));
  assert.equal(r.status, 303, r.text);
  const younger = addDays(`${Number(y) - 60}-${m}-${d}`, 1).replaceAll('-', '');
  const r2 = await add(c, elder({ name: '差一天', id_number: makeId('522630', younger, 512) }));
  assert.equal(r2.status, 422);
  assert.match(errorOf(r2.text, 'id_number'), /年满60周岁/);
  assert.equal((await elderByName('差一天')).length, 0);
});

const bad = [
  ['name missing', { name: '' }, 'name', /请填写姓名/],
  ['name with digits', { name: '王5' }, 'name', /汉字/],
  ['ID checksum wrong', { id_number: '522630194001011230' }, 'id_number', /核对/],
  ['ID missing', { id_number: '' }, 'id_number', /身份证/],
  ['village of another township', { village: F.V5 }, 'village', /本乡镇/],
  ['village not a number', { village: 'x' }, 'village', /整数/],
  ['living missing', { living: '' }, 'living', /居住情况/],
  ['living not on the list', { living: 'castle' }, 'living', /选择/],
  ['care flag not on the list', { care: ['rich'] }, 'care', /选择/],
  ['contact name missing', { contact_name: '' }, 'contact_name', /联系人姓名/],
  ['contact phone not a mobile', { contact_phone: '0851-1234' }, 'contact_phone', /手机号码/],
  ['notes too long', { notes: '长'.repeat(201) }, 'notes', /200/],
];

for (const [what, over, field, message] of bad) {
  test(`invalid elder: ${what} — 422, message by the field, input kept, nothing stored`, async () => {
    const c = await loginAs('station1');
    const e = elder({ name: '无效测试', ...over });
    const r = await add(c, e);
    assert.equal(r.status, 422);
    assert.match(errorOf(r.text, field) ?? '', message);
    if (field !== 'contact_phone') assert.match(r.text, new RegExp(`value="${e.contact_phone}"`));
    if (field !== 'name' && e.name) assert.match(r.text, new RegExp(`value="${e.name}"`));
    assert.equal((await elderByName(e.name || '无效测试')).length, 0);
  });
}

test('the same ID number again in the same station is refused and points to the entry', async () => {
  const c = await loginAs('station1');
  const e = elder({ name: '重复甲' });
  assert.equal((await add(c, e)).status, 303);
  const [[id]] = await elderByName('重复甲');
  const r = await add(c, { ...e, name: '重复乙' });
  assert.equal(r.status, 422);
  assert.match(errorOf(r.text, 'id_number'), /已在本站名册/);
  assert.match(r.text, new RegExp(`href="/station/elders/${id}/edit"`));
  assert.equal((await elderByName('重复乙')).length, 0);
});

test('an ID number on another station\'s roster is refused, naming only that station', async () => {
  const c1 = await loginAs('station1');
  const e = elder({ name: '跨站老人', contact_name: '跨站联系', contact_phone: '13912340001', notes: '独门备注' });
  assert.equal((await add(c1, e)).status, 303);
  const [[id]] = await elderByName('跨站老人');
  const c2 = await loginAs('station2');
  const r = await add(c2, { ...e, name: '另一个名', village: F.V5, contact_name: '别的人', contact_phone: '13912340002', notes: '' });
  assert.equal(r.status, 422);
  assert.match(r.text, /新华村互助养老服务站/);
  // Nothing of the other entry but its station's name.
  assert.doesNotMatch(r.text, /跨站老人|跨站联系|13912340001|独门备注/);
  assert.doesNotMatch(r.text, new RegExp(`/station/elders/${id}/`));
  assert.equal((await elderByName('另一个名')).length, 0);
});

test('editing keeps the ID number unless a correction is typed; changes are audited', async () => {
  const c = await loginAs('station1');
  const e = elder({ name: '修改前' });
  assert.equal((await add(c, e)).status, 303);
  const [[id, , mask]] = await elderByName('修改前');
  const form = await c.get(`/station/elders/${id}/edit`);
  assert.equal(form.status, 200);
  assert.match(form.text, /value="修改前"/);
  assert.match(form.text, new RegExp(mask.replace(/\*/g, '\\*')));
  assert.doesNotMatch(form.text, new RegExp(e.id_number));
  const csrf = await csrfOf(c, `/station/elders/${id}/edit`);
  const r = await c.post(`/station/elders/${id}/edit`, pairs({ ...e, name: '修改后', id_number: '', contact_phone: '13800001111', care: [] }, csrf));
  assert.equal(r.status, 303, r.text);
  const [[, , mask2, , , care, , phone]] = await elderByName('修改后');
  assert.equal(mask2, mask);
  assert.equal(phone, '13800001111');
  assert.equal(care, '');
  const audit = await sql(`SELECT before_value, after_value FROM audit_log WHERE action = 'elder.edit' AND entity_id = ${id}`);
  assert.equal(audit.length, 1);
  assert.match(audit[0][0], /name=修改前/);
  assert.match(audit[0][1], /name=修改后/);
  // A corrected ID number is checked for duplicates too.
  const other = elder({ name: '别人' });
  assert.equal((await add(c, other)).status, 303);
  const r2 = await c.post(`/station/elders/${id}/edit`, pairs({ ...e, name: '修改后', id_number: other.id_number }, csrf));
  assert.equal(r2.status, 422);
  assert.match(errorOf(r2.text, 'id_number'), /已在本站名册/);
  const fixed = makeId('522630', '19390505', 599);
  const r3 = await c.post(`/station/elders/${id}/edit`, pairs({ ...e, name: '修改后', id_number: fixed }, csrf));
  assert.equal(r3.status, 303, r3.text);
  const [[, , mask3, sex3, birth3]] = await elderByName('修改后');
  assert.equal(mask3, `522630********${fixed.slice(14)}`);
  assert.equal(birth3, '1939-05-05');
  assert.equal(sex3, Number(fixed[16]) % 2 ? 'M' : 'F');
});

test('deactivating hides an elder from the roster and the logging form; reactivating brings it back', async () => {
  const c = await loginAs('station1');
  assert.equal((await add(c, elder({ name: '停服老人' }))).status, 303);
  const [[id]] = await elderByName('停服老人');
  const csrf = await csrfOf(c, `/station/elders/${id}/edit`);
  const r = await c.post(`/station/elders/${id}/deactivate`, { csrf });
  assert.equal(r.status, 303);
  assert.equal((await elderByName('停服老人'))[0][8], '0');
  assert.doesNotMatch((await c.get('/station/elders')).text, /停服老人/);
  assert.match((await c.get('/station/elders?all=1')).text, /停服老人[\s\S]*?已停止服务/);
  assert.doesNotMatch((await c.get('/station/services/new')).text, /停服老人/);
  const r2 = await c.post(`/station/elders/${id}/reactivate`, { csrf });
  assert.equal(r2.status, 303);
  assert.equal((await elderByName('停服老人'))[0][8], '1');
  const audit = await sql(`SELECT action FROM audit_log WHERE entity = 'elder' AND entity_id = ${id} ORDER BY id`);
  assert.deepEqual(audit.map((a) => a[0]), ['elder.create', 'elder.deactivate', 'elder.reactivate']);
});

test('scope: station2 never sees, edits or deactivates station1\'s elders', async () => {
  const c1 = await loginAs('station1');
  assert.equal((await add(c1, elder({ name: '一站老人', contact_name: '一站联系' }))).status, 303);
  const [[id]] = await elderByName('一站老人');
  const c2 = await loginAs('station2');
  const own = await c2.get('/station/elders');
  assert.equal(own.status, 200);
  assert.match(own.text, /中坝村互助养老服务站/);
  assert.doesNotMatch(own.text, /一站老人|周玉珍/);
  for (const path of [`/station/elders?station=${F.S1}`, `/station/elders/${id}/edit`, `/station/elders/new?station=${F.S1}`]) {
    const r = await c2.get(path);
    assert.equal(r.status, 403, path);
    assert.doesNotMatch(r.text, /一站老人|一站联系|周玉珍/);
  }
  const csrf = await csrfOf(c2, '/station/elders');
  const r = await c2.post(`/station/elders/${id}/deactivate`, { csrf });
  assert.equal(r.status, 403);
  const r2 = await c2.post(`/station/elders/${id}/edit`, pairs(elder({ name: '篡改' }), csrf));
  assert.equal(r2.status, 403);
  const r3 = await c2.post('/station/elders/new', pairs({ ...elder({ name: '塞进一站' }), station: F.S1 }, csrf));
  assert.equal(r3.status, 403);
  assert.equal((await elderByName('一站老人'))[0][8], '1');
  assert.equal((await elderByName('塞进一站')).length, 0);
  assert.equal((await c2.get('/station/elders/999999/edit')).status, 404);
});

test('admins choose a station in their scope; others are 403', async () => {
  const t = await loginAs('township1');
  const choose = await t.get('/station/elders');
  assert.equal(choose.status, 200);
  assert.match(choose.text, /新华村互助养老服务站/);
  assert.match(choose.text, /城西村互助养老服务站/);
  assert.doesNotMatch(choose.text, /中坝村互助养老服务站/);
  const r = await t.get(`/station/elders?station=${F.S1}`);
  assert.equal(r.status, 200);
  assert.match(r.text, /周玉珍/);
  const r2 = await t.get(`/station/elders?station=${F.S3}`);
  assert.equal(r2.status, 403);
  assert.doesNotMatch(r2.text, /何金凤/);
  const a = await loginAs('admin');
  assert.match((await a.get('/station/elders')).text, /中坝村互助养老服务站/);
  assert.match((await a.get(`/station/elders?station=${F.S3}`)).text, /何金凤/);
  assert.equal((await a.get('/station/elders?station=99999')).status, 404);
  // Signed out: to the sign-in page.
  const anon = await new Client().get('/station/elders');
  assert.equal(anon.status, 303);
  assert.match(anon.headers.get('location'), /^\/login/);
});

test('the village must belong to the station\'s township', async () => {
  const c = await loginAs('station2');
  const v = F.V6;
  const r = await add(c, elder({ name: '空山老人', village: v }));
  assert.equal(r.status, 303, r.text);
  const r2 = await add(c, elder({ name: '越界老人', village: F.V1 }));
  assert.equal(r2.status, 422);
  assert.match(errorOf(r2.text, 'village'), /本乡镇/);
});
