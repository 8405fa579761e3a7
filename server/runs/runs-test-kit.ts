import { readFileSync } from 'node:fs';
import type { Hono } from 'hono';
import { createApp } from '../app.ts';
import { createAuthTestKit } from '../auth/auth-test-kit.ts';
import { createMigrator } from '../db/migrator.ts';
import { type RunService, startRunService } from './run-service.ts';

const corpus = new URL('../../../shared/corpus/svg/', import.meta.url);

/** A corpus SVG's text, optionally made unique (a trailing comment) so dedup lets it in. */
export function corpusSvg(file: string, variant?: string): string {
  const text = readFileSync(new URL(file, corpus), 'utf8');
  return variant === undefined ? text : `${text}\n<!-- ${variant} -->\n`;
}

/**
 * For runs `.pg.test.ts` files: a migrated database, a paired staff device (a real token,
 * real requireAuth), the run service (pg-boss queue, worker processes) and the real app.
 */
export async function createRunsTestKit(
  adminUrl: string,
  options: { concurrency?: number; cancelGraceMs?: number; maxUploadBytes?: number } = {},
) {
  const kit = await createAuthTestKit(adminUrl);
  await kit.addStaff('Ada', 'staff');
  const { token } = await kit.pair('Ada');
  const service: RunService = await startRunService({
    db: kit.db,
    url: kit.url,
    logger: kit.logger,
    concurrency: options.concurrency ?? 1,
    cancelGraceMs: options.cancelGraceMs ?? 2000,
  });
  const app: Hono = createApp({
    db: kit.db,
    migrator: createMigrator(kit.db),
    version: 'test',
    logger: kit.logger,
    runs: { service, maxUploadBytes: options.maxUploadBytes ?? 20 * 1024 * 1024 },
  });
  const auth = { authorization: `Bearer ${token}` };

  /** `POST /jobs` with files (name → text or bytes) and form fields. */
  const upload = (
    files: Record<string, string | Uint8Array>,
    fields: Record<string, string> = {},
  ) => {
    const form = new FormData();
    for (const [name, content] of Object.entries(files))
      form.append(
        'files',
        new Blob([content as string | Uint8Array<ArrayBuffer>], { type: 'image/svg+xml' }),
        name,
      );
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    return app.request('/jobs', { method: 'POST', headers: auth, body: form });
  };
  const call = (method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: { ...auth, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  return {
    db: kit.db,
    url: kit.url,
    logged: kit.logged,
    app,
    service,
    auth,
    upload,
    call,
    close: async () => {
      await service.close();
      await kit.drop();
    },
  };
}

/** Polls `check` every 50 ms until it returns a value (not undefined/false) or the time is up. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A drawing that takes seconds to convert with the `best` preset (about 6 s for 150,000
 * lines: import, then greedy order and the 2-opt pass over random short strokes); the
 * seed makes each one distinct content.
 */
export function randomLinesSvg(count: number, seed: number): string {
  let s = seed;
  const rnd = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const parts: string[] = [];
  for (let i = 0; i < count; i++)
    parts.push(
      `<path d="M${(rnd() * 400).toFixed(2)} ${(rnd() * 280).toFixed(2)} l${(rnd() * 4).toFixed(2)} ${(rnd() * 4).toFixed(2)}"/>`,
    );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="400mm" height="280mm" viewBox="0 0 400 280" stroke="black">${parts.join('')}</svg>`;
}
