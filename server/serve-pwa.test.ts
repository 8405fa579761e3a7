import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { servePwa } from './serve-pwa.ts';

function builtApp() {
  const dir = mkdtempSync(join(tmpdir(), 'fabdesk-pwa-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>fabdesk</title>');
  writeFileSync(join(dir, 'sw.js'), 'self.x = 1;');
  writeFileSync(join(dir, 'manifest.webmanifest'), '{"name":"fabdesk"}');
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(tmpdir(), 'outside-secret.txt'), 'secret');
  const app = new Hono();
  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.use('*', servePwa(dir));
  app.notFound((c) => c.json({ error: { code: 'not-found', message: 'no route' } }, 404));
  return app;
}

describe('servePwa', () => {
  const app = builtApp();

  it('serves hashed assets as immutable and the shell, sw.js and manifest as no-cache', async () => {
    const asset = await app.request('/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    for (const [path, type] of [
      ['/', /html/],
      ['/sw.js', /javascript/],
      ['/manifest.webmanifest', /manifest\+json/],
    ] as const) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(type);
      expect(res.headers.get('cache-control'), path).toBe('no-cache');
    }
  });

  it('answers client routes with the app shell, but never API paths or missing files', async () => {
    const route = await app.request('/job/8f7c7a52-5b1e-4a57-9d64-0b0b8f5f1c11');
    expect(await route.text()).toContain('<title>fabdesk</title>');
    expect((await app.request('/jobs/8f7c7a52-5b1e-4a57-9d64-0b0b8f5f1c11')).status).toBe(404);
    expect((await app.request('/sync/jobs/nothing')).status).toBe(404);
    expect((await app.request('/auth/unknown')).status).toBe(404);
    expect((await app.request('/health')).status).toBe(200);
    const missing = await app.request('/assets/gone-123.js');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not-found' } });
  });

  it('never serves a file outside the build folder', async () => {
    for (const path of [
      '/../outside-secret.txt',
      '/%2e%2e/outside-secret.txt',
      '/..%2foutside-secret.txt',
    ]) {
      const res = await app.request(path);
      expect(await res.text(), path).not.toContain('secret');
    }
  });

  it('leaves other methods to the API', async () => {
    expect((await app.request('/', { method: 'POST' })).status).toBe(404);
  });
});
