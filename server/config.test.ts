import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { envVariables, parseConfig } from './config.ts';
import { StartupError } from './startup-error.ts';

const repoRoot = resolve(import.meta.dirname, '..');

function configError(env: Record<string, string>): StartupError {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof StartupError) return error;
    throw error;
  }
  throw new Error(`parseConfig accepted ${JSON.stringify(env)}`);
}

describe('parseConfig', () => {
  test('an empty environment gives the documented defaults', () => {
    expect(parseConfig({})).toEqual({
      port: 8787,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir: resolve(repoRoot, '.fabdesk'),
      pwaDir: resolve(repoRoot, 'apps/pwa/dist'),
      embeddedPgPort: 54329,
      databaseConnectTimeoutMs: 3000,
      logLevel: 'info',
      maxUploadBytes: 20 * 1024 * 1024,
      runConcurrency: Math.max(1, Math.floor(availableParallelism() / 2)),
      runCancelGraceMs: 5000,
    });
  });

  test('empty strings count as unset', () => {
    expect(parseConfig({ PORT: '', DATABASE_URL: '  ', LOG_LEVEL: '' })).toMatchObject({
      port: 8787,
      databaseUrl: undefined,
      logLevel: 'info',
    });
  });

  test('set values are used, trimmed and typed', () => {
    const config = parseConfig({
      PORT: ' 9000 ',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgresql://fab:pw@db.lab:5433/fabdesk',
      FABDESK_DATA_DIR: 'relative/dir',
      FABDESK_PWA_DIR: '/srv/fabdesk/pwa',
      FABDESK_EMBEDDED_PG_PORT: '55000',
      DATABASE_CONNECT_TIMEOUT_MS: '500',
      LOG_LEVEL: 'DEBUG',
      FABDESK_MAX_UPLOAD_BYTES: '1048576',
      FABDESK_RUN_CONCURRENCY: ' 3 ',
      FABDESK_RUN_CANCEL_GRACE_MS: '250',
    });
    expect(config).toEqual({
      port: 9000,
      host: '0.0.0.0',
      databaseUrl: 'postgresql://fab:pw@db.lab:5433/fabdesk',
      dataDir: resolve('relative/dir'),
      pwaDir: '/srv/fabdesk/pwa',
      embeddedPgPort: 55000,
      databaseConnectTimeoutMs: 500,
      logLevel: 'debug',
      maxUploadBytes: 1_048_576,
      runConcurrency: 3,
      runCancelGraceMs: 250,
    });
  });

  test.each([
    [{ PORT: 'http' }, 'PORT must be a TCP port number from 1 to 65535; got "http"'],
    [{ PORT: '0' }, 'PORT must be a TCP port number from 1 to 65535; got "0"'],
    [{ PORT: '65536' }, 'PORT must be a TCP port number from 1 to 65535; got "65536"'],
    [{ PORT: '80.5' }, 'PORT must be a TCP port number from 1 to 65535; got "80.5"'],
    [
      { FABDESK_EMBEDDED_PG_PORT: '-1' },
      'FABDESK_EMBEDDED_PG_PORT must be a TCP port number from 1 to 65535; got "-1"',
    ],
    [
      { DATABASE_CONNECT_TIMEOUT_MS: '10' },
      'DATABASE_CONNECT_TIMEOUT_MS must be a whole number of milliseconds from 100 to 120000; got "10"',
    ],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of debug, info, warn, error; got "loud"'],
    [
      { FABDESK_RUN_CONCURRENCY: '0' },
      'FABDESK_RUN_CONCURRENCY must be a whole number of worker processes from 1 to 64; got "0"',
    ],
    [
      { FABDESK_MAX_UPLOAD_BYTES: '20MB' },
      'FABDESK_MAX_UPLOAD_BYTES must be a whole number of bytes from 1024 to 2147483648; got "20MB"',
    ],
  ])('%j is refused with the variable, the expectation and the value', (env, message) => {
    const error = configError(env);
    expect(error.code).toBe('config');
    expect(error.message).toBe(message);
  });

  test.each(['localhost:5432/fabdesk', 'mysql://fab@127.0.0.1/fabdesk', 'postgres:///fabdesk'])(
    'DATABASE_URL %s is refused',
    (url) => {
      const error = configError({ DATABASE_URL: url });
      expect(error.message).toMatch(/^DATABASE_URL must be a postgres:\/\/ URL/);
      expect(error.message).toContain(JSON.stringify(url));
    },
  );

  test('a refused DATABASE_URL does not echo its password', () => {
    const error = configError({ DATABASE_URL: 'mysql://fab:hunter2@127.0.0.1/fabdesk' });
    expect(error.message).not.toContain('hunter2');
    expect(error.message).toContain('mysql://fab:***@127.0.0.1/fabdesk');
  });

  test('FABDESK_ADMIN_NAME and FABDESK_ADMIN_PASSWORD give the first admin', () => {
    expect(
      parseConfig({ FABDESK_ADMIN_NAME: ' Ada ', FABDESK_ADMIN_PASSWORD: 'ten chars!' }).firstAdmin,
    ).toEqual({ name: 'Ada', password: 'ten chars!' });
    expect(parseConfig({}).firstAdmin).toBeUndefined();
  });

  test('one of FABDESK_ADMIN_NAME / FABDESK_ADMIN_PASSWORD without the other is refused', () => {
    expect(configError({ FABDESK_ADMIN_NAME: 'Ada' }).message).toBe(
      'FABDESK_ADMIN_NAME and FABDESK_ADMIN_PASSWORD must be set together (or both left unset)',
    );
    expect(configError({ FABDESK_ADMIN_PASSWORD: 'long enough pw' }).code).toBe('config');
  });

  test('a short FABDESK_ADMIN_PASSWORD is refused without echoing it', () => {
    const error = configError({ FABDESK_ADMIN_NAME: 'Ada', FABDESK_ADMIN_PASSWORD: 'hunter2' });
    expect(error.message).toBe(
      'FABDESK_ADMIN_PASSWORD must be a password of at least 10 characters; got 7 characters',
    );
  });

  test('.env.example documents every variable and its default', () => {
    const example = readFileSync(resolve(repoRoot, '.env.example'), 'utf8');
    const documented = [...example.matchAll(/^([A-Z_]+)=(.*)$/gm)];
    expect(documented.map((m) => m[1]).sort()).toEqual([...envVariables].sort());
    // The example's values must parse to the same settings as the defaults.
    const asEnv = Object.fromEntries(documented.map((m) => [m[1], m[2]]));
    expect(parseConfig(asEnv)).toEqual(parseConfig({}));
  });
});
