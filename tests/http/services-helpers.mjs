// Helpers for the service-logging tests (40-elders, 41-services, 42-service-totals).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Client, csrfFrom, sql, sqlString, makeId, BASE } from './lib.mjs';

// A signed-in client.
export async function loginAs(username) {
  const c = new Client();
  const r = await c.login(username);
  assert.equal(r.status, 303, `login ${username}: ${r.status}`);
  return c;
}

// The CSRF token of a page (GET), asserting it loads.
export async function csrfOf(c, path) {
  const r = await c.get(path);
  assert.equal(r.status, 200, `${path}: ${r.status}`);
  const t = csrfFrom(r.text);
  assert.ok(t, `no csrf on ${path}`);
  return t;
}

// Today as the responders see it (the date the logging form starts with).
export async function serverToday(c, station) {
  const r = await c.get(`/station/services/new?rows=1${station ? `&station=${station}` : ''}`);
  assert.equal(r.status, 200);
  const m = /name="r1\.date" value="(\d{4}-\d\d-\d\d)"/.exec(r.text);
  assert.ok(m, 'the form starts with today');
  return m[1];
}

// YYYY-MM-DD plus n days.
export function addDays(ymd, n) {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

let seq = 0;
function unique() {
  seq += 1;
  return `${Date.now() % 100000}${String(seq).padStart(3, '0')}${randomBytes(2).toString('hex')}`;
}

// An approved volunteer inserted directly; returns its id (string).
export async function newVolunteer({ station, township, village, name = '测试志愿者' }) {
  const u = unique();
  const rows = await sql(`INSERT INTO volunteer (number, name, id_cipher, id_hash, id_mask, sex, birth_date, phone,
      township_id, village_id, status, station_id, consent_version, consent_at)
    VALUES ('T${u}', ${sqlString(name)}, RANDOM_BYTES(40), RANDOM_BYTES(32), '522630********0000', 'F', '1970-01-01',
      '13900000000', ${township}, ${village}, 'approved', ${station ?? 'NULL'}, 'test', NOW());
    SELECT LAST_INSERT_ID();`);
  return rows[0][0];
}

// An elder inserted directly (ID number not real); returns its id (string).
export async function newElder({ station, village, name = '测试老人', active = 1 }) {
  const rows = await sql(`INSERT INTO elder (station_id, name, id_cipher, id_hash, id_mask, sex, birth_date, village_id,
      living, care_flags, contact_name, contact_phone, active)
    VALUES (${station}, ${sqlString(name)}, RANDOM_BYTES(40), RANDOM_BYTES(32), '522630********1111', 'M', '1940-01-01',
      ${village}, 'alone', 'alone', '联系人', '13900000001', ${active});
    SELECT LAST_INSERT_ID();`);
  return rows[0][0];
}

// The posted pairs of service rows: rows is a list of objects with date, elder, service_type, volunteer (array),
// start, end, signed, note; prefix(i) names row i ('r1.' …, or '' for plain names).
export function servicePairs(csrf, rows, { prefix = (i) => `r${i + 1}.`, station } = {}) {
  const out = [['csrf', csrf]];
  if (station !== undefined) out.push(['station', String(station)]);
  rows.forEach((row, i) => {
    const p = prefix(i);
    for (const [k, v] of Object.entries(row)) {
      if (v === undefined || v === null) continue;
      if (k === 'signed') { if (v) out.push([`${p}signed`, 'yes']); continue; }
      for (const one of Array.isArray(v) ? v : [v]) out.push([`${p}${k}`, String(one)]);
    }
  });
  return out;
}

// Number of services matching a WHERE clause.
export async function countServices(where) {
  const rows = await sql(`SELECT COUNT(*) FROM service s WHERE ${where}`);
  return Number(rows[0][0]);
}

// The error message shown for a field id ("r2.end"), or undefined.
export function errorOf(html, id) {
  const re = new RegExp(`id="${id.replace('.', '\\.')}-error">⚠ ([^<]*)<`);
  const m = re.exec(html);
  return m ? m[1] : undefined;
}

// The staff id of a username.
export async function staffId(username) {
  const rows = await sql(`SELECT id FROM staff WHERE username = ${sqlString(username)}`);
  return rows[0][0];
}

// The id of a village by name.
export async function villageId(name) {
  const rows = await sql(`SELECT id FROM village WHERE name = ${sqlString(name)}`);
  return rows[0][0];
}

// Raw bytes of a GET with the client's cookies (fetch().text() would drop a BOM).
export async function getBytes(c, path) {
  const url = new URL(path, BASE + '/');
  const res = await fetch(url, { headers: { Cookie: c.cookieHeader(url.pathname) }, redirect: 'manual' });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

// mulberry32: a small seeded generator, so that a failure can be replayed.
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Parses RFC 4180 CSV text into rows of fields.
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (ch === '"') { quoted = false; i += 1; continue; }
      field += ch; i += 1; continue;
    }
    if (ch === '"') { quoted = true; i += 1; continue; }
    if (ch === ',') { row.push(field); field = ''; i += 1; continue; }
    if (ch === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 2; continue; }
    field += ch; i += 1;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

export { makeId, sql, sqlString };
