import type { Event, EventType } from '@fabdesk/shared/models/event.ts';
import { describe, expect, test } from 'vitest';
import { describeEvent, newestFirst } from './describe-event.ts';

let n = 0;
const event = (
  type: EventType,
  details: Event['details'],
  occurredAt = '2026-11-23T10:00:00.000Z',
): Event => ({
  id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  jobId: '00000000-0000-4000-8000-000000000000',
  type,
  details,
  triggeredBy: null,
  triggeredByName: 'fabdesk',
  workstationId: null,
  occurredAt,
  receivedAt: occurredAt,
});

describe('describeEvent', () => {
  test.each([
    [
      event('RunQueued', { kind: 'conversion', runId: 'r' }),
      'queued the conversion (SVG to plot plan)',
    ],
    [
      event('RunFinished', { kind: 'simulation', status: 'completed' }),
      'finished the simulation (plot time and statistics)',
    ],
    [
      event('RunFinished', {
        kind: 'conversion',
        status: 'failed',
        errorMessage: 'nothing to plot',
      }),
      'failed the conversion (SVG to plot plan): nothing to plot',
    ],
    [
      event('RunFinished', { kind: 'conversion', status: 'cancelled', errorMessage: null }),
      'cancelled the conversion (SVG to plot plan)',
    ],
    [
      event('StatusChanged', { from: 'QUEUED', to: 'ANALYZED' }),
      'moved the job from QUEUED to ANALYZED',
    ],
    [
      event('PlotPaused', { reason: 'pen-swap', layer: '2 red' }),
      'paused the plot for a pen change (2 red)',
    ],
    [
      event('PlotPaused', { reason: 'interrupted' }),
      'lost the plotter mid-plot (the plot is paused)',
    ],
    [
      event('PlotPaused', {
        reason: 'fault',
        message: 'the plotter sent something that is not an EBB reply (…)',
      }),
      'paused the plot after a plotter fault: the plotter sent something that is not an EBB reply (…)',
    ],
    [event('PlotPaused', { reason: 'fault' }), 'paused the plot after a plotter fault'],
    [
      event('PlotFailed', { message: 'the plotter stopped answering' }),
      'reported a failed plot: the plotter stopped answering',
    ],
    [event('StaffApproved', {}), 'StaffApproved'],
  ])('%#: %s', (e, line) => {
    expect(describeEvent(e)).toBe(line);
  });
});

test('events of one server transaction (same instant) list effects above their causes', () => {
  const created = event('JobCreated', {}, '2026-11-23T10:00:00.000Z');
  const queued = event('StatusChanged', { from: 'NEW', to: 'QUEUED' }, '2026-11-23T10:00:00.000Z');
  const run = event('RunQueued', { kind: 'conversion' }, '2026-11-23T10:00:00.000Z');
  const finished = event(
    'RunFinished',
    { kind: 'conversion', status: 'completed' },
    '2026-11-23T10:00:05.000Z',
  );
  const analyzed = event(
    'StatusChanged',
    { from: 'QUEUED', to: 'ANALYZED' },
    '2026-11-23T10:00:05.000Z',
  );
  for (const shuffled of [
    [analyzed, run, created, finished, queued],
    [queued, finished, created, run, analyzed],
  ])
    expect(newestFirst(shuffled).map(describeEvent)).toEqual([
      'moved the job from QUEUED to ANALYZED',
      'finished the conversion (SVG to plot plan)',
      'queued the conversion (SVG to plot plan)',
      'moved the job from NEW to QUEUED',
      'created the job',
    ]);
});
