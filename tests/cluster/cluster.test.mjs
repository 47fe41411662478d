// The cluster stage: a running `./laoxiao cluster up` (three Galera nodes, two responder hosts, nginx on
// BASE_URL) driven through nginx like users would, then every node's database read directly.
// Run by ./laoxiao test as root (cluster stage); by hand: PORT=N ./laoxiao cluster up, then
// BASE_URL=http://127.0.0.1:N LAOXIAO_VAR=var/cluster node --test tests/cluster/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { Client, csrfFrom, makeId, sqlString, ROOT, VAR } from '../http/lib.mjs';
import { newClass, enrol } from '../http/classes-helpers.mjs';
import { loginAs, csrfOf, serverToday, addDays, newVolunteer, newElder, servicePairs } from '../http/services-helpers.mjs';
import { demo } from '../http/lib.mjs';

const execFileAsync = promisify(execFile);
const F = await demo();
const NODES = [1, 2, 3];
const SOCKDIR = (await import('node:fs')).readFileSync(path.join(VAR, 'run', 'sockdir'), 'utf8').trim();

// A query on node n as the administrator, after the node has applied everything committed anywhere
// before it (wsrep_sync_wait): rows as arrays of strings.
async function nodeSql(n, query) {
  const { stdout } = await execFileAsync('mariadb', ['--no-defaults', '--default-character-set=utf8mb4',
    '--user=root', `--socket=${SOCKDIR}/db${n}/mysql.sock`, '--database=laoxiao', '-N', '-B',
    '-e', `SET SESSION wsrep_sync_wait = 1; ${query}`], { encoding: 'utf8', maxBuffer: 16 << 20 });
  const body = stdout.replace(/\n$/, '');
  return body === '' ? [] : body.split('\n').map((l) => l.split('\t'));
}

// The same query on every node; asserts they agree and returns node 1's answer.
async function onEveryNode(query, what) {
  const answers = [];
  for (const n of NODES) answers.push(await nodeSql(n, query));
  for (const n of NODES.slice(1)) assert.deepEqual(answers[n - 1], answers[0], `${what}: node ${n} differs from node 1`);
  return answers[0];
}

// Transactions each node committed itself (not applied from another): shows where requests ran.
async function localCommits() {
  const out = {};
  for (const n of NODES) out[n] = Number((await nodeSql(n, "SHOW STATUS LIKE 'wsrep_local_commits'"))[0][1]);
  return out;
}

async function conflicts() {
  let sum = 0;
  for (const n of NODES) {
    for (const [, v] of await nodeSql(n, "SHOW STATUS WHERE Variable_name IN ('wsrep_local_cert_failures', 'wsrep_local_bf_aborts')")) sum += Number(v);
  }
  return sum;
}

function cluster(...args) {
  return execFileAsync(path.join(ROOT, 'laoxiao'), ['cluster', ...args], { encoding: 'utf8' });
}

test('50 concurrent enrolments for 10 seats, spread over the three nodes: 10 enrolled, 40 waiting at 1..40', async () => {
  const classId = await newClass({ capacity: 10, title: '集群并发报名' });
  const before = await localCommits();
  const conflictsBefore = await conflicts();
  const results = await Promise.all(Array.from({ length: 50 }, () => enrol(classId)));
  for (const r of results) assert.equal(r.status, 303, `every enrolment is taken: ${r.status}`);
  const after = await localCommits();
  for (const n of NODES) assert.ok(after[n] > before[n], `node ${n} committed some of them itself`);
  const rows = await onEveryNode(`SELECT status, COALESCE(position, 0) FROM class_enrolment
    WHERE class_id = ${classId} ORDER BY status, position`, 'enrolments');
  assert.equal(rows.filter(([s]) => s === 'enrolled').length, 10);
  const waiting = rows.filter(([s]) => s === 'waiting').map(([, p]) => Number(p));
  assert.deepEqual(waiting, Array.from({ length: 40 }, (_, i) => i + 1));
  const codes = results.map((r) => r.code);
  assert.equal(new Set(codes).size, 50, 'each answer names its own enrolment');
  console.log(`# enrolments: local commits per node ${JSON.stringify(before)} -> ${JSON.stringify(after)}; ` +
    `certification failures and aborts ${(await conflicts()) - conflictsBefore}`);
});

test('concurrent approvals through different nodes get distinct consecutive volunteer numbers', async () => {
  const ids = [];
  for (let i = 0; i < 8; i++) {
    const v = await newVolunteer({ township: F.T1, village: F.V1, name: `集群审核${i}` });
    await nodeSql(1, `UPDATE volunteer SET status = 'pending', number = NULL, station_id = NULL WHERE id = ${v}`);
    ids.push(v);
  }
  const admins = await Promise.all(ids.map(() => loginAs('admin')));
  const tokens = await Promise.all(admins.map((c) => csrfOf(c, '/admin/volunteers')));
  const answers = await Promise.all(ids.map((id, i) =>
    admins[i].post(`/admin/volunteers/${id}/approve`, { csrf: tokens[i], station: F.S1 })));
  for (const r of answers) assert.equal(r.status, 303, `approved: ${r.status}`);
  const rows = await onEveryNode(`SELECT number FROM volunteer WHERE id IN (${ids.join(',')}) ORDER BY number`, 'numbers');
  const seq = rows.map(([n]) => Number(n.slice(-4)));
  assert.equal(new Set(seq).size, 8, 'distinct');
  for (let i = 1; i < seq.length; i++) assert.equal(seq[i], seq[0] + i, `consecutive: ${seq}`);
  const last = await nodeSql(2, `SELECT last FROM volunteer_number_seq WHERE year = ${rows[0][0].slice(2, 6)}`);
  assert.equal(Number(last[0][0]), seq[7], 'the sequence stands at the last number given');
});

test('eight concurrent service entries for one volunteer through different nodes: exactly one stored', async () => {
  const vol = await newVolunteer({ station: F.S1, township: F.T1, village: F.V1, name: '集群服务' });
  const elders = [];
  for (let i = 0; i < 8; i++) elders.push(await newElder({ station: F.S1, village: F.V1, name: `集群老人${i}` }));
  const clients = await Promise.all(elders.map(() => loginAs('station1')));
  const day = addDays(await serverToday(clients[0]), -1);
  const tokens = await Promise.all(clients.map((c) => csrfOf(c, '/station/services/new')));
  const answers = await Promise.all(clients.map((c, i) => c.post('/station/services/new', servicePairs(tokens[i], [{
    date: day, elder: elders[i], service_type: 1, volunteer: [vol], start: '09:00', end: '10:00', note: `集群重叠${i}`,
  }]))));
  const stored = answers.filter((r) => r.status === 303).length;
  assert.equal(stored, 1, `one accepted: ${answers.map((r) => r.status)}`);
  for (const r of answers) if (r.status !== 303) assert.equal(r.status, 422, 'the others are told it overlaps');
  const rows = await onEveryNode(`SELECT COUNT(*) FROM service s JOIN service_volunteer sv ON sv.service_id = s.id
    WHERE sv.volunteer_id = ${vol} AND s.voided_at IS NULL`, 'services');
  assert.equal(Number(rows[0][0]), 1);
});

// A request that failed because nginx closed the kept-alive connection it went out on (a reload ends
// its old workers' idle connections) is sent again, up to 5 times (every idle connection of the pool
// may be one of them), as browsers do; any other failure is not. Counts the resends in n.resent.
async function resendOnClosed(n, send) {
  for (let tries = 0; ; tries++) {
    try {
      return await send();
    } catch (err) {
      const code = err?.cause?.code;
      if (tries >= 5 || !['UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNRESET', 'EPIPE'].includes(code)) throw err;
      n.resent += 1;
    }
  }
}

// A steady load of registrations and service entries; each request is remembered with its answer.
function steadyLoad({ vols, elders, day, staff, staffCsrf }) {
  const n = { resent: 0 };
  const acked = { reg: new Set(), svc: new Set() };
  const doubt = { reg: new Set(), svc: new Set() };
  const bad = [];
  let k = 0;
  let svcCount = 0;
  let stop = false;
  const tag = Date.now() % 1e6;
  async function one(kind) {
    const i = k++;
    if (kind === 'reg') {
      const phone = `135${String(tag % 1000).padStart(3, '0')}${String(i).padStart(5, '0')}`;
      const c = new Client();
      let r = await resendOnClosed(n, () => c.get('/volunteer/register'));
      if (r.status !== 200) { bad.push(`form ${r.status}`); return; }
      const csrf = csrfFrom(r.text);
      r = await resendOnClosed(n, () => c.post('/volunteer/register', {
        csrf, name: '集群登记',
        id_number: makeId('511921', `19${50 + (tag % 40)}${String(1 + (Math.floor(i / 1000) % 12)).padStart(2, '0')}` +
          `${String(1 + (tag % 28)).padStart(2, '0')}`, i),
        phone, township: F.T1, village: F.V1, address: '', skills: ['meal'], availability: ['weekend'], consent: 'yes',
      }));
      if (r.status === 303) acked.reg.add(phone);
      else if (r.status === 503 && r.text.includes(phone)) doubt.reg.add(phone);
      else bad.push(`register ${r.status}`);
    } else {
      const j = svcCount++;
      const v = j % vols.length;
      const slot = Math.floor(j / vols.length);
      // 5-minute slots from 06:00 to 22:40, then the day before.
      const from = 6 * 60 + (slot % 200) * 5;
      const date = addDays(day, -Math.floor(slot / 200));
      const hm = (m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      const note = `集群负载${tag}-${i}`;
      const r = await resendOnClosed(n, () => staff.post('/station/services/new', servicePairs(staffCsrf, [{
        date, elder: elders[v], service_type: 1, volunteer: [vols[v]], start: hm(from), end: hm(from + 5), note,
      }])));
      if (r.status === 303) acked.svc.add(note);
      else if (r.status === 503 && r.text.includes(note)) doubt.svc.add(note);
      else bad.push(`service ${r.status}`);
    }
  }
  const workers = Array.from({ length: 6 }, (_, w) => (async () => {
    while (!stop) {
      const kind = w % 2 ? 'reg' : 'svc';
      try {
        await one(kind);
      } catch (err) {
        bad.push(`${kind}: no answer (${err?.cause?.code ?? err.message})`);
      }
    }
  })());
  return { acked, doubt, bad, tag, n, stopped: async () => { stop = true; await Promise.all(workers); } };
}

async function checkLoad(load, what) {
  assert.deepEqual(load.bad, [], `${what}: every request answered with success or the retryable 503 keeping the input`);
  const regs = await onEveryNode(`SELECT phone, COUNT(*) FROM volunteer WHERE name = '集群登记'
    AND phone LIKE '135${String(load.tag % 1000).padStart(3, '0')}%' GROUP BY phone ORDER BY phone`, `${what}: registrations`);
  const svcs = await onEveryNode(`SELECT note, COUNT(*) FROM service WHERE note LIKE '集群负载${load.tag}-%'
    GROUP BY note ORDER BY note`, `${what}: services`);
  for (const [rows, acked, doubt, kind] of [[regs, load.acked.reg, load.doubt.reg, 'registration'],
    [svcs, load.acked.svc, load.doubt.svc, 'service']]) {
    const stored = new Map(rows.map(([key, n]) => [key, Number(n)]));
    for (const key of acked) assert.equal(stored.get(key), 1, `${what}: acknowledged ${kind} ${key} stored once`);
    for (const [key, n] of stored) {
      assert.equal(n, 1, `${what}: ${kind} ${key} not doubled`);
      assert.ok(acked.has(key) || doubt.has(key), `${what}: ${kind} ${key} stored was asked for`);
    }
    const inDoubtStored = [...doubt].filter((key) => stored.has(key)).length;
    console.log(`# ${what}: ${kind}: ${acked.size} acknowledged, ${doubt.size} answered 503 ` +
      `(${inDoubtStored} of those committed before the connection went)`);
  }
  console.log(`# ${what}: ${load.n.resent} requests sent again after nginx closed a kept-alive connection`);
}

async function loadFixtures() {
  const vols = [];
  const elders = [];
  for (let i = 0; i < 10; i++) {
    vols.push(await newVolunteer({ station: F.S1, township: F.T1, village: F.V1, name: `集群负载志愿者${i}` }));
    elders.push(await newElder({ station: F.S1, village: F.V1, name: `集群负载老人${i}` }));
  }
  const staff = await loginAs('station1');
  return { vols, elders, staff, staffCsrf: await csrfOf(staff, '/station/services/new'),
    day: addDays(await serverToday(staff), -2) };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('a database node killed under load and restarted: nothing lost, nothing doubled, it rejoins', async () => {
  const fx = await loadFixtures();
  const load = steadyLoad(fx);
  await sleep(3000);
  await cluster('node', '2', 'kill');
  await sleep(4000);
  const killedAt = load.acked.reg.size + load.acked.svc.size;
  await cluster('node', '2', 'start');
  await sleep(3000);
  await load.stopped();
  assert.ok(load.acked.reg.size + load.acked.svc.size > killedAt, 'writes went on while the node was away');
  const state = await nodeSql(2, "SHOW STATUS WHERE Variable_name IN ('wsrep_cluster_size', 'wsrep_local_state_comment', 'wsrep_ready')");
  assert.deepEqual(Object.fromEntries(state), { wsrep_cluster_size: '3', wsrep_local_state_comment: 'Synced', wsrep_ready: 'ON' });
  await checkLoad(load, 'node killed');
  await onEveryNode('SELECT COUNT(*), COALESCE(SUM(minutes), 0) FROM service', 'all services');
  await onEveryNode('SELECT COUNT(*) FROM volunteer', 'all volunteers');
});

test('a responder host taken down under load and brought back: every request answers', async () => {
  const fx = await loadFixtures();
  const load = steadyLoad(fx);
  await sleep(2000);
  await cluster('host', '2', 'stop');
  await sleep(3000);
  await cluster('host', '2', 'start');
  await sleep(2000);
  await load.stopped();
  await checkLoad(load, 'host down');
  const { stdout } = await cluster('status');
  assert.match(stdout, /app2 +\S+ +public +running/);
});
