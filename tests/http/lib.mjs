// Helpers for the HTTP integration tests (node:test, no dependencies).
//
// ./laoxiao test starts a scratch instance and sets:
//   BASE_URL                 e.g. http://127.0.0.1:18080
//   LAOXIAO_VAR              the instance directory (var/test in the checkout)
//   LAOXIAO_ROOT             the checkout
//   LAOXIAO_ADMIN_PASSWORD   the password of every demo staff account

import { execFile } from 'node:child_process';
import { after } from 'node:test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const BASE = (process.env.BASE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
export const ROOT = process.env.LAOXIAO_ROOT
  || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const VAR = process.env.LAOXIAO_VAR || path.join(ROOT, 'var');
export const ADMIN_PASSWORD = process.env.LAOXIAO_ADMIN_PASSWORD || 'TestPass-2026!';

// RFC 6265 5.1.4: the directory of the request path.
function defaultCookiePath(requestPath) {
  if (!requestPath.startsWith('/')) return '/';
  const last = requestPath.lastIndexOf('/');
  return last <= 0 ? '/' : requestPath.slice(0, last);
}

// RFC 6265 5.1.4: does a cookie with cookiePath go with a request for requestPath?
function pathMatches(requestPath, cookiePath) {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

// Parses one Set-Cookie header value into {name, value, path, expired, attrs}.
export function parseSetCookie(header, requestPath = '/') {
  const [pair, ...rest] = header.split(';');
  const eq = pair.indexOf('=');
  if (eq < 0) return null;
  const cookie = {
    name: pair.slice(0, eq).trim(),
    value: pair.slice(eq + 1).trim(),
    path: defaultCookiePath(requestPath),
    expired: false,
    attrs: {},
  };
  for (const part of rest) {
    const i = part.indexOf('=');
    const key = (i < 0 ? part : part.slice(0, i)).trim().toLowerCase();
    const val = i < 0 ? '' : part.slice(i + 1).trim();
    cookie.attrs[key] = val;
    if (key === 'path' && val.startsWith('/')) cookie.path = val;
  }
  // Max-Age wins over Expires (RFC 6265 5.3).
  const maxAge = cookie.attrs['max-age'];
  if (maxAge !== undefined && /^-?\d+$/.test(maxAge)) {
    cookie.expired = Number(maxAge) <= 0;
  } else if (cookie.attrs.expires !== undefined) {
    const t = Date.parse(cookie.attrs.expires);
    cookie.expired = !Number.isNaN(t) && t <= Date.now();
  }
  return cookie;
}

// Encodes fields as application/x-www-form-urlencoded. fields: an object, or an array of [name, value]
// pairs (for repeatable names such as skills); an array value in an object repeats the name too.
export function formBody(fields) {
  const params = new URLSearchParams();
  const pairs = Array.isArray(fields) ? fields : Object.entries(fields);
  for (const [k, v] of pairs) {
    if (Array.isArray(v)) for (const item of v) params.append(k, String(item));
    else params.append(k, String(v ?? ''));
  }
  return params.toString();
}

// A browser stand-in: one cookie jar, no redirects followed.
export class Client {
  constructor(base = BASE) {
    this.base = base;
    this.jar = new Map(); // key "path\tname" -> cookie
  }

  // The value of a cookie by name (any path), or undefined.
  cookie(name) {
    for (const c of this.jar.values()) if (c.name === name) return c.value;
    return undefined;
  }

  // The full parsed cookie (with its attributes), or undefined.
  cookieInfo(name) {
    for (const c of this.jar.values()) if (c.name === name) return c;
    return undefined;
  }

  clearCookies() {
    this.jar.clear();
  }

  cookieHeader(requestPath) {
    const matching = [...this.jar.values()]
      .filter((c) => pathMatches(requestPath, c.path))
      // Longer paths first, as browsers send them.
      .sort((a, b) => b.path.length - a.path.length);
    return matching.map((c) => `${c.name}=${c.value}`).join('; ');
  }

  storeCookies(headers, requestPath) {
    const values = typeof headers.getSetCookie === 'function'
      ? headers.getSetCookie()
      : (headers.get('set-cookie') ? [headers.get('set-cookie')] : []);
    for (const v of values) {
      const c = parseSetCookie(v, requestPath);
      if (!c || !c.name) continue;
      const key = `${c.path}\t${c.name}`;
      if (c.expired) this.jar.delete(key);
      else this.jar.set(key, c);
    }
  }

  // request(method, path, {body, contentType, headers}) -> {status, headers, text}
  async request(method, urlPath, { body, contentType, headers = {} } = {}) {
    const url = new URL(urlPath, this.base + '/');
    const h = { ...headers };
    const cookie = this.cookieHeader(url.pathname);
    if (cookie && !Object.keys(h).some((k) => k.toLowerCase() === 'cookie')) h.Cookie = cookie;
    if (contentType) h['Content-Type'] = contentType;
    const res = await fetch(url, { method, headers: h, body, redirect: 'manual' });
    this.storeCookies(res.headers, url.pathname);
    const text = await res.text();
    return { status: res.status, headers: res.headers, text };
  }

  get(urlPath, options = {}) {
    return this.request('GET', urlPath, options);
  }

  post(urlPath, fields = {}, options = {}) {
    return this.request('POST', urlPath, {
      ...options,
      body: formBody(fields),
      contentType: 'application/x-www-form-urlencoded',
    });
  }

  postRaw(urlPath, body, contentType, options = {}) {
    return this.request('POST', urlPath, { ...options, body, contentType });
  }

  // Signs in through the form (GET /login for the csrf token, then POST).
  async login(username, password = ADMIN_PASSWORD) {
    const page = await this.get('/login');
    const csrf = csrfFrom(page.text);
    return this.post('/login', { username, password, csrf });
  }
}

function decodeEntities(s) {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

// The value of the first <input type="hidden" name="csrf" value="..."> (attributes in any order,
// either quote), or undefined.
export function csrfFrom(html) {
  for (const m of html.matchAll(/<input\b[^>]*>/gi)) {
    const tag = m[0];
    const attr = (name) => {
      const r = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(tag);
      return r ? decodeEntities(r[1] ?? r[2] ?? r[3]) : undefined;
    };
    if (attr('name') === 'csrf') return attr('value');
  }
  return undefined;
}

// mariadb -B output escapes these in values.
function unescapeBatch(field) {
  return field.replace(/\\(.)/g, (_, c) => ({ n: '\n', t: '\t', '0': '\0', '\\': '\\' }[c] ?? c));
}

// Runs a query on the test instance (as the database administrator, through ./laoxiao sql).
// Resolves to the rows as arrays of strings (NULL reads as "NULL"); rejects when the query fails,
// with the client's message.
export async function sql(query) {
  let out;
  try {
    ({ stdout: out } = await execFileAsync(path.join(ROOT, 'laoxiao'), ['sql', '-N', '-B', '-e', query], {
      env: { ...process.env, LAOXIAO_VAR: VAR },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    }));
  } catch (err) {
    throw new Error(`sql failed: ${query}\n${err.stderr || err.message}`);
  }
  const body = out.replace(/\n$/, '');
  if (body === '') return [];
  return body.split('\n').map((line) => line.split('\t').map(unescapeBatch));
}

// The kept figures (sql/010_figures.sql) recomputed from the raw records: resolves to the tool's
// report when they are equal, rejects with it when they differ.
export async function figuresCheck() {
  try {
    const { stdout } = await execFileAsync(path.join(ROOT, 'laoxiao'), ['figures', '--check'], {
      env: { ...process.env, LAOXIAO_VAR: VAR },
      encoding: 'utf8',
    });
    return stdout;
  } catch (err) {
    throw new Error(`figures --check: ${err.stderr || err.message}`);
  }
}

// After every test file: whatever it wrote, the kept figures still equal the records.
after(async () => {
  await figuresCheck();
});

// Quotes a string for use inside a query given to sql().
export function sqlString(s) {
  return `'${String(s).replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

// A well-formed 18-character resident ID number (GB 11643): 6-digit area code, birth date YYYYMMDD,
// 3-digit sequence (odd for men, even for women; taken modulo 1000) and the ISO 7064 MOD 11-2 check
// character. makeId('110105', '19491231', 2) is '11010519491231002X'.
export function makeId(area, birth, seq) {
  const body = `${area}${birth}${String(Number(seq) % 1000).padStart(3, '0')}`;
  if (!/^\d{17}$/.test(body)) throw new Error(`makeId: need 6 + 8 digits and a sequence, got ${body}`);
  return body + idCheckChar(body);
}

// The check character of the first 17 digits of a resident ID.
export function idCheckChar(first17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i];
  return '10X98765432'[sum % 11];
}

// The id of an active place by its division code (data/places-511921.csv): a township's (9 digits)
// or a village's (12). Tests name places by code, never by id or by an order of ids.
const placeIds = new Map();
export async function place(code) {
  if (!placeIds.has(code)) {
    const table = String(code).length === 9 ? 'township' : 'village';
    const rows = await sql(`SELECT id FROM ${table} WHERE code = ${sqlString(code)} AND active = 1`);
    if (rows.length !== 1) throw new Error(`place ${code}: not loaded`);
    placeIds.set(code, Number(rows[0][0]));
  }
  return placeIds.get(code);
}

// The demo data's places and stations (cgi/tool.c), as numbers:
//   T1 诺江镇 (township1's), T2 空山镇 (station2's), T3 诺水河镇 (no demo station);
//   V1 新华村 (station S1, station1's), V2 城西村 (station S2, township1's second), V3 阳望山村,
//   V4 千佛村 (all 诺江镇); V5 中坝村 (station S3, station2's), V6 后坝村, V7 龙池村 (空山镇);
//   V10 玉皇坝村 (诺水河镇).
export const CODES = {
  T1: '511921100', T2: '511921123', T3: '511921113',
  V1: '511921100201', V2: '511921100215', V3: '511921100202', V4: '511921100208',
  V5: '511921123200', V6: '511921123202', V7: '511921123203', V10: '511921113200',
};
const STATIONS = { S1: '新华村互助养老服务站', S2: '城西村互助养老服务站', S3: '中坝村互助养老服务站' };
let fixtures;
export async function demo() {
  if (!fixtures) {
    const list = (xs) => xs.map(sqlString).join(', ');
    const rows = await sql(`SELECT code, id FROM township WHERE active = 1 AND code IN (${list(Object.values(CODES))})
      UNION ALL SELECT code, id FROM village WHERE active = 1 AND code IN (${list(Object.values(CODES))})
      UNION ALL SELECT name, id FROM station WHERE name IN (${list(Object.values(STATIONS))})`);
    const byKey = new Map(rows.map(([k, id]) => [k, Number(id)]));
    const f = {};
    for (const [k, key] of [...Object.entries(CODES), ...Object.entries(STATIONS)]) {
      if (!byKey.has(key)) throw new Error(`demo fixture ${k} (${key}) missing`);
      f[k] = byKey.get(key);
    }
    fixtures = f;
  }
  return fixtures;
}
