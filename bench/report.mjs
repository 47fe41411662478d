// The report of `./laoxiao bench`: reads the result lines the bench wrote (one per endpoint: name, wrk's
// BENCH json, responder RSS before and after, the warm-up's json), prints the table, writes latest.json,
// and exits non-zero when a request got an unexpected answer or the rows made do not match the 303s.
//   node bench/report.mjs RESULTS.tsv OUT.json key=value...
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

const [, , tsv, out, ...pairs] = process.argv;
const meta = Object.fromEntries(pairs.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));

// Targets of the performance issue: req/s as a share of the in-run fastcgi ceiling, p99 in ms.
const targets = {
  register_get: [0.60, 20], classes: [0.40, 20], register_post: [0.35, 20], enrol_post: [0.35, 20],
  services_list: [0.25, 20], services_post: [0.20, 20], dashboard: [0.10, 20],
};
// The figures issue's: the county's dashboard made afresh (no kept page), p50 in ms.
const p50Targets = { dashboard_made: 50 };
const staffEndpoints = new Set(['services_list', 'services_post', 'dashboard', 'dashboard_made']);
// Which table each POST endpoint adds a row to, by position in rows_before/rows_after.
const rowsOf = { register_post: 0, enrol_post: 1, services_post: 2 };

const results = {};
for (const line of readFileSync(tsv, 'utf8').split('\n').filter(Boolean)) {
  const [name, json, before, after, warm, cpuBefore, cpuAfter] = line.split('\t');
  const kb = (s) => s.trim().split(/\s+/).map(Number);
  results[name] = {
    ...JSON.parse(json), before: kb(before), after: kb(after), warm: warm ? JSON.parse(warm) : null,
    cpuBefore: kb(cpuBefore || ''), cpuAfter: kb(cpuAfter || ''),
  };
}

const mb = (kb) => Math.round(kb / 102.4) / 10;
// CPU per request in ms of each part (bench_cpu's order: public, staff, MariaDB, nginx, bare), over
// the measured run; the responder is the one that served the endpoint.
const tick = 1000 / Number(meta.clock_ticks || 100);
function cpuPerRequest(name, r) {
  if (r.cpuBefore.length < 5 || r.cpuAfter.length < 5 || !r.requests) return null;
  const used = r.cpuAfter.map((v, i) => ((v - r.cpuBefore[i]) * tick) / r.requests);
  const app = name === 'fastcgi' ? used[4] : staffEndpoints.has(name) ? used[1] : name === 'static' ? 0 : used[0];
  const round = (v) => Math.round(v * 1000) / 1000;
  return { responder: round(app), database: round(used[2]), nginx: round(used[3]) };
}
const problems = [];
const ceilings = {};
for (const name of ['static', 'fastcgi']) {
  if (!results[name]) problems.push(`no result for the ${name} ceiling`);
  else ceilings[name] = { rps: results[name].rps, p50_ms: results[name].p50_ms, p99_ms: results[name].p99_ms,
    cpu_ms: cpuPerRequest(name, results[name]) };
}
const endpoints = {};
for (const [name, r] of Object.entries(results)) {
  if (r.bad > 0 || r.socket_errors > 0 || (r.warm && (r.warm.bad > 0 || r.warm.socket_errors > 0)))
    problems.push(`${name}: ${r.bad + (r.warm?.bad ?? 0)} unexpected statuses (${[r.bad_statuses, r.warm?.bad_statuses].filter(Boolean).join(',')}), ${r.socket_errors + (r.warm?.socket_errors ?? 0)} socket errors or timeouts (10 s) in the warm-up and the run`);
  if (r.ok === 0) problems.push(`${name}: no request succeeded`);
  if (name in ceilings) continue;
  // RSS of the responder that served it: public (0, 1) or staff (2, 3).
  const at = staffEndpoints.has(name) ? 2 : 0;
  endpoints[name] = {
    rps: r.rps, p50_ms: r.p50_ms, p99_ms: r.p99_ms, rss_mb: mb(r.after[at + 1]),
    rss_start_mb: mb(r.before[at]), rss_end_mb: mb(r.after[at]), requests: r.requests, ok: r.ok,
    cpu_ms: cpuPerRequest(name, r),
  };
}

// Every POST that answered 303 made exactly one row; requests still in flight when wrk stopped (at
// most one per connection, per run) may have made one more that no one counted.
const before = (meta.rows_before || '').split(/\s+/).map(Number);
const after = (meta.rows_after || '').split(/\s+/).map(Number);
const inflight = 2 * Number(meta.connections || 32);
for (const [name, col] of Object.entries(rowsOf)) {
  const r = results[name];
  if (!r) continue;
  const ok = r.ok + (r.warm?.ok ?? 0);
  const made = after[col] - before[col];
  endpoints[name].rows_made = made;
  if (!(made >= ok && made <= ok + inflight))
    problems.push(`${name}: ${ok} successful answers but ${made} rows made`);
}

const report = {
  ceilings, endpoints, size: meta.size, commit: meta.commit,
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memory_gb: Math.round(os.totalmem() / 2 ** 30), kernel: os.release() },
  connections: Number(meta.connections), threads: Number(meta.threads), station_services: Number(meta.station_services),
  date: new Date().toISOString(),
};
writeFileSync(out, JSON.stringify(report, null, 2) + '\n');

const fc = ceilings.fastcgi?.rps || NaN;
const st = ceilings.static?.rps || NaN;
const pad = (s, n) => String(s).padStart(n);
console.log(`laoxiao bench — size ${meta.size}, ${meta.connections} connections, commit ${meta.commit}; ` +
  `the station's list has ${meta.station_services} services`);
console.log(`${'endpoint'.padEnd(15)}${pad('req/s', 9)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('×static', 9)}` +
  `${pad('×fastcgi', 10)}${pad('target', 19)}${pad('RSS MB', 8)}${pad('(start→end)', 14)}` +
  `${pad('CPU ms/req: app', 17)}${pad('db', 7)}${pad('nginx', 7)}`);
for (const [name, r] of [...Object.entries(ceilings), ...Object.entries(endpoints)]) {
  const t = targets[name];
  const ratio = r.rps / fc;
  const p50 = p50Targets[name];
  const verdict = t ? `${t[0].toFixed(2)}/${t[1]}ms ${ratio >= t[0] && r.p99_ms <= t[1] ? 'met' : 'NOT met'}`
    : p50 ? `p50≤${p50}ms ${r.p50_ms <= p50 ? 'met' : 'NOT met'}` : '';
  console.log(`${name.padEnd(15)}${pad(r.rps.toFixed(0), 9)}${pad(r.p50_ms.toFixed(2), 9)}${pad(r.p99_ms.toFixed(2), 9)}` +
    `${pad((r.rps / st).toFixed(3), 9)}${pad(ratio.toFixed(3), 10)}${pad(verdict, 19)}` +
    `${pad(r.rss_mb ?? '', 8)}${pad(r.rss_mb ? `${r.rss_start_mb}→${r.rss_end_mb}` : '', 14)}` +
    (r.cpu_ms ? `${pad(r.cpu_ms.responder.toFixed(3), 17)}${pad(r.cpu_ms.database.toFixed(3), 7)}${pad(r.cpu_ms.nginx.toFixed(3), 7)}` : ''));
}
console.log(`written: ${out}`);
if (problems.length) {
  for (const p of problems) console.error(`bench: ${p}`);
  process.exit(1);
}
