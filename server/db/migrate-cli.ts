import { parseConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { StartupError } from '../startup-error.ts';
import { createMigrator } from './migrator.ts';
import { openDatabase } from './open-database.ts';

// `npm run db:migrate -- latest|up|down|status`: the same configuration as the server,
// so with no DATABASE_URL it starts the embedded cluster, migrates, and stops it again.
const commands = ['latest', 'up', 'down', 'status'] as const;
type Command = (typeof commands)[number];

const usage = `usage: npm run db:migrate -- ${commands.join('|')}`;

async function run(command: Command): Promise<void> {
  const config = parseConfig(process.env);
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config, logger);
  try {
    const migrator = createMigrator(database.db);
    console.log(`database: ${database.description}`);
    if (command === 'status') {
      const { applied, pending } = await migrator.status();
      for (const name of applied) console.log(`applied  ${name}`);
      for (const name of pending) console.log(`pending  ${name}`);
      console.log(`${applied.length} applied, ${pending.length} pending`);
      return;
    }
    const names = await migrator[command]();
    const verb = command === 'down' ? 'reverted' : 'applied';
    for (const name of names) console.log(`${verb} ${name}`);
    if (names.length === 0)
      console.log(command === 'down' ? 'nothing to revert' : 'nothing to apply');
  } finally {
    await database.close();
  }
}

const command = process.argv[2];
if (!commands.includes(command as Command) || process.argv.length > 3) {
  console.error(usage);
  process.exit(2);
}
try {
  await run(command as Command);
  process.exit(0);
} catch (error) {
  if (!(error instanceof StartupError)) throw error;
  console.error(`fabdesk db:migrate: ${error.message}`);
  process.exit(1);
}
