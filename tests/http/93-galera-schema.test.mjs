// What a Galera cluster needs of the schema (README, "Deployment"): every table InnoDB and with a
// primary key (rows without one cannot be certified or applied by key), and no LOCK TABLES anywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql, ROOT } from './lib.mjs';

test('every table is InnoDB and has a primary key', async () => {
  const tables = await sql(`SELECT t.TABLE_NAME, t.ENGINE, COUNT(c.CONSTRAINT_NAME)
    FROM information_schema.TABLES t LEFT JOIN information_schema.TABLE_CONSTRAINTS c
      ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME AND c.CONSTRAINT_TYPE = 'PRIMARY KEY'
    WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE' GROUP BY t.TABLE_NAME, t.ENGINE`);
  assert.ok(tables.length >= 20, `the schema is there (${tables.length} tables)`);
  for (const [name, engine, pk] of tables) {
    assert.equal(engine, 'InnoDB', `${name} is InnoDB`);
    assert.equal(pk, '1', `${name} has a primary key`);
  }
});

test('no LOCK TABLES in the migrations or the statements', () => {
  const files = [...fs.readdirSync(path.join(ROOT, 'sql')).filter((f) => f.endsWith('.sql')).map((f) => path.join('sql', f)),
    'cgi/sql.c'];
  for (const f of files) assert.doesNotMatch(fs.readFileSync(path.join(ROOT, f), 'utf8'), /LOCK\s+TABLES?\b/i, f);
});
