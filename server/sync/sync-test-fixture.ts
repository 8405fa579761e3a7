import { randomUUID } from 'node:crypto';
import type { Hono, MiddlewareHandler } from 'hono';
import { type Kysely, sql } from 'kysely';
import { newJob as createJob } from '@fabdesk/shared/models/new-job.ts';
import { PROTOCOL_HEADER, SYNC_PROTOCOL_VERSION } from '@fabdesk/sync/protocol-version.ts';
import { createApp } from '../app.ts';
import type { AuthContext, AuthEnv } from '../auth/auth-context.ts';
import { createMigrator } from '../db/migrator.ts';
import { createLogger } from '../logger.ts';
import type { Database } from '../db/database.ts';

/** Test helper: a staff member signed in on a workstation, rows included. */
export async function addDevice(
  db: Kysely<Database>,
  name: string,
  role: 'admin' | 'staff' = 'staff',
): Promise<AuthContext> {
  const staffId = randomUUID();
  const workstationId = randomUUID();
  await db.insertInto('staff').values({ id: staffId, name, role }).execute();
  await db
    .insertInto('workstations')
    .values({ id: workstationId, name: `${name}'s tablet`, paired_by: staffId })
    .execute();
  return { staffId, staffName: name, role, workstationId, workstationName: `${name}'s tablet` };
}

/** Test helper: gives `auth`'s workstation the job's lease with `token` (as the lease module would). */
export async function holdLease(
  db: Kysely<Database>,
  jobId: string,
  auth: AuthContext,
  token: number,
) {
  await sql`insert into job_leases (job_id, holder_workstation_id, holder_staff_id, holder_name,
      fencing_token, acquired_at, expires_at)
    values (${jobId}, ${auth.workstationId}, ${auth.staffId}, ${auth.staffName}, ${token}, now(), now() + interval '2 minutes')
    on conflict (job_id) do update set holder_workstation_id = excluded.holder_workstation_id,
      holder_staff_id = excluded.holder_staff_id, holder_name = excluded.holder_name,
      fencing_token = excluded.fencing_token, expires_at = excluded.expires_at`.execute(db);
}

/**
 * The real app with the sync routes mounted behind a stand-in for `requireAuth` that
 * takes the device from the `x-test-device` header (the auth module has its own tests).
 */
export function syncTestApp(db: Kysely<Database>, devices: Map<string, AuthContext>): Hono {
  const testAuth: MiddlewareHandler<AuthEnv> = async (c, next) => {
    const auth = devices.get(c.req.header('x-test-device') ?? '');
    if (!auth) return c.json({ error: { code: 'unauthorized', message: 'no device' } }, 401);
    c.set('auth', auth);
    await next();
  };
  return createApp({
    db,
    migrator: createMigrator(db),
    version: 'test',
    logger: createLogger('error'),
    authenticate: testAuth,
  });
}

export const syncHeaders = (device: string) => ({
  'content-type': 'application/json',
  [PROTOCOL_HEADER]: String(SYNC_PROTOCOL_VERSION),
  'x-test-device': device,
});

/** A valid new job document (state NEW, no lease) with one layer, as pushed on the wire. */
export function newJob(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const job = createJob({
    id: randomUUID(),
    name: 'Test plot',
    priority: 0,
    dueAt: null,
    notes: null,
    now: new Date(),
  });
  const layer = {
    id: randomUUID(),
    name: 'black',
    orderIndex: 0,
    penId: null,
    colorHex: '#000000',
    pauseBefore: false,
    skip: false,
    stats: null,
    planned: false,
  };
  return { ...job, layers: [layer], _deleted: false, ...overrides };
}
