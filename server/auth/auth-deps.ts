import type { Kysely } from 'kysely';
import type { Logger } from '../logger.ts';
import type { Database } from '../db/database.ts';
import type { ScryptCost } from './scrypt-cost.ts';
import type { SetupCode } from './setup-code.ts';
import type { SignInLimiter } from './sign-in-limiter.ts';

/** What the auth and staff routes need; `authApp` fills in the defaults. */
export interface AuthDeps {
  db: Kysely<Database>;
  logger: Logger;
  /** Present while the server was started with an empty staff table (`prepareFirstAdmin`). */
  firstAdminSetup: SetupCode | undefined;
  passwordCost: ScryptCost | undefined;
  /** Failed sign-ins per lower-cased name; failed setup codes under the key "setup". */
  signInLimiter: SignInLimiter;
  /** Verified when a name is unknown, so that costs as much as a wrong password. */
  dummyPasswordHash: () => Promise<string>;
}
