import type { TestProject } from 'vitest/node';

/** Runs the Postgres tests against an existing server (TEST_DATABASE_URL), e.g. a plain Postgres 15. */
export default function setup(project: TestProject): void {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  project.provide('pgAdminUrl', url);
}
