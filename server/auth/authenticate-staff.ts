import { HttpError } from '../http-error.ts';
import type { AuthDeps } from './auth-deps.ts';
import { type CheckedStaff, checkCredentials } from './check-credentials.ts';

/** The one message for an unknown name, a deactivated member and a wrong password. */
export const wrongCredentialsMessage = 'wrong name or password';

/**
 * `checkCredentials` behind the per-name failure limit: 429 `too-many-requests` once a
 * name has failed too often in the last minute, 401 `unauthorized` for any wrong pair.
 */
export async function authenticateStaff(
  deps: AuthDeps,
  login: string,
  password: string,
): Promise<CheckedStaff> {
  const key = login.trim().toLowerCase();
  // Security: the limit is checked before the password, so a locked-out name gets no
  // oracle (a right password during the lock-out is refused like a wrong one).
  const waitMs = deps.signInLimiter.retryAfterMs(key);
  if (waitMs > 0)
    throw new HttpError(
      'too-many-requests',
      `too many failed sign-ins for this name; try again in ${Math.ceil(waitMs / 1000)} s`,
    );
  const staff = await checkCredentials(deps.db, login, password, await deps.dummyPasswordHash());
  if (!staff) {
    deps.signInLimiter.recordFailure(key);
    throw new HttpError('unauthorized', wrongCredentialsMessage);
  }
  deps.signInLimiter.reset(key);
  return staff;
}
