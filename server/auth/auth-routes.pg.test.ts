import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Database } from '../db/database.ts';
import { createAuthTestKit } from './auth-test-kit.ts';
import { hashDeviceToken } from './hash-device-token.ts';
import { createSignInLimiter } from './sign-in-limiter.ts';

let kit: Awaited<ReturnType<typeof createAuthTestKit>>;

beforeAll(async () => {
  kit = await createAuthTestKit(inject('pgAdminUrl'));
  await kit.addStaff('Ada', 'admin', 'Ada password', 'ada@lab.example');
  await kit.addStaff('Grace', 'staff');
  await kit.addStaff('Linus', 'staff');
});
afterAll(async () => {
  await kit?.drop();
});

const me = (token: string) => kit.call('GET', '/auth/me', undefined, token);

describe('POST /auth/pair', () => {
  test('returns a token that authenticates as that staff member on the new workstation', async () => {
    const paired = await kit.pair('Grace');
    expect(paired.token).toMatch(/^[\w-]{43}$/);
    expect(paired.staff).toMatchObject({ name: 'Grace', role: 'staff' });
    expect(paired.workstation.name).toBe("Grace's tablet");
    const response = await me(paired.token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      staff: paired.staff,
      workstation: paired.workstation,
    });
  });

  test('accepts the email instead of the name, in any case', async () => {
    const paired = await kit.pair('ADA@lab.example', 'Ada password');
    expect(paired.staff.name).toBe('Ada');
  });

  test('a wrong password and an unknown name get the same 401', async () => {
    const wrong = await kit.call('POST', '/auth/pair', {
      name: 'Grace',
      password: 'not it at all',
      deviceName: 'x',
    });
    const unknown = await kit.call('POST', '/auth/pair', {
      name: 'Nobody',
      password: 'not it at all',
      deviceName: 'x',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const wrongBody = await wrong.json();
    expect(wrongBody).toEqual({
      error: { code: 'unauthorized', message: 'wrong name or password' },
    });
    expect(await unknown.json()).toEqual(wrongBody);
  });

  test('stores only the SHA-256 of the token', async () => {
    const { token, workstation } = await kit.pair('Linus');
    const rows = await kit.db.selectFrom('device_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
    const mine = rows.filter((r) => r.workstation_id === workstation.id);
    expect(mine.map((r) => r.token_hash)).toEqual([hashDeviceToken(token)]);
  });

  test.each([
    [{ password: 'Grace password', deviceName: 'x' }, 'name: is required'],
    [
      { name: 'Grace', password: 'Grace password', deviceName: '' },
      'deviceName: must not be empty',
    ],
    [{ name: 'Grace', password: 42, deviceName: 'x' }, 'password: must be a string'],
    [
      { name: 'Grace', password: 'Grace password', deviceName: 'x', role: 'admin' },
      'role: not an accepted field',
    ],
    ['{"name": "Grace",', 'the body must be a JSON object'],
    [[1, 2], 'body: '],
  ])('a malformed body %j is 400 naming the field', async (body, message) => {
    const response = await kit.call('POST', '/auth/pair', body);
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('bad-request');
    expect(error.message.startsWith(message)).toBe(true);
  });
});

describe('requireAuth', () => {
  test.each([
    undefined,
    'Bearer',
    'Bearer short',
    `Basic ${'a'.repeat(43)}`,
    `Bearer ${'a'.repeat(43)}`,
  ])('refuses the Authorization header %j with 401 and no data', async (header) => {
    const response = await kit.app.request(
      '/auth/me',
      header ? { headers: { authorization: header } } : {},
    );
    expect(response.status).toBe(401);
    expect(Object.keys((await response.json()) as object)).toEqual(['error']);
  });

  test('a signed-out (revoked) token is refused with 401 and no data', async () => {
    const { token } = await kit.pair('Grace');
    expect((await kit.call('POST', '/auth/sign-out', undefined, token)).status).toBe(204);
    const response = await me(token);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { code: 'unauthorized', message: 'sign in: this request has no valid device token' },
    });
  });

  test('an authenticated request costs one database query while the last use is fresh', async () => {
    let queries = 0;
    const counted = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: kit.url, max: 1 }) }),
      log: (event) => {
        if (event.level === 'query') queries++;
      },
    });
    try {
      const app = kit.makeApp({ db: counted });
      const { token } = await kit.pair('Grace');
      const get = () => app.request('/auth/me', { headers: { authorization: `Bearer ${token}` } });
      queries = 0;
      expect((await get()).status).toBe(200);
      expect(queries).toBe(2); // first use: the lookup, then the once-a-minute touch
      queries = 0;
      expect((await get()).status).toBe(200);
      expect(queries).toBe(1);
    } finally {
      await counted.destroy();
    }
  });

  test('records last use at most once a minute', async () => {
    const { token, workstation } = await kit.pair('Grace');
    const before = await kit.db
      .selectFrom('device_tokens')
      .select('last_used_at')
      .where('token_hash', '=', hashDeviceToken(token))
      .executeTakeFirstOrThrow();
    expect(before.last_used_at).toBeNull();
    await me(token);
    const seen = await kit.db
      .selectFrom('workstations')
      .select('last_seen_at')
      .where('id', '=', workstation.id)
      .executeTakeFirstOrThrow();
    expect(seen.last_seen_at).toBeInstanceOf(Date);
    // Pretend the last use was 30 s ago: the next request must not write again.
    await kit.db
      .updateTable('device_tokens')
      .set({ last_used_at: new Date(Date.now() - 30_000) })
      .where('token_hash', '=', hashDeviceToken(token))
      .execute();
    const thirtySecondsAgo = (
      await kit.db
        .selectFrom('device_tokens')
        .select('last_used_at')
        .where('token_hash', '=', hashDeviceToken(token))
        .executeTakeFirstOrThrow()
    ).last_used_at;
    await me(token);
    const after = await kit.db
      .selectFrom('device_tokens')
      .select('last_used_at')
      .where('token_hash', '=', hashDeviceToken(token))
      .executeTakeFirstOrThrow();
    expect(after.last_used_at).toEqual(thirtySecondsAgo);
    // Two minutes ago: now it is written.
    await kit.db
      .updateTable('device_tokens')
      .set({ last_used_at: new Date(Date.now() - 120_000) })
      .where('token_hash', '=', hashDeviceToken(token))
      .execute();
    await me(token);
    const written = await kit.db
      .selectFrom('device_tokens')
      .select('last_used_at')
      .where('token_hash', '=', hashDeviceToken(token))
      .executeTakeFirstOrThrow();
    expect(Date.now() - written.last_used_at!.getTime()).toBeLessThan(30_000);
  });
});

describe('POST /auth/sign-in (switching who uses a paired device)', () => {
  test('issues a token for the same workstation and revokes the old one', async () => {
    const grace = await kit.pair('Grace');
    const response = await kit.call(
      'POST',
      '/auth/sign-in',
      { name: 'Linus', password: 'Linus password' },
      grace.token,
    );
    expect(response.status).toBe(200);
    const linus = (await response.json()) as {
      token: string;
      workstation: { id: string };
      staff: { name: string };
    };
    expect(linus.workstation).toEqual(grace.workstation);
    expect(linus.staff.name).toBe('Linus');
    expect(linus.token).not.toBe(grace.token);
    expect((await me(grace.token)).status).toBe(401);
    const now = (await (await me(linus.token)).json()) as {
      staff: { name: string };
      workstation: { id: string };
    };
    expect(now.staff.name).toBe('Linus');
    expect(now.workstation.id).toBe(grace.workstation.id);
  });

  test('needs a paired device', async () => {
    const response = await kit.call('POST', '/auth/sign-in', {
      name: 'Linus',
      password: 'Linus password',
    });
    expect(response.status).toBe(401);
  });

  test('a wrong password leaves the current sign-in in place', async () => {
    const grace = await kit.pair('Grace');
    const response = await kit.call(
      'POST',
      '/auth/sign-in',
      { name: 'Linus', password: 'wrong password' },
      grace.token,
    );
    expect(response.status).toBe(401);
    expect((await me(grace.token)).status).toBe(200);
  });
});

describe('failed sign-in limit', () => {
  test('the 11th failure within a minute is 429, even with the right password; other names are unaffected', async () => {
    const app = kit.makeApp({
      signInLimiter: createSignInLimiter({ maxFailures: 10, windowMs: 60_000 }),
    });
    const pair = (name: string, password: string) =>
      app.request('/auth/pair', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, password, deviceName: 'kiosk' }),
      });
    for (let i = 0; i < 10; i++)
      expect((await pair('grace', `guess number ${i}`)).status).toBe(401);
    const limited = await pair('Grace', 'Grace password');
    expect(limited.status).toBe(429);
    const { error } = (await limited.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('too-many-requests');
    expect(error.message).toMatch(/try again in \d+ s/);
    expect((await pair('Linus', 'Linus password')).status).toBe(201);
  });
});
