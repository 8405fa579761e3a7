import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { envVariables } from '../config.ts';
import { createAuthTestKit } from './auth-test-kit.ts';
import { verifyPassword } from './verify-password.ts';

const cliTs = fileURLToPath(new URL('./create-admin-cli.ts', import.meta.url));

let kit: Awaited<ReturnType<typeof createAuthTestKit>>;

beforeAll(async () => {
  kit = await createAuthTestKit(inject('pgAdminUrl'));
});
afterAll(async () => {
  await kit?.drop();
});

/** Runs `npm run staff:add -- ...args` against the test database; stdin is piped. */
function runCli(args: string[], stdin: string, env: Record<string, string> = {}) {
  const clean = { ...process.env };
  for (const name of [...envVariables, 'FABDESK_STAFF_PASSWORD']) delete clean[name];
  const child = spawn(process.execPath, [cliTs, ...args], {
    env: { ...clean, DATABASE_URL: kit.url, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c) => {
    out += c;
  });
  child.stderr.on('data', (c) => {
    out += c;
  });
  child.stdin.end(stdin);
  return new Promise<{ code: number | null; out: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, out })),
  );
}

describe('npm run staff:add', () => {
  test('adds an admin with the password from stdin, who can then pair', async () => {
    const { code, out } = await runCli(
      ['Ada', 'Lovelace', '--email', 'ada@lab.example'],
      'analytical engine\n',
    );
    expect(out).toMatch(/^added admin "Ada Lovelace" \([0-9a-f-]{36}\)/);
    expect(code).toBe(0);
    const row = await kit.db
      .selectFrom('staff')
      .innerJoin('staff_credentials', 'staff_id', 'id')
      .select(['role', 'email', 'password_hash'])
      .where('name', '=', 'Ada Lovelace')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ role: 'admin', email: 'ada@lab.example' });
    expect(await verifyPassword('analytical engine', row.password_hash)).toBe(true);
    expect((await kit.pair('Ada Lovelace', 'analytical engine')).staff.role).toBe('admin');
  });

  test('--role staff and FABDESK_STAFF_PASSWORD', async () => {
    const { code } = await runCli(['Grace', '--role', 'staff'], '', {
      FABDESK_STAFF_PASSWORD: 'compiler pioneer',
    });
    expect(code).toBe(0);
    expect((await kit.pair('Grace', 'compiler pioneer')).staff.role).toBe('staff');
  });

  test.each([
    [['Bo'], 'short\n', 1, 'password must be at least 10 characters long'],
    [[], 'long enough pw\n', 2, 'give the staff name'],
    [['Bo', '--role', 'boss'], 'long enough pw\n', 2, '--role must be admin or staff'],
    [['grace'], 'long enough pw\n', 1, 'a staff member named "Grace" already exists'],
  ])('%j is refused with one line', async (args, stdin, exitCode, message) => {
    const { code, out } = await runCli(args, stdin);
    expect(code).toBe(exitCode);
    expect(out).toContain(message);
    expect(out).not.toContain('    at ');
  });
});
