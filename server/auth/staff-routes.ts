import { Hono } from 'hono';
import { sql } from 'kysely';
import { z } from 'zod';
import { HttpError } from '../http-error.ts';
import type { AuthEnv } from './auth-context.ts';
import type { AuthDeps } from './auth-deps.ts';
import { bodyText } from './body-text.ts';
import { createStaff } from './create-staff.ts';
import { hashPassword } from './hash-password.ts';
import { parseJsonBody } from './parse-json-body.ts';
import { Password } from './password.ts';
import { requireAdmin } from './require-admin.ts';
import { requireAuth } from './require-auth.ts';
import { setStaffActive } from './set-staff-active.ts';
import { uuidParam } from './uuid-param.ts';

const NewStaffBody = z.strictObject({
  name: bodyText(100),
  email: z.email('must be an email address').max(254).nullable().default(null),
  role: z.enum(['admin', 'staff'], 'must be "admin" or "staff"'),
  password: Password,
});

const PasswordBody = z.strictObject({ password: Password });

/**
 * `/staff` (admins only): adding staff members, deactivating and reactivating them, and
 * setting a new password. Staff rows replicate to devices by sync; credentials never do.
 */
export function staffRoutes(deps: AuthDeps): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.use(requireAuth(deps.db), requireAdmin);

  app.post('/', async (c) => {
    const body = await parseJsonBody(c, NewStaffBody);
    const staff = await createStaff(deps.db, body, deps.passwordCost);
    deps.logger.info(
      `staff member "${staff.name}" (${staff.role}) added by ${c.get('auth').staffName}`,
    );
    return c.json(staff, 201);
  });

  app.post('/:id/deactivate', async (c) => c.json(await setStaffActive(deps, uuidParam(c), false)));
  app.post('/:id/reactivate', async (c) => c.json(await setStaffActive(deps, uuidParam(c), true)));

  // Existing sign-ins stay: a password reset is for someone who forgot theirs; to lock a
  // person out, deactivate them (that revokes their tokens).
  app.post('/:id/password', async (c) => {
    const id = uuidParam(c);
    const body = await parseJsonBody(c, PasswordBody);
    const passwordHash = await hashPassword(body.password, deps.passwordCost);
    const updated = await deps.db
      .updateTable('staff_credentials')
      .set({ password_hash: passwordHash, updated_at: sql<Date>`now()` })
      .where('staff_id', '=', id)
      .executeTakeFirst();
    if (updated.numUpdatedRows === 0n)
      throw new HttpError('not-found', `no staff member with id ${id}`);
    return c.body(null, 204);
  });
  return app;
}
