// Writers for the fault tests: registrations, enrolments and service
// entries posted in a loop while something breaks, each request timed and
// its answer kept, so that a test can compare what the client was told
// (303: written) with what the database holds afterwards.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, csrfFrom, sql, makeId, demo, ROOT, VAR } from '../http/lib.mjs';
import { newClass } from '../http/classes-helpers.mjs';
import { newVolunteer, newElder, serverToday, addDays, servicePairs, loginAs } from '../http/services-helpers.mjs';

export const F = await demo();
export const run = promisify(execFile);

// A request that has not answered after this long counts as hung.
export const HUNG_MS = 30000;

// The pid in var/.../run/NAME.pid.
export function pidOf(name) {
  return Number(readFileSync(path.join(VAR, 'run', `${name}.pid`), 'utf8').trim());
}

// ./laoxiao db stop|start on this instance.
export async function database(action) {
  await run(path.join(ROOT, 'laoxiao'), ['db', action], { env: { ...process.env, LAOXIAO_VAR: VAR } });
}

export const sleep = (ms) => new Promise((r) => { setTimeout(r, ms); });

// Resolves to { status, text, ms } or { status: 0 } when the request did not answer within HUNG_MS or
// the connection failed.
async function timed(promise) {
  const t0 = Date.now();
  let timer;
  const hung = new Promise((resolve) => { timer = setTimeout(() => resolve({ status: 0, text: 'hung' }), HUNG_MS); });
  let r;
  try {
    r = await Promise.race([promise, hung]);
  } catch (err) {
    r = { status: 0, text: String(err) };
  }
  clearTimeout(timer);
  return { status: r.status, text: r.text, ms: Date.now() - t0 };
}

let seq = 0;
const tag = String(process.pid % 10000).padStart(4, '0');

// An ID number nobody has: each test file (a process of its own, its tag) and each registration (seq) a
// birth date and sequence of their own.
function idNumber(k) {
  const n = Number(tag) * 2000 + k;
  const day = new Date(Date.UTC(1960, 0, 1) + (n % 10950) * 86400000).toISOString().slice(0, 10).replaceAll('-', '');
  return makeId('513701', day, 1 + (Math.floor(n / 10950) % 998));
}

// Kinds of writes: each makes one client and posts fresh records; key(i) names the record so that the
// database can be asked for it afterwards.
export async function writers() {
  const klass = await newClass({ capacity: 500, title: '故障测试课' });
  const station = await loginAs('station1');
  const today = await serverToday(station, F.S1);
  const [[type]] = await sql('SELECT id FROM service_type ORDER BY id LIMIT 1');
  const lanes = [];
  for (let i = 0; i < 8; i++) {
    lanes.push({
      elder: await newElder({ station: F.S1, village: F.V1, name: `故障老人${i}` }),
      volunteer: await newVolunteer({ station: F.S1, township: F.T1, village: F.V1, name: `故障志愿者${i}` }),
      slot: 0,
    });
  }
  const register = async () => {
    seq += 1;
    const phone = `188${tag}${String(seq).padStart(4, '0')}`;
    const id = idNumber(seq);
    const c = new Client();
    const form = await timed(c.get('/volunteer/register'));
    if (form.status !== 200) return { kind: 'register', key: phone, ...form, phase: 'form' };
    const r = await timed(c.post('/volunteer/register', {
      csrf: csrfFrom(form.text), name: '故障测试', phone,
      id_number: id,
      township: F.T1, village: F.V1, address: '', skills: ['meal'], availability: ['weekend'], consent: 'yes',
    }));
    return { kind: 'register', key: phone, ...r };
  };
  const enrol = async () => {
    seq += 1;
    const phone = `189${tag}${String(seq).padStart(4, '0')}`;
    const c = new Client();
    const page = await timed(c.get(`/classes/${klass}`));
    if (page.status !== 200) return { kind: 'enrol', key: phone, ...page, phase: 'form' };
    const r = await timed(c.post(`/classes/${klass}`, {
      csrf: csrfFrom(page.text), name: '故障家长', phone, relationship: 'grandparent', village: F.V1,
      child_age_group: '6-12', left_behind: 'no', consent: 'yes',
    }));
    return { kind: 'enrol', key: phone, ...r };
  };
  let stationCsrf = null;
  let turn = 0;
  const service = async () => {
    // One free slot per post: each elder and volunteer pair in turn, 20 a day, 40 minutes apart, going
    // back from today.
    const lane = lanes[turn % lanes.length];
    turn += 1;
    const k = lane.slot;
    lane.slot += 1;
    const date = addDays(today, -Math.floor(k / 20));
    const minutes = 6 * 60 + (k % 20) * 40;
    const hhmm = (m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const note = `故障${tag}-${lane.elder}-${k}`;
    if (stationCsrf === null) {
      const f = await timed(station.get('/station/services/new?rows=1'));
      if (f.status !== 200) return { kind: 'service', key: note, ...f, phase: 'form' };
      stationCsrf = csrfFrom(f.text);
    }
    const r = await timed(station.post('/station/services/new', servicePairs(stationCsrf, [{
      date, elder: lane.elder, service_type: type, volunteer: [lane.volunteer], start: hhmm(minutes),
      end: hhmm(minutes + 30), note,
    }], { prefix: () => '' })));
    return { kind: 'service', key: note, ...r };
  };
  return { register, enrol, service, lanes, klass };
}

// Runs `lanes` loops of writes until stop() is true; resolves to every answer.
export async function load(w, stop, lanes = 3) {
  const answers = [];
  const loops = [];
  for (let i = 0; i < lanes; i++) {
    loops.push((async () => {
      for (let n = 0; !stop(); n++) {
        const which = (i + n) % 3;
        // eslint-disable-next-line no-await-in-loop
        const a = which === 0 ? await w.register() : which === 1 ? await w.enrol() : await w.service();
        a.at = Date.now();
        answers.push(a);
        if (a.status !== 303) await sleep(200);
      }
    })());
  }
  await Promise.all(loops);
  return answers;
}

// What the database holds of the posted records: a Set of keys per kind.
export async function written(answers) {
  const keys = (kind) => answers.filter((a) => a.kind === kind).map((a) => `'${a.key}'`);
  const held = { register: new Set(), enrol: new Set(), service: new Set() };
  const q = async (kind, query) => {
    const list = keys(kind);
    if (list.length === 0) return;
    for (const [k] of await sql(query.replace('LIST', list.join(',')))) held[kind].add(k);
  };
  await q('register', 'SELECT phone FROM volunteer WHERE phone IN (LIST)');
  await q('enrol', 'SELECT phone FROM class_enrolment WHERE phone IN (LIST)');
  await q('service', 'SELECT note FROM service WHERE note IN (LIST)');
  return held;
}

// Every answer is a 303 (written) or a Chinese 503 page that keeps what was typed; none hung; the
// database holds exactly the records that got a 303, each once. A COMMIT on its way when the database
// froze runs when it wakes; the responder waits to learn whether it did (lone_commit_outcome,
// cgi/db.c), so no 503 may hide a write (SECURITY.md, "Faults"); one that did would be reported with
// when its request was sent.
export async function assertExact(answers, label, faultAt = 0) {
  for (const a of answers) {
    assert.ok(a.status === 303 || a.status === 503, `${label}: ${a.kind} answered ${a.status} after ${a.ms} ms: ${String(a.text).slice(0, 200)}`);
    if (a.status === 503 && a.phase === undefined) {
      assert.match(a.text, /系统暂时繁忙|稍后|过一会儿/, `${label}: the 503 page is the Chinese one`);
      if (a.kind !== 'service') assert.ok(a.text.includes(a.key), `${label}: ${a.kind} 503 keeps the input (${a.key})`);
    }
  }
  const held = await written(answers);
  const hidden = [];
  for (const kind of ['register', 'enrol', 'service']) {
    const acked = answers.filter((a) => a.kind === kind && a.status === 303).map((a) => a.key);
    for (const key of acked) assert.ok(held[kind].has(key), `${label}: ${kind} ${key} acknowledged and missing`);
    for (const key of held[kind]) {
      if (acked.includes(key)) continue;
      const a = answers.find((x) => x.kind === kind && x.key === key);
      hidden.push(`${kind} ${key} (answered ${a.status}, sent ${a.at - a.ms - faultAt} ms after the fault began)`);
    }
  }
  assert.deepEqual(hidden, [], `${label}: written though not acknowledged`);
  const [[dupR]] = await sql(`SELECT COUNT(*) - COUNT(DISTINCT phone) FROM volunteer WHERE phone LIKE '188${tag}%'`);
  const [[dupE]] = await sql(`SELECT COUNT(*) - COUNT(DISTINCT phone) FROM class_enrolment WHERE phone LIKE '189${tag}%'`);
  const [[dupS]] = await sql(`SELECT COUNT(*) - COUNT(DISTINCT note) FROM service WHERE note LIKE '故障${tag}-%'`);
  assert.deepEqual([dupR, dupE, dupS], ['0', '0', '0'], `${label}: nothing written twice`);
}

// The longest answer, in ms.
export function slowest(answers) {
  return answers.reduce((m, a) => Math.max(m, a.ms), 0);
}

// Summary line of what happened, for the test's log.
export function summary(answers) {
  const by = {};
  for (const a of answers) by[`${a.kind} ${a.status}`] = (by[`${a.kind} ${a.status}`] || 0) + 1;
  return `${JSON.stringify(by)} slowest ${slowest(answers)} ms`;
}
