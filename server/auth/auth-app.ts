import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { Logger } from '../logger.ts';
import type { AuthEnv } from './auth-context.ts';
import type { Database } from '../db/database.ts';
import { authRoutes } from './auth-routes.ts';
import { hashPassword } from './hash-password.ts';
import type { ScryptCost } from './scrypt-cost.ts';
import type { SetupCode } from './setup-code.ts';
import { createSignInLimiter, type SignInLimiter } from './sign-in-limiter.ts';
import { staffRoutes } from './staff-routes.ts';

/** What `createApp` (or a test) hands the auth routes. */
export interface AuthAppOptions {
  db: Kysely<Database>;
  logger: Logger;
  firstAdminSetup?: SetupCode | undefined;
  /** Tests pass a cheap cost; the server uses `defaultScryptCost`. */
  passwordCost?: ScryptCost;
  signInLimiter?: SignInLimiter;
}

/**
 * The auth and staff routes as one Hono app, mounted at the root of the server's app:
 * `/auth/*` (pairing, sign-in, setup, workstations) and `/staff/*` (staff management).
 * Errors are `HttpError`s for the parent app's `onError`.
 */
export function authApp(options: AuthAppOptions): Hono<AuthEnv> {
  let dummy: Promise<string> | undefined;
  const deps = {
    db: options.db,
    logger: options.logger,
    firstAdminSetup: options.firstAdminSetup,
    passwordCost: options.passwordCost,
    signInLimiter: options.signInLimiter ?? createSignInLimiter(),
    dummyPasswordHash: () => {
      dummy ??= hashPassword('not anybody’s password', options.passwordCost);
      return dummy;
    },
  };
  return new Hono<AuthEnv>().route('/auth', authRoutes(deps)).route('/staff', staffRoutes(deps));
}
