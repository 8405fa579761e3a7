import { Hono } from 'hono';
import { sql } from 'kysely';
import { HttpError } from '../http-error.ts';
import type { AuthEnv } from './auth-context.ts';
import type { AuthDeps } from './auth-deps.ts';
import { requireAdmin } from './require-admin.ts';
import { requireAuth } from './require-auth.ts';
import { uuidParam } from './uuid-param.ts';

/**
 * `/auth/workstations` (admins only): every paired device with who is signed in on it,
 * and revoking one — its workstation row and all its tokens, so the device's next
 * request gets 401 and it must be paired again.
 */
export function workstationRoutes(deps: AuthDeps): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.use(requireAuth(deps.db), requireAdmin);

  app.get('/', async (c) => {
    const rows = await deps.db
      .selectFrom('workstations as w')
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom('device_tokens as t')
            .innerJoin('staff as s', 's.id', 't.staff_id')
            .select(['s.id as staff_id', 's.name as staff_name'])
            .whereRef('t.workstation_id', '=', 'w.id')
            .where('t.revoked_at', 'is', null)
            .orderBy('t.created_at', 'desc')
            .limit(1)
            .as('current'),
        (join) => join.onTrue(),
      )
      .selectAll('w')
      .select(['current.staff_id', 'current.staff_name'])
      .orderBy('w.created_at')
      .execute();
    return c.json(
      rows.map((r) => ({
        id: r.id,
        name: r.name,
        pairedBy: r.paired_by,
        createdAt: r.created_at.toISOString(),
        lastSeenAt: r.last_seen_at?.toISOString() ?? null,
        revokedAt: r.revoked_at?.toISOString() ?? null,
        signedIn: r.staff_id ? { id: r.staff_id, name: r.staff_name } : null,
      })),
    );
  });

  app.post('/:id/revoke', async (c) => {
    const id = uuidParam(c);
    const revokedAt = await deps.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('workstations')
        .set({ revoked_at: sql<Date>`coalesce(revoked_at, now())` })
        .where('id', '=', id)
        .returning('revoked_at')
        .executeTakeFirst();
      if (!row) throw new HttpError('not-found', `no workstation with id ${id}`);
      await trx
        .updateTable('device_tokens')
        .set({ revoked_at: sql<Date>`now()` })
        .where('workstation_id', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
      return row.revoked_at;
    });
    deps.logger.info(`workstation ${id} revoked by ${c.get('auth').staffName}`);
    return c.json({ id, revokedAt: revokedAt?.toISOString() ?? null });
  });
  return app;
}
