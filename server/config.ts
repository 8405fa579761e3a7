import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { minPasswordLength } from './auth/password.ts';
import { LogLevel } from './logger.ts';
import { StartupError } from './startup-error.ts';

/** The server's settings, parsed once from the environment by `parseConfig`. */
export interface Config {
  port: number;
  host: string;
  /** Unset: the server runs its own embedded Postgres in `<dataDir>/pg`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** The built PWA the server serves (`npm run build` writes apps/pwa/dist). */
  pwaDir: string;
  embeddedPgPort: number;
  databaseConnectTimeoutMs: number;
  logLevel: LogLevel;
  /** FABDESK_ADMIN_NAME + FABDESK_ADMIN_PASSWORD: the first admin, made at start if no staff exist. */
  firstAdmin: { name: string; password: string } | undefined;
  /** runs: the largest upload `POST /jobs` accepts (the whole multipart body), bytes. */
  maxUploadBytes: number;
  /** runs: how many conversion/simulation worker processes may run at once. */
  runConcurrency: number;
  /** runs: how long a cancelled run's process group gets after SIGTERM before SIGKILL, ms. */
  runCancelGraceMs: number;
}

const repoRoot = resolve(import.meta.dirname, '..');

// `.env` files and shells often leave a variable present but empty; that means "unset".
const emptyIsUnset = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const tcpPort = z
  .string()
  .trim()
  .regex(/^\d+$/)
  .transform(Number)
  .pipe(z.number().int().min(1).max(65_535));

const wholeNumber = (min: number, max: number) =>
  z.string().trim().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(min).max(max));

// Half the cores, at least one: a worker uses one core flat out, the server needs the rest.
const defaultRunConcurrency = Math.max(1, Math.floor(availableParallelism() / 2));

const postgresUrl = z
  .string()
  .trim()
  .refine((value) => {
    if (!URL.canParse(value)) return false;
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
  });

/**
 * One entry per environment variable; the description is the "expected" half of the
 * error message. `.env.example` documents the same variables (a test keeps them in step).
 */
const envSchema = z.object({
  PORT: z
    .preprocess(emptyIsUnset, tcpPort.default(8787))
    .describe('a TCP port number from 1 to 65535'),
  HOST: z
    .preprocess(emptyIsUnset, z.string().trim().default('127.0.0.1'))
    .describe('a host name or IP address to listen on'),
  DATABASE_URL: z
    .preprocess(emptyIsUnset, postgresUrl.optional())
    .describe('a postgres:// URL with a host, e.g. postgres://user:pass@127.0.0.1:5432/fabdesk'),
  FABDESK_DATA_DIR: z
    .preprocess(emptyIsUnset, z.string().default(resolve(repoRoot, '.fabdesk')))
    .describe('a folder path'),
  FABDESK_PWA_DIR: z
    .preprocess(emptyIsUnset, z.string().default(resolve(repoRoot, 'apps/pwa/dist')))
    .describe('a folder path'),
  FABDESK_EMBEDDED_PG_PORT: z
    .preprocess(emptyIsUnset, tcpPort.default(54_329))
    .describe('a TCP port number from 1 to 65535'),
  DATABASE_CONNECT_TIMEOUT_MS: z
    .preprocess(
      emptyIsUnset,
      z
        .string()
        .trim()
        .regex(/^\d+$/)
        .transform(Number)
        .pipe(z.number().int().min(100).max(120_000))
        .default(3000),
    )
    .describe('a whole number of milliseconds from 100 to 120000'),
  LOG_LEVEL: z
    .preprocess(
      (value) => (typeof value === 'string' ? emptyIsUnset(value.trim().toLowerCase()) : value),
      z.enum(Object.values(LogLevel)).default('info'),
    )
    .describe(`one of ${Object.values(LogLevel).join(', ')}`),
  FABDESK_ADMIN_NAME: z
    .preprocess(emptyIsUnset, z.string().trim().min(1).max(100).optional())
    .describe('a staff name of at most 100 characters, set together with FABDESK_ADMIN_PASSWORD'),
  FABDESK_ADMIN_PASSWORD: z
    .preprocess(
      emptyIsUnset,
      z
        .string()
        .refine((value) => [...value].length >= minPasswordLength)
        .optional(),
    )
    .describe(`a password of at least ${minPasswordLength} characters`),
  FABDESK_MAX_UPLOAD_BYTES: z
    .preprocess(emptyIsUnset, wholeNumber(1024, 2 ** 31).default(20 * 1024 * 1024))
    .describe('a whole number of bytes from 1024 to 2147483648'),
  FABDESK_RUN_CONCURRENCY: z
    .preprocess(emptyIsUnset, wholeNumber(1, 64).default(defaultRunConcurrency))
    .describe('a whole number of worker processes from 1 to 64'),
  FABDESK_RUN_CANCEL_GRACE_MS: z
    .preprocess(emptyIsUnset, wholeNumber(0, 600_000).default(5000))
    .describe('a whole number of milliseconds from 0 to 600000'),
});

// Security: values of these are never echoed in an error message.
const secretVariables: ReadonlySet<string> = new Set(['FABDESK_ADMIN_PASSWORD']);

export type EnvVariable = keyof typeof envSchema.shape;
export const envVariables = Object.keys(envSchema.shape) as EnvVariable[];

/**
 * Reads the server's settings from `env` (normally `process.env`). Anything that does not
 * fit throws `StartupError('config')` naming the variable, what it should be and what it is.
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0]) as EnvVariable;
    const expected = envSchema.shape[name]?.description ?? 'a valid value';
    throw new StartupError(
      'config',
      `${name} must be ${expected}; got ${secretVariables.has(name) ? `${[...(env[name] ?? '')].length} characters` : JSON.stringify(redact(env[name] ?? ''))}`,
    );
  }
  const e = parsed.data;
  if ((e.FABDESK_ADMIN_NAME === undefined) !== (e.FABDESK_ADMIN_PASSWORD === undefined))
    throw new StartupError(
      'config',
      'FABDESK_ADMIN_NAME and FABDESK_ADMIN_PASSWORD must be set together (or both left unset)',
    );
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.FABDESK_DATA_DIR),
    pwaDir: resolve(e.FABDESK_PWA_DIR),
    embeddedPgPort: e.FABDESK_EMBEDDED_PG_PORT,
    databaseConnectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
    firstAdmin:
      e.FABDESK_ADMIN_NAME && e.FABDESK_ADMIN_PASSWORD
        ? { name: e.FABDESK_ADMIN_NAME, password: e.FABDESK_ADMIN_PASSWORD }
        : undefined,
    maxUploadBytes: e.FABDESK_MAX_UPLOAD_BYTES,
    runConcurrency: e.FABDESK_RUN_CONCURRENCY,
    runCancelGraceMs: e.FABDESK_RUN_CANCEL_GRACE_MS,
  };
}

// Security: a malformed DATABASE_URL may still carry a password; never echo it.
function redact(value: string): string {
  return value.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
}
