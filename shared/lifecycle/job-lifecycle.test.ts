import { describe, expect, it } from 'vitest';
import { assertTransition, isTerminal, LifecycleError, nextTransitions } from './job-lifecycle.ts';
import { JOB_STATES, type JobState, STAGE_OF } from './job-state.ts';
import { JOB_TRANSITIONS } from './job-transitions.ts';
import { PRINT_REQUEST_STATE_MAP, SEED_TRANSITIONS, VFAB_STATE_MAP } from './seed-state-map.ts';

// The seeds' own state lists, as their documents give them.
const VFAB_STATES = [
  'NEW',
  'QUEUED',
  'ANALYZED',
  'OPTIMIZED',
  'READY',
  'ARMED',
  'PLOTTING',
  'PAUSED',
  'COMPLETED',
  'ABORTED',
  'FAILED',
];
const PRINT_STATES = [
  'UPLOADED',
  'PENDING',
  'READYTOPRINT',
  'PRINTING',
  'COMPLETED',
  'PAIDPICKEDUP',
  'REJECTED',
  'ARCHIVED',
  'CANCELED',
];

function reachableFrom(start: JobState): Set<JobState> {
  const seen = new Set<JobState>([start]);
  const queue: JobState[] = [start];
  for (let s = queue.shift(); s; s = queue.shift()) {
    for (const t of nextTransitions(s)) {
      if (!seen.has(t.to)) {
        seen.add(t.to);
        queue.push(t.to);
      }
    }
  }
  return seen;
}

describe('job lifecycle', () => {
  it('maps every seed state to a fabdesk state', () => {
    expect(Object.keys(VFAB_STATE_MAP).sort()).toEqual([...VFAB_STATES].sort());
    expect(Object.keys(PRINT_REQUEST_STATE_MAP).sort()).toEqual([...PRINT_STATES].sort());
    for (const s of [...Object.values(VFAB_STATE_MAP), ...Object.values(PRINT_REQUEST_STATE_MAP)]) {
      expect(JOB_STATES).toContain(s);
    }
  });

  it('reaches every state from NEW, and every state can end ARCHIVED', () => {
    expect([...reachableFrom('NEW')].sort()).toEqual([...JOB_STATES].sort());
    for (const s of JOB_STATES) expect(reachableFrom(s).has('ARCHIVED')).toBe(true);
  });

  it('keeps terminal states terminal: ARCHIVED is the only one and has no way out', () => {
    expect(JOB_STATES.filter(isTerminal)).toEqual(['ARCHIVED']);
    for (const to of JOB_STATES.filter((s) => s !== 'ARCHIVED')) {
      expect(() => assertTransition('ARCHIVED', to)).toThrow(/cannot go from ARCHIVED/);
    }
  });

  it('has no duplicate steps and puts every state on the board', () => {
    const keys = JOB_TRANSITIONS.map((t) => `${t.from}>${t.to}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const s of JOB_STATES) expect(STAGE_OF[s]).toBeTruthy();
  });

  it.each(SEED_TRANSITIONS.map((t) => [`${t.system} ${t.from} → ${t.to}`, t] as const))(
    'allows the seed step %s',
    (_, t) => {
      const map = t.system === 'vfab' ? VFAB_STATE_MAP : PRINT_REQUEST_STATE_MAP;
      expect(t.path[0]).toBe(map[t.from]);
      expect(t.path.at(-1)).toBe(map[t.to]);
      for (let i = 1; i < t.path.length; i++) {
        expect(() => assertTransition(t.path[i - 1]!, t.path[i]!)).not.toThrow();
      }
    },
  );

  it.each([
    ['PAUSED', 'COMPLETED'], // vfab's table allowed completing a paused plot
    ['NEW', 'PLOTTING'],
    ['COMPLETED', 'PLOTTING'],
    ['REJECTED', 'READY'],
    ['CANCELLED', 'QUEUED'],
    ['PLOTTING', 'QUOTED'],
    ['PLOTTING', 'CANCELLED'], // a running plot is aborted, not cancelled
    ['QUOTED', 'PLOTTING'],
    ['PICKED_UP', 'COMPLETED'],
  ] as const)('refuses %s → %s with a clear error', (from, to) => {
    let error: unknown;
    try {
      assertTransition(from, to);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LifecycleError);
    expect((error as LifecycleError).code).toBe('transition-not-allowed');
    expect((error as Error).message).toContain(`cannot go from ${from} to ${to}`);
    expect((error as Error).message).toMatch(/it can go to [A-Z_, ]+/);
  });

  it('refuses unknown states and the wrong actor', () => {
    expect(() => assertTransition('PRINTING', 'COMPLETED')).toThrow(
      /"PRINTING" is not a job state/,
    );
    expect(() => assertTransition('QUEUED', 'ANALYZED', 'staff')).toThrow(/only system may/);
    expect(assertTransition('QUOTED', 'READY', 'requester')?.action).toBe('confirm');
    expect(() => assertTransition('OPTIMIZED', 'QUOTED', 'requester')).toThrow(LifecycleError);
  });

  it('treats staying put as no transition', () => {
    expect(assertTransition('READY', 'READY')).toBeNull();
  });

  it('lets a failed plot go back to READY without a new quote', () => {
    expect(nextTransitions('FAILED').map((t) => t.to)).toContain('READY');
    expect(nextTransitions('FAILED').map((t) => t.to)).not.toContain('QUOTED');
  });
});
