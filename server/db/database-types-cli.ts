import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createDatabase } from './create-database.ts';
import { databaseTypesFile, generateDatabaseTypes } from './generate-database-types.ts';
import { createMigrator } from './migrator.ts';
import { startEmbeddedPostgres } from './start-embedded-postgres.ts';

// `npm run db:types`: rewrites server/db/database.ts from migrations/ after a schema change.
// It migrates a throw-away embedded cluster, never the configured database: the types must
// say what the migrations create, not what some database happens to hold.

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const parent = await mkdtemp(join(tmpdir(), 'fabdesk-db-types-'));
try {
  // As root the cluster runs as the `postgres` user, which must enter this folder.
  await chmod(parent, 0o755);
  const cluster = await startEmbeddedPostgres({
    dataDir: join(parent, 'data'),
    port: await freePort(),
  });
  const db = createDatabase<unknown>(cluster.url, { connectTimeoutMs: 5000 });
  try {
    const applied = await createMigrator(db).latest();
    await writeFile(databaseTypesFile, await generateDatabaseTypes(db));
    console.log(
      `${relative(process.cwd(), databaseTypesFile)} written from ${applied.length} migrations`,
    );
  } finally {
    await db.destroy();
    await cluster.stop();
  }
} finally {
  await rm(parent, { recursive: true, force: true });
}
