// A large services.csv streams from the database: 40,000 service rows
// (inserted by SQL, deleted afterwards) leave the staff responder's peak
// memory (VmHWM) where it was, give or take a bound far below the size of
// the file. (Held in memory, as before, a row took ~1.4 KB of the
// responder's peak: 40,000 rows would show as ~55 MB. The rows are fewer
// than a county's because every row written fires the triggers that keep
// the station's totals and the county's figures.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BASE, VAR, sql } from './lib.mjs';
import { signedIn } from './staff-lib.mjs';

const ROWS = 40000;
const NOTE = 'export-memory-test';

// Peak resident memory of each process of the staff responder, in KiB.
function peakKiB() {
  const pid = readFileSync(path.join(VAR, 'run', 'staff.pid'), 'utf8').trim();
  const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  assert.ok(m, 'VmHWM of the staff responder');
  return { pid, kib: Number(m[1]) };
}

test('services.csv of 40,000 rows keeps the staff responder within bounded memory', { timeout: 240000 }, async () => {
  const [[station, elder, type]] = await sql(`SELECT s.id, e.id, t.id FROM station s JOIN elder e ON e.station_id = s.id
    JOIN service_type t ORDER BY s.id, e.id, t.id LIMIT 1`);
  await sql(`DELETE FROM service WHERE note = '${NOTE}'`);
  await sql(`INSERT INTO service (station_id, elder_id, service_type_id, service_date, start_time, end_time, minutes, note)
    SELECT ${station}, ${elder}, ${type}, '2001-01-01' + INTERVAL (seq % 3000) DAY, '08:00', '09:30', 90, '${NOTE}'
    FROM seq_1_to_${ROWS}`);
  try {
    const admin = await signedIn('admin');
    // Warm up: the path through the export once, small.
    assert.equal((await admin.get('/admin/export/services.csv?from=2000-01-01&to=2000-01-02')).status, 200);
    const before = peakKiB();
    const res = await fetch(new URL('/admin/export/services.csv?from=2001-01-01&to=2010-12-31', BASE + '/'), {
      headers: { Cookie: admin.cookieHeader('/admin/export/services.csv') },
    });
    assert.equal(res.status, 200);
    let bytes = 0;
    let lines = 0;
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      for (const b of value) if (b === 10) lines += 1;
    }
    const after = peakKiB();
    assert.equal(after.pid, before.pid, 'the same responder served it');
    assert.ok(lines >= ROWS + 1, `${lines} lines`);
    const grew = after.kib - before.kib;
    // The file is tens of megabytes; held in memory it would show as
    // growth many times the bound.
    assert.ok(bytes > 4 * 1024 * 1024, `${bytes} bytes`);
    assert.ok(grew < 8 * 1024, `peak grew by ${grew} KiB for a ${Math.round(bytes / 1048576)} MB file`);
  } finally {
    await sql(`DELETE FROM service WHERE note = '${NOTE}'`);
  }
});
