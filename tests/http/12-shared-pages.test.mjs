// Shared pages (cgi/render.c, render_shared): the empty registration form is rendered once per responder
// thread and kept; each visitor's CSRF token is put in as it is sent. The class list's rendering is kept
// under the digest of the rows it shows, and a thread reads the rows again at most a second after it last
// did. A kept page must never carry one visitor's token, input, message or enrolments to another, and a
// change shows within that second.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, csrfFrom, sql, sqlString } from './lib.mjs';
import { newClass, enrol, cancelByCode } from './classes-helpers.mjs';

const TOKEN = /name="csrf" value="([^"]*)"/g;
const tokensOf = (html) => [...html.matchAll(TOKEN)].map((m) => m[1]);
// The page with its tokens taken out: what every visitor must be given alike.
const withoutTokens = (html) => html.replace(TOKEN, 'name="csrf" value=""');

// More visitors than a responder has threads, at once, so that most are served a kept page.
const VISITORS = 90;

test('every visitor gets the same form with their own token, and only theirs', async () => {
  const clients = Array.from({ length: VISITORS }, () => new Client());
  const pages = await Promise.all(clients.map((c) => c.get('/volunteer/register')));
  const seen = new Set();
  let first;
  for (const [i, r] of pages.entries()) {
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('cache-control'), 'no-store', 'a shared page is still never stored by browsers');
    const tokens = tokensOf(r.text);
    assert.ok(tokens.length >= 1, 'the form carries a token');
    assert.equal(new Set(tokens).size, 1, 'one token per page');
    assert.match(tokens[0], /^[A-Za-z0-9_-]{43}$/);
    assert.ok(!seen.has(tokens[0]), `visitor ${i} got a token another visitor was given`);
    seen.add(tokens[0]);
    first ??= withoutTokens(r.text);
    assert.equal(withoutTokens(r.text), first, 'the page is the same for everyone apart from the token');
  }
  // Each token works with its own cookie and no other: a post with it is checked (422), not refused.
  for (let i = 0; i < VISITORS; i += 15) {
    const csrf = tokensOf(pages[i].text)[0];
    const own = await clients[i].post('/volunteer/register', { csrf, name: '' });
    assert.equal(own.status, 422, 'the token of the kept page belongs to its visitor');
    const other = await clients[(i + 1) % VISITORS].post('/volunteer/register', { csrf, name: '' });
    assert.equal(other.status, 403, 'and to no one else');
  }
});

test('what one visitor typed, and the messages they got, never reach another visitor', async () => {
  const a = new Client();
  const csrf = csrfFrom((await a.get('/volunteer/register')).text);
  const marker = `缓存检查${Date.now() % 100000}`;
  const r = await a.post('/volunteer/register', { csrf, name: marker, phone: '123', address: `${marker}地址` });
  assert.equal(r.status, 422);
  assert.ok(r.text.includes(marker), 'the re-rendered form keeps what was typed');
  assert.match(r.text, /aria-invalid/);
  const others = await Promise.all(Array.from({ length: 60 }, () => new Client().get('/volunteer/register')));
  for (const o of others) {
    assert.equal(o.status, 200);
    assert.ok(!o.text.includes(marker), 'another visitor does not see the name or address typed');
    assert.ok(!o.text.includes(csrf), 'nor the token');
    assert.doesNotMatch(o.text, /aria-invalid|class="errors"|role="alert"/, 'nor any message');
  }
  // And the first visitor, asking again, gets the empty form.
  const again = await a.get('/volunteer/register');
  assert.ok(!again.text.includes(marker));
  assert.equal(tokensOf(again.text)[0], csrf, 'with their own token');
});

// The line of the class called title on a list page: its seats, or undefined when it is not listed.
function seatsOf(html, title) {
  const at = html.indexOf(`<strong>${title}</strong>`);
  if (at < 0) return undefined;
  const m = /<span>(还剩 \d+ 个名额|名额已满，可以报名候补|[^<]*不再接受报名[^<]*|[^<]*截止[^<]*)<\/span><\/a>/.exec(html.slice(at));
  return m ? m[1] : undefined;
}

test('the kept class list is always the list of the moment, and never shows one visitor\'s enrolments to another', async () => {
  const title = `缓存课程${process.pid % 100000}`;
  // The soonest class of all, so that it is on the first page of the whole county's list.
  const id = await newClass({ title, capacity: 2, startsIn: '5 MINUTE', deadlineIn: '4 MINUTE' });
  // A thread shows the list it read up to a second earlier (page_classes): look after that.
  const look = async (n) => {
    await new Promise((ok) => setTimeout(ok, 1100));
    const pages = await Promise.all(Array.from({ length: n }, () => new Client().get('/classes')));
    return pages.map((r) => { assert.equal(r.status, 200); return r.text; });
  };
  try {
    // Many visitors at once: most are served a kept page.
    for (const html of await look(60)) assert.equal(seatsOf(html, title), '还剩 2 个名额');

    const first = await enrol(id);
    assert.equal(first.status, 303);
    // Once the second is over, no visitor is shown the kept page of before.
    for (const html of await look(60)) {
      assert.equal(seatsOf(html, title), '还剩 1 个名额', 'a seat taken shows within the second');
      assert.ok(!html.includes(first.code), 'no visitor sees the enrolment code of another');
      assert.doesNotMatch(html, /我的报名/, 'nor a list of enrolments');
    }
    // Its own visitor sees it under 我的报名 on the same list.
    const own = await first.client.get('/classes');
    assert.ok(own.text.includes(first.code), 'the visitor who enrolled finds the enrolment');
    assert.match(own.text, /我的报名/);
    assert.equal(seatsOf(own.text, title), '还剩 1 个名额');

    const second = await enrol(id);
    assert.equal(second.status, 303);
    for (const html of await look(40)) assert.equal(seatsOf(html, title), '名额已满，可以报名候补');
    assert.equal((await cancelByCode(second.code, second.client)).status, 303);
    for (const html of await look(40)) assert.equal(seatsOf(html, title), '还剩 1 个名额', 'a seat freed shows within the second');

    // The class edited in the database (as staff would): the new title shows within the second.
    await sql(`UPDATE class SET title = ${sqlString(`${title}改`)} WHERE id = ${id}`);
    for (const html of await look(40)) {
      assert.equal(seatsOf(html, title), undefined);
      assert.equal(seatsOf(html, `${title}改`), '还剩 1 个名额');
    }
  } finally {
    await sql(`UPDATE class SET status = 'cancelled' WHERE id = ${id}`);
  }
});
