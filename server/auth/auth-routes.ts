import { Hono } from 'hono';
import { sql } from 'kysely';
import { z } from 'zod';
import { HttpError } from '../http-error.ts';
import type { AuthEnv } from './auth-context.ts';
import type { AuthDeps } from './auth-deps.ts';
import { authenticateStaff } from './authenticate-staff.ts';
import { bearerTokenOf } from './bearer-token-of.ts';
import { bodyText } from './body-text.ts';
import { hashDeviceToken } from './hash-device-token.ts';
import { issueDeviceToken } from './issue-device-token.ts';
import { pairWorkstation } from './pair-workstation.ts';
import { parseJsonBody } from './parse-json-body.ts';
import { Password } from './password.ts';
import { requireAuth } from './require-auth.ts';
import { setupFirstAdmin } from './setup-first-admin.ts';
import { workstationRoutes } from './workstation-routes.ts';

const PairBody = z.strictObject({
  /** The staff member's name or email. */
  name: bodyText(254),
  password: bodyText(1000),
  deviceName: bodyText(100),
});

const SignInBody = z.strictObject({ name: bodyText(254), password: bodyText(1000) });

const SetupBody = z.strictObject({
  setupCode: bodyText(20),
  name: bodyText(100),
  email: z.email('must be an email address').max(254).nullable().default(null),
  password: Password,
  deviceName: bodyText(100),
});

/**
 * `/auth`: pairing a device, switching who is signed in on it, signing out, the first
 * admin's setup, and (admins) the workstation list. Pairing and setup answer the raw
 * token exactly once; every later request presents it as `Authorization: Bearer`.
 */
export function authRoutes(deps: AuthDeps): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  const auth = requireAuth(deps.db);

  app.post('/setup', async (c) => {
    const body = await parseJsonBody(c, SetupBody);
    return c.json(await setupFirstAdmin(deps, body), 201);
  });

  app.post('/pair', async (c) => {
    const body = await parseJsonBody(c, PairBody);
    const staff = await authenticateStaff(deps, body.name, body.password);
    const paired = await deps.db
      .transaction()
      .execute((trx) => pairWorkstation(trx, staff.id, body.deviceName));
    deps.logger.info(`workstation "${paired.workstation.name}" paired by ${staff.name}`);
    return c.json({ ...paired, staff }, 201);
  });

  // Two people sharing a tablet: the next one signs in on the same workstation and the
  // previous person's token stops working.
  app.post('/sign-in', auth, async (c) => {
    const body = await parseJsonBody(c, SignInBody);
    const staff = await authenticateStaff(deps, body.name, body.password);
    const { workstationId, workstationName } = c.get('auth');
    const presented = hashDeviceToken(bearerTokenOf(c.req.header('authorization'))!);
    const token = await deps.db.transaction().execute(async (trx) => {
      const revoked = await trx
        .updateTable('device_tokens')
        .set({ revoked_at: sql<Date>`now()` })
        .where('token_hash', '=', presented)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      // Signed out (or switched) concurrently: the token this request came with is gone.
      if (revoked.numUpdatedRows === 0n)
        throw new HttpError('unauthorized', 'sign in: this request has no valid device token');
      return issueDeviceToken(trx, workstationId, staff.id);
    });
    return c.json({ token, workstation: { id: workstationId, name: workstationName }, staff });
  });

  app.post('/sign-out', auth, async (c) => {
    const presented = hashDeviceToken(bearerTokenOf(c.req.header('authorization'))!);
    await deps.db
      .updateTable('device_tokens')
      .set({ revoked_at: sql<Date>`now()` })
      .where('token_hash', '=', presented)
      .where('revoked_at', 'is', null)
      .execute();
    return c.body(null, 204);
  });

  app.get('/me', auth, (c) => {
    const a = c.get('auth');
    return c.json({
      staff: { id: a.staffId, name: a.staffName, role: a.role },
      workstation: { id: a.workstationId, name: a.workstationName },
    });
  });

  app.route('/workstations', workstationRoutes(deps));
  return app;
}
