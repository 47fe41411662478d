// The site answers at all: home page, health check, a 404, and the nosniff header.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from './lib.mjs';

test('home page is Chinese HTML', async () => {
  const res = await new Client().get('/');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/html;\s*charset=utf-8$/i);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.ok(res.text.includes('志愿者'), 'home page mentions 志愿者');
});

test('health check answers 200', async () => {
  const res = await new Client().get('/healthz');
  assert.equal(res.status, 200);
});

test('unknown page is 404', async () => {
  const res = await new Client().get('/no-such-page');
  assert.equal(res.status, 404);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
});
