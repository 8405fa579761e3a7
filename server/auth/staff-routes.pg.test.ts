import type { Staff } from '@fabdesk/shared/models/staff.ts';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createAuthTestKit } from './auth-test-kit.ts';
import { verifyPassword } from './verify-password.ts';

let kit: Awaited<ReturnType<typeof createAuthTestKit>>;
let adminToken: string;
let staffToken: string;
let ada: Staff;

beforeAll(async () => {
  kit = await createAuthTestKit(inject('pgAdminUrl'));
  ada = await kit.addStaff('Ada', 'admin');
  await kit.addStaff('Grace', 'staff');
  adminToken = (await kit.pair('Ada')).token;
  staffToken = (await kit.pair('Grace')).token;
});
afterAll(async () => {
  await kit?.drop();
});

const addStaff = (body: unknown, token = adminToken) => kit.call('POST', '/staff', body, token);
const errorOf = async (response: Response) =>
  ((await response.json()) as { error: { code: string; message: string } }).error;

describe('admin-only routes', () => {
  const someId = '00000000-0000-4000-8000-000000000000';
  test.each([
    ['POST', '/staff', { name: 'Mallory', role: 'admin', password: 'mallory password' }],
    ['POST', `/staff/${someId}/deactivate`, undefined],
    ['POST', `/staff/${someId}/reactivate`, undefined],
    ['POST', `/staff/${someId}/password`, { password: 'mallory password' }],
    ['GET', '/auth/workstations', undefined],
    ['POST', `/auth/workstations/${someId}/revoke`, undefined],
  ])('%s %s is 403 for staff and 401 without a token', async (method, path, body) => {
    const asStaff = await kit.call(method, path, body, staffToken);
    expect(asStaff.status).toBe(403);
    expect(await errorOf(asStaff)).toEqual({
      code: 'forbidden',
      message: 'only an admin may do this',
    });
    expect((await kit.call(method, path, body)).status).toBe(401);
  });
  test('Mallory was never created', async () => {
    const found = await kit.db
      .selectFrom('staff')
      .select('id')
      .where('name', '=', 'Mallory')
      .execute();
    expect(found).toEqual([]);
  });
});

describe('POST /staff', () => {
  test('creates a member who can then pair; the stored hash is not the password but verifies it', async () => {
    const before = await kit.db
      .selectFrom('staff')
      .select((eb) => eb.fn.max('sync_seq').as('seq'))
      .executeTakeFirstOrThrow();
    const response = await addStaff({
      name: 'Linus',
      email: 'linus@lab.example',
      role: 'staff',
      password: 'penguin power',
    });
    expect(response.status).toBe(201);
    const linus = (await response.json()) as Staff;
    expect(linus).toMatchObject({
      name: 'Linus',
      email: 'linus@lab.example',
      role: 'staff',
      isActive: true,
      deactivatedAt: null,
    });
    const row = await kit.db
      .selectFrom('staff')
      .innerJoin('staff_credentials', 'staff_id', 'id')
      .selectAll()
      .where('id', '=', linus.id)
      .executeTakeFirstOrThrow();
    expect(row.sync_seq).toBeGreaterThan(Number(before.seq));
    expect(row.password_hash).not.toContain('penguin power');
    expect(await verifyPassword('penguin power', row.password_hash)).toBe(true);
    expect((await kit.pair('linus@lab.example', 'penguin power')).staff.id).toBe(linus.id);
  });

  test.each([
    [
      { name: 'Bo', role: 'staff', password: 'short' },
      'password: must be at least 10 characters long',
    ],
    [{ name: 'Bo', role: 'boss', password: 'long enough pw' }, 'role: must be "admin" or "staff"'],
    [
      { name: 'Bo', role: 'staff', password: 'long enough pw', email: 'bo' },
      'email: must be an email address',
    ],
    [{ name: '   ', role: 'staff', password: 'long enough pw' }, 'name: must not be empty'],
    [{ role: 'staff', password: 'long enough pw' }, 'name: is required'],
  ])('%j is 400: %s', async (body, message) => {
    const response = await addStaff(body);
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toEqual({ code: 'bad-request', message });
  });

  test('a name already taken (in any case) is 409', async () => {
    const response = await addStaff({ name: 'GRACE', role: 'staff', password: 'long enough pw' });
    expect(response.status).toBe(409);
    expect((await errorOf(response)).message).toBe('a staff member named "Grace" already exists');
  });
});

describe('deactivating and reactivating', () => {
  test("a deactivated member's tokens stop working and they cannot pair; reactivation does not revive old tokens", async () => {
    await kit.addStaff('Katherine', 'staff');
    const { token } = await kit.pair('Katherine');
    const row = await kit.db
      .selectFrom('staff')
      .select(['id', 'sync_seq'])
      .where('name', '=', 'Katherine')
      .executeTakeFirstOrThrow();
    const off = await kit.call('POST', `/staff/${row.id}/deactivate`, undefined, adminToken);
    expect(off.status).toBe(200);
    const offBody = (await off.json()) as Staff;
    expect(offBody.isActive).toBe(false);
    expect(offBody.deactivatedAt).not.toBeNull();
    const after = await kit.db
      .selectFrom('staff')
      .select('sync_seq')
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(BigInt(after.sync_seq)).toBeGreaterThan(BigInt(row.sync_seq));
    expect((await kit.call('GET', '/auth/me', undefined, token)).status).toBe(401);
    const pair = await kit.call('POST', '/auth/pair', {
      name: 'Katherine',
      password: 'Katherine password',
      deviceName: 'x',
    });
    expect(pair.status).toBe(401);
    expect((await errorOf(pair)).message).toBe('wrong name or password');

    const on = await kit.call('POST', `/staff/${row.id}/reactivate`, undefined, adminToken);
    expect(((await on.json()) as Staff).isActive).toBe(true);
    expect((await kit.call('GET', '/auth/me', undefined, token)).status).toBe(401);
    expect((await kit.pair('Katherine')).staff.id).toBe(row.id);
  });

  test('a token of a member made inactive by any path (e.g. sync) is refused, though the token row is live', async () => {
    const edsger = await kit.addStaff('Edsger', 'staff');
    const { token } = await kit.pair('Edsger');
    expect((await kit.call('GET', '/auth/me', undefined, token)).status).toBe(200);
    await kit.db
      .updateTable('staff')
      .set({ is_active: false })
      .where('id', '=', edsger.id)
      .execute();
    expect((await kit.call('GET', '/auth/me', undefined, token)).status).toBe(401);
  });

  test('the last active admin cannot be deactivated', async () => {
    const response = await kit.call('POST', `/staff/${ada.id}/deactivate`, undefined, adminToken);
    expect(response.status).toBe(409);
    expect((await kit.call('GET', '/auth/me', undefined, adminToken)).status).toBe(200);
  });

  test('a malformed id is 400 naming it; an unknown one 404', async () => {
    const bad = await kit.call('POST', '/staff/42/deactivate', undefined, adminToken);
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).message).toMatch(/^id: must be a lower-case UUID/);
    const unknown = await kit.call(
      'POST',
      '/staff/00000000-0000-4000-8000-000000000000/reactivate',
      undefined,
      adminToken,
    );
    expect(unknown.status).toBe(404);
  });
});

describe('POST /staff/:id/password', () => {
  test('the new password works and the old one no longer does', async () => {
    const dora = await kit.addStaff('Dora', 'staff');
    const response = await kit.call(
      'POST',
      `/staff/${dora.id}/password`,
      { password: 'a brand new one' },
      adminToken,
    );
    expect(response.status).toBe(204);
    const old = await kit.call('POST', '/auth/pair', {
      name: 'Dora',
      password: 'Dora password',
      deviceName: 'x',
    });
    expect(old.status).toBe(401);
    expect((await kit.pair('Dora', 'a brand new one')).staff.id).toBe(dora.id);
  });

  test('a short password is 400 naming the field', async () => {
    const response = await kit.call(
      'POST',
      `/staff/${ada.id}/password`,
      { password: '123' },
      adminToken,
    );
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toBe('password: must be at least 10 characters long');
  });
});

describe('/auth/workstations', () => {
  test('lists paired devices with who is signed in; revoking one ends its tokens', async () => {
    const paired = await kit.pair('Grace', 'Grace password', 'front desk');
    const list = await kit.call('GET', '/auth/workstations', undefined, adminToken);
    expect(list.status).toBe(200);
    const rows = (await list.json()) as {
      id: string;
      name: string;
      revokedAt: string | null;
      signedIn: { name: string } | null;
    }[];
    expect(rows.find((r) => r.id === paired.workstation.id)).toMatchObject({
      name: 'front desk',
      revokedAt: null,
      signedIn: { name: 'Grace' },
    });

    const revoke = await kit.call(
      'POST',
      `/auth/workstations/${paired.workstation.id}/revoke`,
      undefined,
      adminToken,
    );
    expect(revoke.status).toBe(200);
    expect((await kit.call('GET', '/auth/me', undefined, paired.token)).status).toBe(401);
    const tokens = await kit.db
      .selectFrom('device_tokens')
      .select('revoked_at')
      .where('workstation_id', '=', paired.workstation.id)
      .execute();
    expect(tokens.every((t) => t.revoked_at !== null)).toBe(true);
    const again = (await (
      await kit.call('GET', '/auth/workstations', undefined, adminToken)
    ).json()) as typeof rows;
    expect(again.find((r) => r.id === paired.workstation.id)).toMatchObject({ signedIn: null });
    expect(again.find((r) => r.id === paired.workstation.id)?.revokedAt).not.toBeNull();
  });

  test('a revoked workstation stays refused even if a live token row remained', async () => {
    const paired = await kit.pair('Grace');
    await kit.db
      .updateTable('workstations')
      .set({ revoked_at: new Date() })
      .where('id', '=', paired.workstation.id)
      .execute();
    expect((await kit.call('GET', '/auth/me', undefined, paired.token)).status).toBe(401);
  });

  test('revoking an unknown workstation is 404', async () => {
    const response = await kit.call(
      'POST',
      '/auth/workstations/00000000-0000-4000-8000-000000000000/revoke',
      undefined,
      adminToken,
    );
    expect(response.status).toBe(404);
  });
});
