// Sends a bounded mix of requests (pages, valid and invalid posts, bad
// input of every kind) to a responder running under a leak checker.
// Usage: node drive.mjs BASE_URL COUNT. Exits non-zero if any request
// gets an unexpected status, or a kind of request never got its first
// (successful) status: the success paths must have run under the checker.
import { Client, csrfFrom, makeId, sql, demo } from '../http/lib.mjs';

// Demo places and stations by code (lib.mjs), never by id.
const F = await demo();

const base = process.argv[2];
const count = Number(process.argv[3] || 1000);
process.env.BASE_URL = base;

const c = new Client(base);
const form = await c.get('/volunteer/register');
if (form.status !== 200) throw new Error(`form: ${form.status}`);
const csrf = csrfFrom(form.text);
// The first demo volunteer's number (this year's).
const [[demo1]] = await sql("SELECT number FROM volunteer WHERE number LIKE 'QS%0001' ORDER BY id LIMIT 1");
// The look-up and code-guessing holds of earlier requests from this address end (as the HTTP tests do).
await sql("UPDATE throttle SET at = at - INTERVAL 1 DAY WHERE kind IN ('lookup_address', 'class_code')");
// A certificate issued from the look-up: its private address and its verification address.
const issued = await c.post('/volunteer/lookup', [['csrf', csrf], ['number', demo1], ['phone', '13800000001'], ['period', 'all']]);
if (issued.status !== 303) throw new Error(`certificate: ${issued.status}`);
const certPath = issued.headers.get('location');
const [[certNumber, certCheck]] = await sql(`SELECT number, check_code FROM certificate ORDER BY id DESC LIMIT 1`);

const cases = [
  async () => [await c.get('/'), 200],
  async () => [await c.get('/volunteer/register'), 200],
  async () => [await c.get('/healthz'), 200],
  async () => [await c.get('/nope'), 404],
  async (i) => [await c.post('/volunteer/register', [['csrf', csrf], ['name', `张${i}`], ['id_number', '110105194912310021'], ['phone', '123'], ['skills', 'meal'], ['consent', 'yes']]), 422],
  async (i) => [await c.post('/volunteer/register', [['csrf', csrf], ['name', '王测试'],
    ['id_number', makeId('522630', '19600101', i % 1000)], ['phone', `135${String(i).padStart(8, '0')}`],
    ['township', F.T1], ['village', F.V1], ['skills', 'meal'], ['skills', 'walk'], ['availability', 'weekend'], ['consent', 'yes']]), [303, 422]],
  async () => [await c.post('/volunteer/register', [['name', 'x']]), 403],
  async () => [await c.postRaw('/volunteer/register', Buffer.from(`csrf=${csrf}&name=%FF`), 'application/x-www-form-urlencoded'), 400],
  async () => [await c.postRaw('/volunteer/register', Buffer.alloc(40000, 'a'), 'application/x-www-form-urlencoded'), 413],
  async () => [await c.get('/volunteer/register?<script>=%3Cb%3E'), 200],
  async () => [await c.get(`/classes?township=${F.T1}`), 200],
  async () => [await c.get('/classes/1'), 200],
  async () => [await c.post('/classes/1', [['csrf', csrf], ['name', '<i>'], ['phone', '1'], ['child_age_group', 'x']]), 422],
  async () => [await c.get('/classes/enrolment/not-a-real-code-0000'), [404, 429]],
  async (i) => [await c.post('/classes/1', [['csrf', csrf], ['name', '王奶奶'], ['phone', `136${String(i).padStart(8, '0')}`],
    ['relationship', 'grandparent'], ['village', F.V1], ['child_age_group', '6-12'], ['left_behind', 'yes'], ['consent', 'yes']]), [303, 409]],
  // volunteer look-up: a right pair, a wrong one (held after ten), bad input
  async () => [await c.get('/volunteer/lookup'), 200],
  async () => [await c.post('/volunteer/lookup', [['csrf', csrf], ['number', demo1], ['phone', '13800000001']]), [200, 429]],
  async (i) => [await c.post('/volunteer/lookup', [['csrf', csrf], ['number', `QS2099${i % 10000}`], ['phone', '13800000001']]), [200, 429]],
  async () => [await c.post('/volunteer/lookup', [['csrf', csrf], ['number', demo1], ['phone', '1']]), 422],
  // volunteer service certificates (the code-guessing throttle holds the address after a while)
  async () => [await c.post('/volunteer/lookup', [['csrf', csrf], ['number', demo1], ['phone', '13800000001'], ['period', 'this_year']]), [303, 429]],
  async () => [await c.get(certPath), [200, 429]],
  async () => [await c.get(`/verify/${certNumber}-${certCheck}`), [200, 429]],
  async () => [await c.get(`/verify/${certNumber}-made-up-code`), [404, 429]],
];

let bad = 0;
const succeeded = cases.map(() => 0);
for (let i = 0; i < count; i++) {
  const [r, want] = await cases[i % cases.length](i);
  const wants = Array.isArray(want) ? want : [want];
  if (r.status === wants[0]) succeeded[i % cases.length]++;
  else if (!wants.includes(r.status)) {
    bad++;
    if (bad < 5) console.error(`request ${i}: status ${r.status}, wanted ${want}`);
  }
}
const never = succeeded.flatMap((n, k) => (n === 0 ? [k] : []));
for (const k of never) console.error(`kind ${k} (${cases[k].toString().slice(0, 90)}…) never got its first status`);
console.log(`${count} requests, ${bad} unexpected, ${cases.length - never.length} of ${cases.length} kinds succeeded`);
process.exit(bad === 0 && never.length === 0 ? 0 : 1);
