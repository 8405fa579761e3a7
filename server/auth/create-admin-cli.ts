import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseConfig } from '../config.ts';
import { createMigrator } from '../db/migrator.ts';
import { openDatabase } from '../db/open-database.ts';
import { HttpError } from '../http-error.ts';
import { createLogger } from '../logger.ts';
import { StartupError } from '../startup-error.ts';
import { createStaff } from './create-staff.ts';
import { Password } from './password.ts';
import { readSecretLine } from './read-secret-line.ts';

// `npm run staff:add -- <name> [--email <address>] [--role admin|staff]`: adds a staff
// member (an admin unless --role staff) straight to the database, with the server's own
// configuration (DATABASE_URL, or the embedded cluster, which must not be running under
// a server at the same time). For the first admin on a scripted install, and for getting
// back in when every admin has forgotten their password. The password comes from
// FABDESK_STAFF_PASSWORD or stdin (typed without echo, or piped), never from argv, where
// other users of the machine could read it in the process list.

const usage =
  'usage: npm run staff:add -- <name> [--email <address>] [--role admin|staff]  (password on stdin or in FABDESK_STAFF_PASSWORD)';

function fail(message: string, exitCode: number): never {
  console.error(exitCode === 2 ? `${message}\n${usage}` : `fabdesk staff:add: ${message}`);
  process.exit(exitCode);
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: { email: { type: 'string' }, role: { type: 'string', default: 'admin' } },
  });
}
try {
  args = parse();
} catch (error) {
  fail(error instanceof Error ? error.message : String(error), 2);
}
const name = args.positionals.join(' ').trim();
if (name === '' || name.length > 100) fail('give the staff name (1 to 100 characters)', 2);
const role = z.enum(['admin', 'staff']).safeParse(args.values.role);
if (!role.success)
  fail(`--role must be admin or staff; got ${JSON.stringify(args.values.role)}`, 2);
const email = z.email().max(254).optional().safeParse(args.values.email);
if (!email.success)
  fail(`--email must be an email address; got ${JSON.stringify(args.values.email)}`, 2);

const typed =
  process.env.FABDESK_STAFF_PASSWORD ??
  (await readSecretLine(`Password for ${name}: `).catch(() => fail('aborted', 1)));
const password = Password.safeParse(typed);
if (!password.success)
  fail(`password ${password.error.issues[0]?.message ?? 'is not acceptable'}`, 1);

try {
  const config = parseConfig(process.env);
  const database = await openDatabase(config, createLogger(config.logLevel));
  try {
    const { pending } = await createMigrator(database.db).status();
    if (pending.length > 0)
      throw new StartupError(
        'migrations',
        `the database has ${pending.length} pending migrations; run npm run db:migrate -- latest first`,
      );
    const staff = await createStaff(database.db, {
      name,
      email: email.data ?? null,
      role: role.data,
      password: password.data,
    });
    console.log(`added ${staff.role} "${staff.name}" (${staff.id}) to ${database.description}`);
  } finally {
    await database.close();
  }
  process.exit(0);
} catch (error) {
  if (error instanceof StartupError || error instanceof HttpError) fail(error.message, 1);
  throw error;
}
