import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createAuthTestKit } from './auth-test-kit.ts';
import { prepareFirstAdmin } from './prepare-first-admin.ts';
import type { SetupCode } from './setup-code.ts';
import { verifyPassword } from './verify-password.ts';

let kit: Awaited<ReturnType<typeof createAuthTestKit>>;

beforeAll(async () => {
  kit = await createAuthTestKit(inject('pgAdminUrl'));
});
afterAll(async () => {
  await kit?.drop();
});

const logLine =
  /No staff yet: create the first admin with setup code ([0-9A-Z]{4}-[0-9A-Z]{4}) \(POST \/auth\/setup or the PWA's sign-in screen\)$/;

function setupBody(setupCode: string, name = 'Ada') {
  return {
    setupCode,
    name,
    email: 'ada@lab.example',
    password: 'first admin pw',
    deviceName: 'office PC',
  };
}

describe('first admin by setup code', () => {
  let setup: SetupCode | undefined;
  let code = '';

  test('an empty staff table at start prints a setup code once', async () => {
    setup = await prepareFirstAdmin(kit.db, { firstAdmin: undefined }, kit.logger);
    const lines = kit.logged.filter((l) => logLine.test(l));
    expect(lines).toHaveLength(1);
    code = logLine.exec(lines[0]!)![1]!;
    expect(setup).toBeDefined();
  });

  test('a wrong code is refused and creates nobody', async () => {
    const app = kit.makeApp({ firstAdminSetup: setup });
    const wrong = code === 'AAAA-AAAA' ? 'BBBB-BBBB' : 'AAAA-AAAA';
    const response = await app.request('/auth/setup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(setupBody(wrong)),
    });
    expect(response.status).toBe(401);
    expect(await kit.db.selectFrom('staff').selectAll().execute()).toEqual([]);
  });

  test('a too-short password is 400 naming the field, and the code stays usable', async () => {
    const app = kit.makeApp({ firstAdminSetup: setup });
    const response = await app.request('/auth/setup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...setupBody(code), password: 'short' }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
      'password: must be at least 10 characters long',
    );
  });

  test('the right code creates an admin and pairs the calling device in one go', async () => {
    const app = kit.makeApp({ firstAdminSetup: setup });
    const response = await app.request('/auth/setup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(setupBody(code.toLowerCase())),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as {
      token: string;
      workstation: { name: string };
      staff: { name: string; role: string };
    };
    expect(body.staff).toMatchObject({ name: 'Ada', role: 'admin' });
    expect(body.workstation.name).toBe('office PC');
    const me = await app.request('/auth/me', {
      headers: { authorization: `Bearer ${body.token}` },
    });
    expect(((await me.json()) as { staff: { role: string } }).staff.role).toBe('admin');
    const row = await kit.db
      .selectFrom('staff_credentials')
      .select('password_hash')
      .executeTakeFirstOrThrow();
    expect(await verifyPassword('first admin pw', row.password_hash)).toBe(true);
  });

  test('works only once: the same code again is 409 and creates nobody', async () => {
    const app = kit.makeApp({ firstAdminSetup: setup });
    const response = await app.request('/auth/setup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(setupBody(code, 'Eve')),
    });
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('conflict');
    expect(await kit.db.selectFrom('staff').select('name').execute()).toEqual([{ name: 'Ada' }]);
  });

  test('with staff present, start-up prints no code and ignores FABDESK_ADMIN_NAME', async () => {
    kit.logged.length = 0;
    const again = await prepareFirstAdmin(
      kit.db,
      { firstAdmin: { name: 'Eve', password: 'eve password' } },
      kit.logger,
    );
    expect(again).toBeUndefined();
    expect(kit.logged.some((l) => logLine.test(l))).toBe(false);
    expect(kit.logged.join('\n')).toContain(
      'FABDESK_ADMIN_NAME ignored: staff members exist already',
    );
    expect(await kit.db.selectFrom('staff').select('name').execute()).toEqual([{ name: 'Ada' }]);
  });
});

describe('first admin from FABDESK_ADMIN_NAME / FABDESK_ADMIN_PASSWORD', () => {
  test('an empty staff table gets that admin at start, and no setup code', async () => {
    const other = await createAuthTestKit(inject('pgAdminUrl'));
    try {
      const setup = await prepareFirstAdmin(
        other.db,
        { firstAdmin: { name: 'Grace', password: 'grace password' } },
        other.logger,
      );
      expect(setup).toBeUndefined();
      expect(other.logged.some((l) => logLine.test(l))).toBe(false);
      const staff = await other.db.selectFrom('staff').select(['name', 'role']).execute();
      expect(staff).toEqual([{ name: 'Grace', role: 'admin' }]);
      expect((await other.pair('Grace', 'grace password')).staff.role).toBe('admin');
    } finally {
      await other.drop();
    }
  });
});
