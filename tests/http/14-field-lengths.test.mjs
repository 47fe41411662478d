// The maxlength a form shows is the length the server checks. Both come from
// the field's table in C (form_xml gives the page each field's max); this
// catches a template that passes a number of its own that has drifted: for
// every text box with a maxlength on the main forms, one character more is
// posted alone and the field's message must name that same length. Nothing
// is saved: every other field of the form is left empty.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, sql, demo } from './lib.mjs';

const F = await demo();

// ID and mobile numbers: the box leaves room for the spaces people type,
// and the server checks the number once they are out.
const NUMBERS = new Set(['id_number', 'phone', 'contact_phone']);

const attr = (tag, name) => (new RegExp(`\\s${name}="([^"]*)"`).exec(tag) || [])[1];
const unescape = (s) => s.replace(/&amp;/g, '&');

// The post forms of a page: {action, hidden: [[name, value]], boxes:
// [{name, id, max}]} for each text input and textarea with a maxlength.
function formsOf(html) {
  const forms = [];
  for (const [, open, body] of html.matchAll(/(<form\b[^>]*>)([\s\S]*?)<\/form>/g)) {
    if (attr(open, 'method') !== 'post') continue;
    const hidden = [];
    const boxes = [];
    for (const [tag] of body.matchAll(/<(?:input|textarea)\b[^>]*>/g)) {
      const name = attr(tag, 'name');
      const type = tag.startsWith('<textarea') ? 'textarea' : attr(tag, 'type');
      if (type === 'hidden') hidden.push([name, unescape(attr(tag, 'value') || '')]);
      else if ((type === 'text' || type === 'textarea') && attr(tag, 'maxlength')) {
        boxes.push({ name, id: attr(tag, 'id'), max: Number(attr(tag, 'maxlength')) });
      }
    }
    forms.push({ action: unescape(attr(open, 'action')), hidden, boxes });
  }
  return forms;
}

// The message shown beside box, or ''.
function messageOf(html, box) {
  const m = new RegExp(`<span class="error" id="${box.id.replace(/\./g, '\\.')}-error">([^<]*)</span>`).exec(html);
  return m ? m[1] : '';
}

// Posts one character over each box's maxlength on the page at path;
// returns how many boxes it checked.
async function checkPage(c, path) {
  const page = await c.get(path);
  assert.equal(page.status, 200, `GET ${path}`);
  let checked = 0;
  for (const form of formsOf(page.text)) {
    for (const box of form.boxes) {
      if (NUMBERS.has(box.name.replace(/^r\d+\./, ''))) continue;
      const r = await c.post(form.action, [...form.hidden, [box.name, '字'.repeat(box.max + 1)]]);
      assert.notEqual(r.status, 303, `${path} ${box.name}: ${box.max + 1} characters were taken`);
      const msg = messageOf(r.text, box);
      assert.match(msg, new RegExp(`${box.max}个字`),
        `${path} ${box.name}: maxlength ${box.max} but the server says "${msg}"`);
      checked++;
    }
  }
  return checked;
}

async function signedIn(username) {
  const c = new Client();
  assert.equal((await c.login(username)).status, 303, `sign-in as ${username}`);
  return c;
}

test('public forms: each maxlength is the length the server checks', async () => {
  const c = new Client();
  let n = await checkPage(c, '/volunteer/register');
  n += await checkPage(c, '/volunteer/lookup');
  n += await checkPage(new Client(), '/login');
  const [[klass] = []] = await sql(`SELECT id FROM class WHERE status = 'open' AND deadline > NOW()
    ORDER BY id LIMIT 1`);
  if (klass) n += await checkPage(c, `/classes/${klass}`);
  assert.ok(n >= 5, `only ${n} boxes checked`);
});

test('staff forms: each maxlength is the length the server checks', async () => {
  const admin = await signedIn('admin');
  let n = await checkPage(admin, '/admin/staff/new');
  n += await checkPage(admin, '/admin/classes/new');
  n += await checkPage(admin, '/admin/service-types');
  const op = await signedIn('station1');
  n += await checkPage(op, '/station/elders/new');
  n += await checkPage(op, '/station/services/new');
  const [[service] = []] = await sql(`SELECT id FROM service WHERE station_id = ${F.S1} AND voided_at IS NULL
    AND service_date >= CURDATE() - INTERVAL 3 DAY ORDER BY id DESC LIMIT 1`);
  if (service) n += await checkPage(op, `/station/services/${service}/edit`);
  assert.ok(n >= 10, `only ${n} boxes checked`);
});
