import { createHash } from 'node:crypto';
import { decodePlanBlob } from '@fabdesk/shared/plan/plan-blob.ts';
import { importSvg } from '@fabdesk/shared/svg/import-svg.ts';
import type { Job } from '@fabdesk/shared/models/job.ts';
import type { Run } from '@fabdesk/shared/models/run.ts';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Database } from '../db/database.ts';
import type { ErrorBody } from '../http-error.ts';
import { corpusSvg, createRunsTestKit, waitFor } from './runs-test-kit.ts';

let kit: Awaited<ReturnType<typeof createRunsTestKit>>;
beforeAll(async () => {
  kit = await createRunsTestKit(inject('pgAdminUrl'));
}, 60_000);
afterAll(async () => {
  await kit?.close();
});

async function counts() {
  const n = async (table: keyof Database) =>
    Number(
      (
        await kit.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirst()
      )?.n,
    );
  return {
    jobs: await n('jobs'),
    runs: await n('runs'),
    blobs: await n('blobs'),
    events: await n('events'),
  };
}

describe('POST /jobs → conversion → simulation', () => {
  test('an upload becomes an OPTIMIZED job with metrics, layers, events, an estimate and a fetchable plan', async () => {
    const created = await kit.upload(
      { 'multilayer.svg': corpusSvg('misc__multilayer.svg') },
      { preset: 'fast', priority: '2' },
    );
    expect(created.status).toBe(201);
    const { job, run } = (await created.json()) as { job: Job; run: Run };
    expect(job).toMatchObject({ state: 'QUEUED', name: 'multilayer', priority: 2 });
    expect(job.sourceFiles[0]).toMatchObject({
      originalName: 'multilayer.svg',
      mediaType: 'image/svg+xml',
    });
    expect(run).toMatchObject({
      kind: 'conversion',
      status: 'pending',
      template: 'fast',
      jobId: job.id,
    });

    const done = await waitFor('the job to be optimized and simulated', async () => {
      const r = await kit.call('GET', `/jobs/${job.id}`);
      const body = (await r.json()) as { job: Job; runs: Run[] };
      return (
        body.job.state === 'OPTIMIZED' &&
        body.runs.length === 2 &&
        body.runs.every((x) => x.status === 'completed') &&
        body
      );
    });
    const [conversion, simulation] = done.runs as [Run, Run];
    expect(conversion).toMatchObject({
      kind: 'conversion',
      status: 'completed',
      output: done.job.planHash,
    });
    expect(conversion.pid).toBeGreaterThan(0);
    expect(conversion.pgid).toBe(conversion.pid);
    expect(conversion.log).toMatch(/paths \d+ → \d+/);
    expect(simulation).toMatchObject({
      kind: 'simulation',
      inputs: [{ name: 'plan', blobHash: done.job.planHash }],
    });
    expect(done.job.metrics!.distancePlottedMm).toBeGreaterThan(0);
    expect(done.job.metrics!.estimatedPlotS).toBeGreaterThan(0);
    expect(done.job.layers.length).toBe(done.job.metrics!.layerCount);
    expect(done.job.layers.length).toBeGreaterThan(1);
    expect(done.job.timings!.totalS).toBeGreaterThan(0);

    // The plan blob: authenticated, immutable, ETag = hash, bytes hash to their name.
    const blob = await kit.app.request(`/blobs/${done.job.planHash}`, { headers: kit.auth });
    expect(blob.status).toBe(200);
    expect(blob.headers.get('etag')).toBe(`"${done.job.planHash}"`);
    expect(blob.headers.get('cache-control')).toContain('immutable');
    const bytes = new Uint8Array(await blob.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(done.job.planHash);
    const plan = decodePlanBlob(bytes);
    expect(plan.summary.durationSeconds).toBeCloseTo(done.job.metrics!.estimatedPlotS, 9);
    const again = await kit.app.request(`/blobs/${done.job.planHash}`, {
      headers: { ...kit.auth, 'if-none-match': `"${done.job.planHash}"` },
    });
    expect(again.status).toBe(304);
    expect((await kit.app.request(`/blobs/${done.job.planHash}`)).status).toBe(401);

    // Each step is an event; the estimate is a JobStatistics row with its layers.
    const events = await kit.db
      .selectFrom('events')
      .select(['event_type', 'details'])
      .where('job_id', '=', job.id)
      .orderBy('sync_seq')
      .execute();
    const detail = (e: (typeof events)[number]) => e.details as { to?: string; kind?: string };
    expect(events.map((e) => [e.event_type, detail(e).to ?? detail(e).kind ?? null])).toEqual([
      ['JobCreated', null],
      ['StatusChanged', 'QUEUED'],
      ['RunQueued', 'conversion'],
      ['StatusChanged', 'ANALYZED'],
      ['RunFinished', 'conversion'],
      ['StatusChanged', 'OPTIMIZED'],
      ['RunQueued', 'simulation'],
      ['RunFinished', 'simulation'],
    ]);
    const stats = await kit.db
      .selectFrom('job_statistics')
      .selectAll()
      .where('job_id', '=', job.id)
      .execute();
    expect(stats).toHaveLength(1);
    expect(stats[0]).toMatchObject({ source: 'estimate', total_layers: done.job.layers.length });
    expect(stats[0]!.duration_seconds).toBeCloseTo(done.job.metrics!.estimatedPlotS, 9);
    const layerStats = await kit.db
      .selectFrom('layer_statistics')
      .selectAll()
      .where('job_statistics_id', '=', stats[0]!.id)
      .execute();
    expect(layerStats.map((l) => l.layer_id).sort()).toEqual(
      done.job.layers.map((l) => l.id).sort(),
    );
  }, 60_000);

  test('the same content for an active job is 409 with that job id; nothing new is stored', async () => {
    const text = corpusSvg('misc__few_circles.svg');
    const first = await kit.upload({ 'a.svg': text }, { preset: 'fast' });
    expect(first.status).toBe(201);
    const { job } = (await first.json()) as { job: { id: string } };
    const before = await counts();
    const second = await kit.upload({ 'renamed.svg': text });
    expect(second.status).toBe(409);
    expect(await second.json()).toEqual({
      error: { code: 'conflict', message: expect.stringContaining(job.id), jobId: job.id },
    });
    expect(await counts()).toEqual(before);
    // Two files are one job: their combined content is its own, so it is not a duplicate.
    expect(
      (
        await kit.upload({
          'a.svg': text,
          'b.svg': corpusSvg('misc__multilayer_by_attributes.svg'),
        })
      ).status,
    ).toBe(201);
  }, 30_000);

  const png = new Uint8Array([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
  ]);
  const importerMessage = (text: string) => {
    try {
      importSvg(text);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected the importer to refuse this');
  };
  const malformed = '<svg xmlns="http://www.w3.org/2000/svg"><g></svg>';
  const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]><svg xmlns="http://www.w3.org/2000/svg"><text>&lol2;</text></svg>`;
  const external = `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&xxe;</text></svg>`;
  const garbage = '<svg xmlns="http://www.w3.org/2000/svg"><path d="M 10 10 L foo bar"/></svg>';
  test.each([
    ['malformed XML', malformed, 400, `bad.svg: ${importerMessage(malformed)}`],
    ['a billion-laughs document', laughs, 400, `bad.svg: ${importerMessage(laughs)}`],
    ['an external entity', external, 400, `bad.svg: ${importerMessage(external)}`],
    ['garbage path data', garbage, 400, `bad.svg: ${importerMessage(garbage)}`],
    ['a PNG renamed .svg', png, 415, 'bad.svg: this is a PNG image, not an SVG file'],
    ['HTML', '<html><body/></html>', 415, 'bad.svg: expected an <svg> root element, got <html>'],
  ] as const)(
    '%s is refused naming the problem; nothing is stored',
    async (_label, content, status, message) => {
      const before = await counts();
      const response = await kit.upload({ 'bad.svg': content });
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
        message,
      );
      expect(await counts()).toEqual(before);
      expect((await kit.call('GET', '/jobs?limit=1')).status).toBe(200);
    },
  );

  test('a 200 MB upload is refused with 413 early, without reading it all', async () => {
    const before = await counts();
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 200 * 1024 * 1024) return controller.close();
        pulled += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const response = await kit.app.request('/jobs', {
      method: 'POST',
      headers: { ...kit.auth, 'content-type': 'multipart/form-data; boundary=x' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'payload-too-large',
    );
    expect(pulled).toBeLessThanOrEqual(22 * 1024 * 1024);
    // A declared length over the limit is refused before a byte is read.
    let pulledDeclared = 0;
    const declared = await kit.app.request('/jobs', {
      method: 'POST',
      headers: {
        ...kit.auth,
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(200 * 1024 * 1024),
      },
      body: new ReadableStream({
        pull(c) {
          pulledDeclared += chunk.length;
          c.enqueue(chunk);
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(declared.status).toBe(413);
    expect(pulledDeclared).toBeLessThanOrEqual(2 * chunk.length);
    expect(await counts()).toEqual(before);
  });

  test('uploads need a device token and multipart SVG files', async () => {
    expect((await kit.app.request('/jobs', { method: 'POST', body: new FormData() })).status).toBe(
      401,
    );
    const json = await kit.call('POST', '/jobs', { files: [] });
    expect(json.status).toBe(415);
    const none = await kit.upload({}, { name: 'x' });
    expect(none.status).toBe(400);
    expect(((await none.json()) as ErrorBody).error.message).toMatch(
      /files: expected one or more SVG files/,
    );
  });
});
