import type { StaffRole } from '@fabdesk/shared/models/staff.ts';
import { Hono } from 'hono';
import { createMigrator } from '../db/migrator.ts';
import { createTestDatabase, type TestDatabase } from '../db/test-database.ts';
import { HttpError } from '../http-error.ts';
import { createLogger } from '../logger.ts';
import { type AuthAppOptions, authApp } from './auth-app.ts';
import type { Database } from '../db/database.ts';
import { createStaff } from './create-staff.ts';

/** scrypt at a test-friendly cost: the real algorithm, a thirty-second of the work. */
export const cheapCost = { N: 2 ** 10, r: 8, p: 1 };

/**
 * For auth `.pg.test.ts` files: a migrated database of their own, a Hono app with the
 * auth routes and an `onError` that answers `HttpError`s as the server's does, and
 * shortcuts for adding staff and pairing.
 */
export async function createAuthTestKit(adminUrl: string) {
  const database: TestDatabase<Database> = await createTestDatabase(adminUrl);
  await createMigrator(database.db).latest();
  const logged: string[] = [];
  const logger = createLogger('debug', { out: (l) => logged.push(l), err: (l) => logged.push(l) });

  const makeApp = (options: Partial<AuthAppOptions> = {}) => {
    const app = new Hono();
    app.route('/', authApp({ db: database.db, logger, passwordCost: cheapCost, ...options }));
    app.onError((error, c) => {
      if (error instanceof HttpError)
        return c.json({ error: { code: error.code, message: error.message } }, error.status);
      throw error;
    });
    return app;
  };
  const app = makeApp();

  const call = (method: string, path: string, body?: unknown, token?: string) =>
    app.request(path, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });

  return {
    url: database.url,
    db: database.db,
    logged,
    logger,
    app,
    makeApp,
    call,
    drop: () => database.drop(),
    addStaff: (
      name: string,
      role: StaffRole,
      password = `${name} password`,
      email: string | null = null,
    ) => createStaff(database.db, { name, email, role, password }, cheapCost),
    /** Pairs a new device for `name` and returns its token. */
    pair: async (name: string, password = `${name} password`, deviceName = `${name}'s tablet`) => {
      const response = await call('POST', '/auth/pair', { name, password, deviceName });
      if (response.status !== 201) throw new Error(`pair failed: ${await response.text()}`);
      return (await response.json()) as {
        token: string;
        workstation: { id: string; name: string };
        staff: { id: string; name: string; role: StaffRole };
      };
    },
  };
}
