import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import { HttpError } from '../http-error.ts';
import type { Logger } from '../logger.ts';
import type { Database } from '../db/database.ts';
import { createStaff } from './create-staff.ts';
import type { ScryptCost } from './scrypt-cost.ts';
import { createSetupCode, type SetupCode } from './setup-code.ts';

/**
 * The start-up hook that makes sure someone can become the first admin, without a
 * default password. With staff present it does nothing. With an empty staff table it
 * creates FABDESK_ADMIN_NAME/FABDESK_ADMIN_PASSWORD as admin when configured; otherwise
 * it prints a one-time setup code and returns it for `POST /auth/setup` (only the code's
 * hash stays in memory once the log line is written).
 */
export async function prepareFirstAdmin(
  db: Kysely<Database>,
  config: Pick<Config, 'firstAdmin'>,
  logger: Logger,
  cost?: ScryptCost,
): Promise<SetupCode | undefined> {
  const anyone = await db.selectFrom('staff').select('id').limit(1).executeTakeFirst();
  if (anyone) {
    if (config.firstAdmin) logger.info('FABDESK_ADMIN_NAME ignored: staff members exist already');
    return undefined;
  }
  if (config.firstAdmin) {
    try {
      const admin = await createStaff(
        db,
        {
          name: config.firstAdmin.name,
          email: null,
          role: 'admin',
          password: config.firstAdmin.password,
        },
        cost,
      );
      logger.info(
        `first admin "${admin.name}" created from FABDESK_ADMIN_NAME; remove FABDESK_ADMIN_PASSWORD from the environment`,
      );
      return undefined;
    } catch (error) {
      // Another process (a second server, `npm run staff:add`) got there first.
      if (!(error instanceof HttpError && error.code === 'conflict')) throw error;
      logger.info('FABDESK_ADMIN_NAME ignored: staff members exist already');
      return undefined;
    }
  }
  const { code, setup } = createSetupCode();
  logger.info(
    `No staff yet: create the first admin with setup code ${code} (POST /auth/setup or the PWA's sign-in screen)`,
  );
  return setup;
}
