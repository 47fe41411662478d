// The county's places (laoxiao-tool places, data/places-511921.csv): the real 33 townships and 367
// villages, a second load that changes nothing, a changed file applied exactly, malformed files
// refused with nothing changed; the registration form narrowing villages by township; the county
// and bureau names from the database.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, csrfFrom, sql, makeId, ROOT, VAR, demo, place } from './lib.mjs';

const execFileAsync = promisify(execFile);
const F = await demo();
const DATA = path.join(ROOT, 'data', 'places-511921.csv');
const TOOL = path.join(process.env.LAOXIAO_BUILD || path.join(ROOT, 'build'), 'cgi', 'laoxiao-tool');
const TMP = path.join(VAR, 'tmp-places');
mkdirSync(TMP, { recursive: true });

// Runs laoxiao-tool places FILE with the instance's environment: {code, stdout, stderr}.
async function load(file) {
  try {
    const { stdout, stderr } = await execFileAsync('bash', ['-c',
      'set -a; . "$1/laoxiao.env"; set +a; exec "$2" places "$3"', 'load', VAR, TOOL, file], { encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (err) {
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

// Writes lines to a file of the instance's var directory; returns its path.
let seq = 0;
function file(lines) {
  const p = path.join(TMP, `places-${process.pid}-${++seq}.csv`);
  writeFileSync(p, lines.join('\n') + '\n');
  return p;
}

// Everything a load may change, to compare before and after.
async function snapshot() {
  return JSON.stringify(await sql(`SELECT 't', id, code, name, active, 0 FROM township
    UNION ALL SELECT 'v', id, code, name, active, township_id FROM village
    UNION ALL SELECT 's', name, value, '', 0, 0 FROM county_setting ORDER BY 1, 2`));
}

const ORIGINAL = readFileSync(DATA, 'utf8').trimEnd().split('\n');

after(async () => {
  // Back to the county's own file, whatever a test left behind.
  const r = await load(DATA);
  assert.equal(r.code, 0, r.stderr);
});

test('the 通江县 file gives exactly 33 townships and 367 villages, by code and real name', async () => {
  const [[t, ta]] = await sql('SELECT COUNT(*), SUM(active) FROM township WHERE code IS NOT NULL');
  const [[v, va]] = await sql('SELECT COUNT(*), SUM(active) FROM village WHERE code IS NOT NULL');
  assert.deepEqual([t, ta, v, va], ['33', '33', '367', '367']);
  assert.deepEqual(await sql('SELECT COUNT(*) FROM township WHERE active = 1 AND code IS NULL'), [['0']]);
  assert.deepEqual(await sql('SELECT COUNT(*) FROM village WHERE active = 1 AND code IS NULL'), [['0']]);
  assert.deepEqual(await sql("SELECT name FROM township WHERE code = '511921123'"), [['空山镇']]);
  assert.deepEqual(await sql("SELECT name FROM village WHERE code = '511921123001'"), [['空山坝社区']]);
  assert.deepEqual(await sql("SELECT name FROM village WHERE code = '511921100201'"), [['新华村']]);
  // Villages hang under the township their code begins with.
  assert.deepEqual(await sql(`SELECT COUNT(*) FROM village v JOIN township t ON t.id = v.township_id
    WHERE LEFT(v.code, 9) <> t.code`), [['0']]);
  assert.deepEqual(await sql('SELECT name, value FROM county_setting ORDER BY name'),
    [['bureau_name', '通江县民政局'], ['certificate_phone', ''], ['county_code', '511921'], ['county_name', '通江县'],
      ['public_url', '']]);
  // None of the invented places of the first migrations is left.
  assert.deepEqual(await sql("SELECT COUNT(*) FROM township WHERE name IN ('青石镇', '柳河乡', '白岩乡', '城关镇')"), [['0']]);
});

test('a second load changes nothing and says so', async () => {
  const before = await snapshot();
  const r = await load(DATA);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^地名没有变化：通江县，乡镇 33 个，村（社区）367 个。\n$/);
  assert.equal(await snapshot(), before);
});

test('a file with one village renamed, one removed and one added does exactly that', async () => {
  // 两河口镇 (511921116) has no demo records; the removed village gets a volunteer first.
  const villages = ORIGINAL.filter((l) => l.startsWith('village,511921116'));
  const [renamed, removed] = villages.map((l) => l.split(',')[1]);
  const removedId = await place(removed);
  const c = new Client();
  const form = await c.get('/volunteer/register');
  const phone = `139${String(process.pid % 100000000).padStart(8, '0')}`;
  const reg = await c.post('/volunteer/register', [['csrf', csrfFrom(form.text)], ['name', '撤村志愿'],
    ['id_number', makeId('513722', '19700101', 451)], ['phone', phone], ['township', await place('511921116')],
    ['village', removedId], ['skills', 'meal'], ['availability', 'weekend'], ['consent', 'yes']]);
  assert.equal(reg.status, 303, reg.text.slice(0, 400));
  const [vol] = await sql(`SELECT id, township_id, village_id, status FROM volunteer WHERE phone = '${phone}'`);
  const before = JSON.parse(await snapshot());

  const changed = ORIGINAL
    .filter((l) => !l.startsWith(`village,${removed},`))
    .map((l) => (l.startsWith(`village,${renamed},`) ? `village,${renamed},新名字村民委员会,511921116` : l))
    .concat(['village,511921116299,新设社区居民委员会,511921116']);
  const r = await load(file(changed));
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 4, r.stdout);
  assert.match(lines[0], new RegExp(`^更名村（社区） ${renamed} .+ → 新名字村$`));
  assert.match(lines[1], /^新增村（社区） 511921116299 新设社区$/);
  assert.match(lines[2], new RegExp(`^停用村（社区） ${removed} `));
  assert.match(lines[3], /3 处变化/);

  const now = JSON.parse(await snapshot());
  assert.equal(now.length, before.length + 1, 'one place added, none deleted');
  assert.deepEqual(await sql(`SELECT name, active FROM village WHERE code = '${renamed}'`), [['新名字村', '1']]);
  assert.deepEqual(await sql(`SELECT id, active FROM village WHERE code = '${removed}'`), [[String(removedId), '0']]);
  assert.deepEqual(await sql(`SELECT v.name, t.code, v.active FROM village v JOIN township t ON t.id = v.township_id
    WHERE v.code = '511921116299'`), [['新设社区', '511921116', '1']]);
  assert.deepEqual(await sql(`SELECT id, township_id, village_id, status FROM volunteer WHERE id = ${vol[0]}`), [vol]);
  // Rows other than those three are untouched.
  const key = (x) => `${x[0]}:${x[1]}`;
  const touched = new Set([String(removedId), String(await place(renamed))]);
  const old = new Map(before.map((x) => [key(x), JSON.stringify(x)]));
  for (const x of now) {
    if (x[0] === 'v' && (touched.has(x[1]) || x[2] === '511921116299')) continue;
    assert.equal(JSON.stringify(x), old.get(key(x)), `unchanged ${key(x)}`);
  }
  // The removed village is no longer offered; the volunteer's record still names it.
  const page = await c.get(`/volunteer/register?township=${await place('511921116')}`);
  assert.doesNotMatch(page.text, new RegExp(`value="${removedId}"`));
  assert.match(page.text, /新名字村/);
  const refused = await c.post('/volunteer/register', [['csrf', csrfFrom(page.text)], ['name', '撤村二号'],
    ['id_number', makeId('513722', '19700101', 453)], ['phone', '13988887777'], ['township', await place('511921116')],
    ['village', removedId], ['skills', 'meal'], ['availability', 'weekend'], ['consent', 'yes']]);
  assert.equal(refused.status, 422);

  // Loading the county's own file again brings the removed one back and renames back.
  const back = await load(DATA);
  assert.equal(back.code, 0, back.stderr);
  assert.match(back.stdout, /恢复村（社区）/);
  assert.match(back.stdout, /停用村（社区） 511921116299 新设社区/);
  assert.deepEqual(await sql(`SELECT id, active FROM village WHERE code = '${removed}'`), [[String(removedId), '1']]);
});

const BAD = [
  ['wrong header', (l) => ['level,code,name', ...l.slice(1)], 1],
  ['a bad code', (l) => l.map((x, i) => (i === 5 ? x.replace(/^township,(\d+)/, 'township,$1X') : x)), 6],
  ['a township code of the wrong length', (l) => l.map((x, i) => (i === 5 ? x.replace(/^township,(\d+)/, 'township,$10') : x)), 6],
  ['a village whose township is missing', (l) => [...l, 'village,511921199201,无主村民委员会,511921199'], 'last'],
  ['a duplicate code', (l) => [...l, l[10]], 'last'],
  ['a wrong level', (l) => [...l.slice(0, 7), 'hamlet,511921100999,某组,511921100', ...l.slice(7)], 8],
  ['too few fields', (l) => [...l.slice(0, 3), 'township,511921199', ...l.slice(3)], 4],
  ['a second county', (l) => [...l, 'county,511922,别的县,5119'], 'last'],
  ['a township of another county', (l) => [...l, 'township,511922100,外县镇,511922'], 'last'],
  ['a village code outside its township', (l) => [...l, 'village,511921101999,错位村民委员会,511921100'], 'last'],
  ['an empty name', (l) => [...l, 'village,511921100999,,511921100'], 'last'],
  ['no county line', (l) => l.filter((x) => !x.startsWith('county,')), 0],
];

for (const [what, make, at] of BAD) {
  test(`a file with ${what} is refused with its line number, nothing changed`, async () => {
    const before = await snapshot();
    // Each bad file also renames a place: nothing of it may be applied.
    const line = at === 'last' ? ORIGINAL.length + 1 : at;
    const lines = make(ORIGINAL).map((x) => (x.startsWith('township,511921100,') ? 'township,511921100,改过的名字,511921' : x));
    const r = await load(file(lines));
    assert.notEqual(r.code, 0, `${what}: refused`);
    assert.match(r.stderr, new RegExp(`\\.csv:${line}: `), r.stderr);
    assert.match(r.stderr, /nothing changed/);
    assert.equal(r.stdout, '');
    assert.equal(await snapshot(), before, `${what}: database unchanged`);
  });
}

test('the registration form offers 空山镇 and its villages under their real names', async () => {
  const c = new Client();
  const all = await c.get('/volunteer/register');
  assert.equal(all.status, 200);
  const ks = ORIGINAL.filter((l) => l.endsWith(',511921123')).map((l) => l.split(',')[2]
    .replace(/社区居民委员会$/, '社区').replace(/村民委员会$/, '村'));
  assert.equal(ks.length, 6);
  assert.match(all.text, new RegExp(`<option value="${F.T2}">空山镇</option>`));
  assert.match(all.text, /<optgroup label="空山镇">/);
  for (const name of ks) assert.match(all.text, new RegExp(`>${name}</option>`), name);
  // The townships in the county's order (by code): 壁州街道 first.
  const order = [...all.text.matchAll(/<optgroup label="([^"]+)">/g)].map((m) => m[1]);
  assert.equal(order.length, 33);
  assert.equal(order[0], '壁州街道');
  assert.equal(order[1], '诺江镇');

  // ?township= preselects and lists only that township's villages.
  const one = await c.get(`/volunteer/register?township=${F.T2}`);
  assert.equal(one.status, 200);
  assert.match(one.text, new RegExp(`<option value="${F.T2}" selected`));
  assert.doesNotMatch(one.text, /<optgroup/);
  for (const name of ks) assert.match(one.text, new RegExp(`>${name}</option>`), name);
  assert.doesNotMatch(one.text, /玉皇坝村|新华村/);
  assert.ok(one.text.length * 2 < all.text.length, `narrowed page ${one.text.length} bytes, full ${all.text.length}`);
});

test('choosing the township posts back: values kept, its villages only, no messages, nothing stored', async () => {
  const c = new Client();
  const csrf = csrfFrom((await c.get('/volunteer/register')).text);
  const [[n0]] = await sql('SELECT COUNT(*) FROM volunteer');
  const r = await c.post('/volunteer/register', [['csrf', csrf], ['name', '分步填写'], ['phone', '1380000'],
    ['address', '3组 12号'], ['township', F.T2], ['village', F.V1], ['skills', 'bath'], ['step', 'township']]);
  assert.equal(r.status, 200);
  assert.match(r.text, /value="分步填写"/);
  assert.match(r.text, /value="1380000"/);
  assert.match(r.text, /value="3组 12号"/);
  assert.match(r.text, /value="bath" checked/);
  assert.match(r.text, new RegExp(`<option value="${F.T2}" selected`));
  assert.match(r.text, />中坝村</);
  assert.doesNotMatch(r.text, />新华村</);
  assert.doesNotMatch(r.text, /field invalid|有几项需要修改/);
  assert.deepEqual(await sql('SELECT COUNT(*) FROM volunteer'), [[n0]]);
});

test('a village of 诺水河镇 with township 空山镇 is refused (422)', async () => {
  const c = new Client();
  const csrf = csrfFrom((await c.get('/volunteer/register')).text);
  const phone = '13977776666';
  const r = await c.post('/volunteer/register', [['csrf', csrf], ['name', '跨镇报名'],
    ['id_number', makeId('513722', '19700101', 455)], ['phone', phone], ['township', F.T2], ['village', F.V10],
    ['skills', 'meal'], ['availability', 'weekend'], ['consent', 'yes']]);
  assert.equal(r.status, 422);
  assert.match(r.text, /所选村（社区）不属于所选乡镇/);
  assert.deepEqual(await sql(`SELECT COUNT(*) FROM volunteer WHERE phone = '${phone}'`), [['0']]);
});

test('the county and bureau names come from the database', async () => {
  const c = new Client();
  const home = await c.get('/');
  assert.match(home.text, /<title>[^<]*通江县一老一小服务平台<\/title>/);
  assert.match(home.text, /通江县民政局 一老一小服务平台/);
  assert.match((await c.get('/volunteer/register')).text, /通江县民政局收集您的姓名/);
});
