// Users and rights (issue 12, defect 4): each program connects as its own
// database user holding exactly the rights conf/grants.conf gives it, so
// that the public responder cannot read or write staff accounts or
// sessions and nobody may change the audit trail; started as root, each
// part runs as its own system user and only nginx's workers may open a
// responder's socket. Connects to the database as each program's user,
// with that program's password file, as the program would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT, VAR, sql } from './lib.mjs';

const run = promisify(execFile);
const SOCKDIR = process.env.LAOXIAO_SOCKDIR || path.join(VAR, 'run');
const ROOT_RUN = process.getuid() === 0;

const PROGRAMS = {
  public: { user: 'laoxiao_public', file: 'db_password_public' },
  staff: { user: 'laoxiao_staff', file: 'db_password_staff' },
  tool: { user: 'laoxiao_app', file: 'db_password' },
};

// Runs one statement as a program's database user: { ok, error }.
async function as(program, statement) {
  const { user, file } = PROGRAMS[program];
  const password = readFileSync(path.join(VAR, 'secrets', file), 'utf8').trim();
  try {
    await run('mariadb', ['--no-defaults', `--socket=${path.join(SOCKDIR, 'mysql.sock')}`, `--user=${user}`,
      '--database=laoxiao', '-N', '-B', '-e', statement], { env: { ...process.env, MYSQL_PWD: password } });
    return { ok: true, error: '' };
  } catch (err) {
    return { ok: false, error: String(err.stderr || err.message) };
  }
}

async function denied(program, statement) {
  const r = await as(program, statement);
  assert.equal(r.ok, false, `${program} may not: ${statement}`);
  // Refused for want of a right (not by a trigger or a missing row).
  assert.match(r.error, /denied to user/, `${program}: ${statement}: ${r.error}`);
}

async function allowed(program, statement) {
  const r = await as(program, statement);
  assert.equal(r.ok, true, `${program} may: ${statement}: ${r.error}`);
}

test('the public responder\'s user: no staff accounts, no sessions, no audit trail, no schema', async () => {
  await allowed('public', 'SELECT COUNT(*) FROM class');
  await allowed('public', 'SELECT COUNT(*) FROM volunteer');
  for (const st of [
    'SELECT * FROM staff', 'UPDATE staff SET active = 1 WHERE id = 0', 'INSERT INTO staff (username) VALUES (\'x\')',
    'SELECT * FROM session', 'INSERT INTO session (token_hash) VALUES (\'x\')', 'DELETE FROM session WHERE 0',
    'SELECT * FROM audit_log', 'INSERT INTO audit_log (action) VALUES (\'x\')', 'UPDATE audit_log SET action = action WHERE 0',
    'DELETE FROM audit_log WHERE 0', 'UPDATE volunteer SET status = status WHERE 0', 'DELETE FROM volunteer WHERE 0',
    'DELETE FROM class_enrolment WHERE 0', 'UPDATE class SET capacity = capacity WHERE 0', 'SELECT * FROM elder',
    'INSERT INTO service (station_id) VALUES (0)', 'DROP TABLE throttle', 'CREATE TABLE x (a INT)',
    'ALTER TABLE class ADD COLUMN x INT', 'SELECT * FROM mysql.user',
  ]) await denied('public', st);
});

test('the staff responder\'s user: the audit trail is insert-only, no schema, no deleting records', async () => {
  await allowed('staff', 'SELECT COUNT(*) FROM staff');
  await allowed('staff', 'SELECT COUNT(*) FROM audit_log');
  for (const st of [
    'UPDATE audit_log SET action = action WHERE 0', 'DELETE FROM audit_log WHERE 0', 'TRUNCATE TABLE audit_log',
    'DROP TABLE audit_log', 'ALTER TABLE audit_log ADD COLUMN x INT', 'CREATE TABLE x (a INT)',
    'DELETE FROM volunteer WHERE 0', 'DELETE FROM staff WHERE 0', 'DELETE FROM service WHERE 0',
    'DELETE FROM elder WHERE 0', 'INSERT INTO volunteer (name) VALUES (\'x\')', 'SELECT * FROM mysql.user',
  ]) await denied('staff', st);
});

test('the tool\'s user cannot change the audit trail either', async () => {
  await allowed('tool', 'SELECT COUNT(*) FROM staff');
  for (const st of ['UPDATE audit_log SET action = action WHERE 0', 'DELETE FROM audit_log WHERE 0', 'DROP TABLE class',
    'CREATE TABLE x (a INT)']) await denied('tool', st);
});

// conf/grants.conf read independently of ./laoxiao: { 'laoxiao_public': Set('SELECT class', …) }.
function expected(tables) {
  const users = { public: 'laoxiao_public', staff: 'laoxiao_staff', tool: 'laoxiao_app' };
  const want = {};
  for (const line of readFileSync(path.join(ROOT, 'conf', 'grants.conf'), 'utf8').split('\n')) {
    const words = line.trim().split(/\s+/);
    if (words[0] === '' || words[0].startsWith('#')) continue;
    const [who, verbs, ...names] = words;
    const set = (want[users[who]] ??= new Set());
    for (const name of names) {
      for (const t of name === '*' ? tables.filter((x) => x !== 'audit_log') : [name]) {
        for (const v of verbs.split(',')) set.add(`${v} ${t}`);
      }
    }
  }
  return want;
}

test('every program user holds exactly the rights of conf/grants.conf, table by table, nothing database-wide', async () => {
  const tables = (await sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'laoxiao'")).map((r) => r[0]);
  const want = expected(tables);
  assert.deepEqual(Object.keys(want).sort(), ['laoxiao_app', 'laoxiao_public', 'laoxiao_staff']);
  for (const [user, set] of Object.entries(want)) {
    const held = new Set();
    for (const [g] of await sql(`SHOW GRANTS FOR '${user}'@'localhost'`)) {
      if (/^GRANT USAGE ON \*\.\* TO /.test(g)) continue;
      const m = /^GRANT (.+) ON `laoxiao`\.`([a-z_]+)` TO /.exec(g);
      assert.ok(m, `${user}: only table rights in laoxiao: ${g}`);
      for (const v of m[1].split(', ')) held.add(`${v} ${m[2]}`);
    }
    assert.deepEqual([...held].sort(), [...set].sort(), user);
    assert.ok(!held.has('UPDATE audit_log') && !held.has('DELETE audit_log'));
  }
  // The responders hold their connections as their own users.
  const conns = (await sql('SELECT DISTINCT user FROM information_schema.processlist')).map((r) => r[0]);
  assert.ok(conns.includes('laoxiao_public') && conns.includes('laoxiao_staff'), conns.join(','));
});

// Exit code of node connecting to a unix socket as a system user: 0 connected, 3 refused (EACCES).
async function connectAs(user, socket) {
  const script = "require('net').connect(process.argv[1]).on('connect', () => process.exit(0))"
    + ".on('error', (e) => { console.log(e.code); process.exit(3); })";
  try {
    await run('setpriv', [`--reuid=${user}`, `--regid=${user}`, '--init-groups', process.execPath, '-e', script, socket]);
    return 0;
  } catch (err) {
    return err.code;
  }
}

function ownerOf(pidFile) {
  const pid = readFileSync(path.join(VAR, 'run', pidFile), 'utf8').trim();
  const uid = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1];
  return Number(uid);
}

async function uidOf(user) {
  return Number((await run('id', ['-u', user])).stdout.trim());
}

test('started as root, each part runs as its own user and only nginx opens a responder\'s socket', async () => {
  if (!ROOT_RUN) {
    // Not root: everything runs as the invoking user, the sockets private to it.
    for (const p of ['public', 'staff']) {
      assert.equal(ownerOf(`${p}.pid`), process.getuid());
      assert.equal(statSync(path.join(SOCKDIR, `${p}.sock`)).mode & 0o777, 0o600);
    }
    return;
  }
  assert.equal(ownerOf('mariadb.pid'), await uidOf('laoxiao-db'));
  assert.equal(ownerOf('public.pid'), await uidOf('laoxiao-public'));
  assert.equal(ownerOf('staff.pid'), await uidOf('laoxiao-staff'));
  const nginx = readFileSync(path.join(VAR, 'run', 'nginx.pid'), 'utf8').trim();
  const workers = (await run('ps', ['-o', 'uid=', '--ppid', nginx])).stdout.trim().split(/\s+/).map(Number);
  assert.ok(workers.length >= 1);
  for (const uid of workers) assert.equal(uid, await uidOf('laoxiao-web'), 'nginx workers');
  for (const p of ['public', 'staff']) {
    const sock = path.join(SOCKDIR, `${p}.sock`);
    const st = statSync(sock);
    assert.equal(st.mode & 0o777, 0o660);
    assert.equal(st.uid, await uidOf(`laoxiao-${p}`));
    assert.equal(await connectAs('laoxiao-web', sock), 0, `nginx's user opens ${p}.sock`);
    const other = p === 'public' ? 'laoxiao-staff' : 'laoxiao-public';
    assert.equal(await connectAs(other, sock), 3, `${other} cannot open ${p}.sock`);
    assert.equal(await connectAs('laoxiao-db', sock), 3, `laoxiao-db cannot open ${p}.sock`);
  }
  // The secrets: each responder reads its own password and the key, nginx neither.
  const secrets = path.join(VAR, 'secrets');
  const readAs = async (user, file) => {
    try {
      await run('setpriv', [`--reuid=${user}`, `--regid=${user}`, '--init-groups', 'cat', path.join(secrets, file)]);
      return true;
    } catch {
      return false;
    }
  };
  assert.equal(await readAs('laoxiao-public', 'db_password_public'), true);
  assert.equal(await readAs('laoxiao-public', 'db_password_staff'), false);
  assert.equal(await readAs('laoxiao-public', 'key'), true);
  assert.equal(await readAs('laoxiao-staff', 'db_password_public'), false);
  assert.equal(await readAs('laoxiao-web', 'key'), false);
  assert.equal(await readAs('laoxiao-web', 'db_password_public'), false);
  assert.equal(await readAs('laoxiao-db', 'key'), false);
  // The database's files are its own.
  assert.equal(statSync(path.join(VAR, 'db', 'mysql')).uid, await uidOf('laoxiao-db'));
});
