import { randomUUID } from 'node:crypto';
import type { Job } from '@fabdesk/shared/models/job.ts';
import type { Run } from '@fabdesk/shared/models/run.ts';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { corpusSvg, createRunsTestKit } from '../runs/runs-test-kit.ts';

let kit: Awaited<ReturnType<typeof createRunsTestKit>>;
beforeAll(async () => {
  kit = await createRunsTestKit(inject('pgAdminUrl'));
}, 60_000);
afterAll(async () => {
  await kit?.close();
});

async function addPlotter(model: string | null, retired = false): Promise<string> {
  const id = randomUUID();
  await kit.db
    .insertInto('plotters')
    .values({
      id,
      kind: model === null ? 'virtual' : 'axidraw',
      model,
      name: `plotter ${model}`,
      ...(retired && { retired_at: new Date() }),
    })
    .execute();
  return id;
}

/** Each upload needs content no active job has, or it is a duplicate. */
let variant = 0;
const svg = () => corpusSvg('misc__few_circles.svg', `v${variant++}`);

describe('POST /jobs with a plotter', () => {
  test.each([
    { model: 'axidraw-minikit', expected: 'axidraw-minikit' },
    { model: 'axidraw-v3-xlx', expected: 'axidraw-v3-xlx' },
    // A plotter without a model (a virtual one) plans for the default machine.
    { model: null, expected: 'axidraw-v3-a3' },
  ])('plans for the plotter’s model ($model)', async ({ model, expected }) => {
    const plotter = await addPlotter(model);
    const res = await kit.upload({ 'a.svg': svg() }, { plotter, preset: 'fast' });
    expect(res.status).toBe(201);
    const { job, run } = (await res.json()) as { job: Job; run: Run };
    expect(job.plotterId).toBe(plotter);
    const row = await kit.db
      .selectFrom('runs')
      .select('config')
      .where('id', '=', run.id)
      .executeTakeFirstOrThrow();
    expect((row.config as { settings: { model: string } }).settings.model).toBe(expected);
  });

  test('without a plotter the default model is used and no plotter is recorded', async () => {
    const res = await kit.upload({ 'a.svg': svg() }, { preset: 'fast' });
    const { job, run } = (await res.json()) as { job: Job; run: Run };
    expect(job.plotterId).toBeNull();
    const row = await kit.db
      .selectFrom('runs')
      .select('config')
      .where('id', '=', run.id)
      .executeTakeFirstOrThrow();
    expect((row.config as { settings: { model: string } }).settings.model).toBe('axidraw-v3-a3');
  });

  test.each([
    { name: 'unknown id', plotter: async () => randomUUID(), message: /no plotter in service/ },
    {
      name: 'retired',
      plotter: () => addPlotter('axidraw-v3', true),
      message: /no plotter in service/,
    },
    {
      name: 'unknown model',
      plotter: () => addPlotter('bantam-nextdraw'),
      message: /bantam-nextdraw/,
    },
    { name: 'not an id', plotter: async () => 'axidraw-v3', message: /plotter/ },
  ])('refuses a $name plotter and stores nothing', async ({ plotter, message }) => {
    const before = await kit.db.selectFrom('jobs').select('id').execute();
    const res = await kit.upload({ 'a.svg': svg() }, { plotter: await plotter() });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(message);
    expect(await kit.db.selectFrom('jobs').select('id').execute()).toHaveLength(before.length);
  });
});
