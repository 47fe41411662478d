// What ./laoxiao does to set an instance up, run against the test
// instance with the script's own functions: migrations are applied in
// order, recorded, skipped when run again, and a failing one stops the
// run with its name, leaving the later ones unapplied; the data key is
// never overwritten.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT, VAR, sql } from './lib.mjs';

const run = promisify(execFile);

// Runs bash lines with the script's functions loaded, on the test instance; resolves to
// { code, stderr } (a non-zero exit is not an error here).
async function withScript(lines, cwd) {
  const script = `LAOXIAO_FUNCTIONS_ONLY=1 source ${JSON.stringify(path.join(ROOT, 'laoxiao'))}
set_instance ${JSON.stringify(VAR)}; find_sockdir; cd ${JSON.stringify(cwd)}
${lines}`;
  try {
    const { stderr } = await run('bash', ['-c', script], { encoding: 'utf8' });
    return { code: 0, stderr };
  } catch (err) {
    return { code: err.code, stderr: err.stderr };
  }
}

const DB = 'laoxiao_migrate_test';

test('migrations: in order, recorded, a no-op when run again; a failing one stops the run and names itself', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lx-migrate-'));
  try {
    mkdirSync(path.join(dir, 'sql'));
    const put = (name, text) => writeFileSync(path.join(dir, 'sql', name), text);
    put('001_first.sql', 'CREATE TABLE one (id INT PRIMARY KEY);\n');
    put('002_broken.sql', 'INSERT INTO no_such_table VALUES (1);\n');
    put('003_third.sql', 'CREATE TABLE three (id INT PRIMARY KEY);\n');
    await sql(`DROP DATABASE IF EXISTS ${DB}; CREATE DATABASE ${DB}`);
    const migrate = () => withScript(`DB_NAME=${DB}; migrate`, dir);

    const failed = await migrate();
    assert.notEqual(failed.code, 0, 'a failing migration fails the run');
    assert.match(failed.stderr, /migration 002_broken\.sql failed; later migrations were not applied/);
    const tables = async () => (await sql(`SELECT table_name FROM information_schema.tables
      WHERE table_schema = '${DB}' ORDER BY table_name`)).map((r) => r[0]);
    const recorded = async () => (await sql(`SELECT version FROM ${DB}.schema_migrations ORDER BY version`)).map((r) => r[0]);
    assert.deepEqual(await tables(), ['one', 'schema_migrations']);
    assert.deepEqual(await recorded(), ['001_first.sql']);

    put('002_broken.sql', 'CREATE TABLE two (id INT PRIMARY KEY);\n');
    const fixed = await migrate();
    assert.equal(fixed.code, 0, fixed.stderr);
    assert.deepEqual(await recorded(), ['001_first.sql', '002_broken.sql', '003_third.sql']);
    assert.deepEqual(await tables(), ['one', 'schema_migrations', 'three', 'two']);

    // Again: nothing is applied (001 would fail if it were, its table exists).
    const again = await migrate();
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /database schema is up to date/);
    assert.doesNotMatch(again.stderr, /applying migration/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await sql(`DROP DATABASE IF EXISTS ${DB}`);
  }
});

test('the data key is made once and never overwritten', async () => {
  const key = path.join(VAR, 'secrets', 'key');
  const before = readFileSync(key);
  const st = statSync(key);
  assert.equal(before.length, 32);
  // Private to its owner; started as root, readable by the responders' group (laoxiao-key) too.
  assert.equal(st.mode & 0o777, process.getuid() === 0 ? 0o440 : 0o600);
  const r = await withScript('ensure_secrets', ROOT);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /made a new data key/);
  assert.deepEqual(readFileSync(key), before);
  assert.equal(statSync(key).mtimeMs, st.mtimeMs);
});
