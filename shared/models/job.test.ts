import { describe, expect, it } from 'vitest';
import { Job } from './job.ts';

const job = {
  id: '5d1c1f0e-3f0a-4c55-8d7e-0e2b8f9a1c11',
  name: 'Voronoi poster',
  displayName: 'AdaLovelace_Plot_Black_5d1c',
  state: 'QUOTED',
  priority: 1,
  dueAt: null,
  paperId: null,
  plotterId: null,
  sourceFiles: [
    {
      originalName: 'voronoi.svg',
      blobHash: 'a'.repeat(64),
      sizeBytes: 1234,
      mediaType: 'image/svg+xml',
    },
  ],
  fileHash: 'a'.repeat(64),
  planHash: null,
  color: 'black',
  material: 'Bristol 250 g/m²',
  timings: null,
  metrics: null,
  media: null,
  requester: {
    name: 'Ada Lovelace',
    email: 'ada@example.edu',
    discipline: 'Art',
    classNumber: 'ART-210',
  },
  quote: { weightG: null, timeHours: 1.5, costUsd: '12.50', acknowledgedMinimumCharge: true },
  confirmation: {
    confirmed: false,
    confirmedAt: null,
    tokenExpiresAt: '2026-11-30T10:00:00Z',
    lastSentAt: '2026-11-23T10:00:00Z',
  },
  rejectReasons: null,
  notes: null,
  staffViewedAt: null,
  lastUpdatedBy: null,
  leaseFencingToken: null,
  layers: [
    {
      id: '6e2d2f1f-4f1b-4d66-9e8f-1f3c9a0b2d22',
      name: 'black',
      orderIndex: 0,
      penId: null,
      colorHex: '#000000',
      pauseBefore: false,
      skip: false,
      stats: null,
      planned: false,
    },
  ],
  createdAt: '2026-11-23T09:00:00Z',
  updatedAt: '2026-11-23T09:30:00Z',
};

describe('Job', () => {
  it('accepts a quoted request with its layers', () => {
    expect(Job.parse(job)).toEqual(job);
  });

  it('keeps money exact: a decimal string with two places, never a float', () => {
    expect(Job.safeParse({ ...job, quote: { ...job.quote, costUsd: 12.5 } }).success).toBe(false);
    expect(Job.safeParse({ ...job, quote: { ...job.quote, costUsd: '12.5' } }).success).toBe(false);
  });

  it('refuses a state that is not in the lifecycle', () => {
    const result = Job.safeParse({ ...job, state: 'PRINTING' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['state']);
  });

  it('refuses a requester without a valid e-mail and a file hash that is not SHA-256', () => {
    expect(Job.safeParse({ ...job, requester: { ...job.requester, email: 'ada' } }).success).toBe(
      false,
    );
    expect(Job.safeParse({ ...job, fileHash: 'abc' }).success).toBe(false);
  });
});
