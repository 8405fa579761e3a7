import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createApp } from '../app.ts';
import { createMigrator } from '../db/migrator.ts';
import { createAuthTestKit } from './auth-test-kit.ts';
import { createSetupCode } from './setup-code.ts';

// The auth routes as the server mounts them: through createApp, its onError and 404s,
// with the default scrypt cost.
let kit: Awaited<ReturnType<typeof createAuthTestKit>>;

beforeAll(async () => {
  kit = await createAuthTestKit(inject('pgAdminUrl'));
});
afterAll(async () => {
  await kit?.drop();
});

describe('auth inside createApp', () => {
  test('setup, then pairing and /auth/me, with errors in the server-wide shape', async () => {
    const { code, setup } = createSetupCode();
    const app = createApp({
      db: kit.db,
      migrator: createMigrator(kit.db),
      version: 'test',
      logger: kit.logger,
      firstAdminSetup: setup,
    });
    const post = (path: string, body: unknown) =>
      app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const created = await post('/auth/setup', {
      setupCode: code,
      name: 'Ada',
      password: 'first admin pw',
      deviceName: 'office PC',
    });
    expect(created.status).toBe(201);
    const paired = await post('/auth/pair', {
      name: 'Ada',
      password: 'first admin pw',
      deviceName: 'tablet',
    });
    expect(paired.status).toBe(201);
    const { token } = (await paired.json()) as { token: string };
    const me = await app.request('/auth/me', { headers: { authorization: `Bearer ${token}` } });
    expect(((await me.json()) as { workstation: { name: string } }).workstation.name).toBe(
      'tablet',
    );

    const anonymous = await app.request('/auth/me');
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe(
      'unauthorized',
    );
    const missing = await app.request('/auth/nothing-here');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not-found');
  });
});
