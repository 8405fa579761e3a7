import { HttpError } from '../http-error.ts';
import type { AuthDeps } from './auth-deps.ts';
import { hashPassword } from './hash-password.ts';
import { insertStaff } from './insert-staff.ts';
import { lockStaffSync } from './lock-staff-sync.ts';
import { type PairedWorkstation, pairWorkstation } from './pair-workstation.ts';

/** What `POST /auth/setup` carries (validated by the route). */
export interface FirstAdminRequest {
  setupCode: string;
  name: string;
  email: string | null;
  password: string;
  deviceName: string;
}

const closedMessage = 'setup is closed: staff members exist already; sign in instead';

/**
 * Creates the first admin and pairs the calling device, in one transaction, if and only
 * if the staff table is empty and the setup code printed at start matches.
 */
export async function setupFirstAdmin(
  deps: AuthDeps,
  request: FirstAdminRequest,
): Promise<PairedWorkstation & { staff: { id: string; name: string; role: 'admin' } }> {
  // Security: order matters. "Closed" first (it reveals nothing secret), then the failure
  // limit, then the code; the emptiness check is repeated under the lock below so two
  // racing setups cannot both create an admin.
  if (await hasStaff(deps)) throw new HttpError('conflict', closedMessage);
  const waitMs = deps.signInLimiter.retryAfterMs('setup');
  if (waitMs > 0)
    throw new HttpError(
      'too-many-requests',
      `too many wrong setup codes; try again in ${Math.ceil(waitMs / 1000)} s`,
    );
  const setup = deps.firstAdminSetup;
  if (!setup?.matches(request.setupCode)) {
    deps.signInLimiter.recordFailure('setup');
    throw new HttpError(
      'unauthorized',
      'wrong setup code: use the one in the server log line "No staff yet: ..."',
    );
  }
  const passwordHash = await hashPassword(request.password, deps.passwordCost);
  const paired = await deps.db.transaction().execute(async (trx) => {
    await lockStaffSync(trx);
    if (await hasStaff({ db: trx })) throw new HttpError('conflict', closedMessage);
    const staff = await insertStaff(trx, {
      name: request.name,
      email: request.email,
      role: 'admin',
      passwordHash,
    });
    const pairing = await pairWorkstation(trx, staff.id, request.deviceName);
    return { ...pairing, staff: { id: staff.id, name: staff.name, role: 'admin' as const } };
  });
  setup.spend();
  deps.logger.info(`first admin "${paired.staff.name}" created with the setup code`);
  return paired;
}

async function hasStaff({ db }: Pick<AuthDeps, 'db'>): Promise<boolean> {
  return (await db.selectFrom('staff').select('id').limit(1).executeTakeFirst()) !== undefined;
}
