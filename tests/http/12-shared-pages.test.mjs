// Shared pages (cgi/render.c, render_shared): the empty registration form is rendered once per responder
// thread and kept; each visitor's CSRF token is put in as it is sent. A kept page must never carry one
// visitor's token, input or message to another.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, csrfFrom } from './lib.mjs';

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
