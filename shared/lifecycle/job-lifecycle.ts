import { JOB_STATES, type JobState } from './job-state.ts';
import { type Actor, JOB_TRANSITIONS, type JobTransition } from './job-transitions.ts';

/** Why a lifecycle step was refused. */
export const LifecycleErrorCode = {
  unknownState: 'unknown-state',
  notAllowed: 'transition-not-allowed',
  wrongActor: 'actor-not-allowed',
} as const;
export type LifecycleErrorCode = (typeof LifecycleErrorCode)[keyof typeof LifecycleErrorCode];

/** A refused lifecycle step; the message names the states and what is allowed instead. */
export class LifecycleError extends Error {
  readonly code: LifecycleErrorCode;
  constructor(code: LifecycleErrorCode, message: string) {
    super(message);
    this.name = 'LifecycleError';
    this.code = code;
  }
}

const byFrom = new Map<JobState, JobTransition[]>();
for (const t of JOB_TRANSITIONS) byFrom.set(t.from, [...(byFrom.get(t.from) ?? []), t]);

export function isJobState(value: string): value is JobState {
  return (JOB_STATES as readonly string[]).includes(value);
}

/** The steps a job in `from` may take next (for `actor`, when given), in table order. */
export function nextTransitions(from: JobState, actor?: Actor): JobTransition[] {
  const all = byFrom.get(from) ?? [];
  return actor ? all.filter((t) => t.actors.includes(actor)) : all;
}

/** A state with no way out. */
export function isTerminal(state: JobState): boolean {
  return nextTransitions(state).length === 0;
}

/**
 * Checks one step and returns its transition, or throws a LifecycleError saying what was
 * asked and what is allowed from there. Staying in the same state is not a transition
 * and is always allowed (callers edit other fields of a job without moving it).
 */
export function assertTransition(from: string, to: string, actor?: Actor): JobTransition | null {
  for (const s of [from, to]) {
    if (!isJobState(s)) {
      throw new LifecycleError(
        LifecycleErrorCode.unknownState,
        `"${s}" is not a job state; expected one of ${JOB_STATES.join(', ')}`,
      );
    }
  }
  const f = from as JobState;
  if (from === to) return null;
  const step = nextTransitions(f).find((t) => t.to === to);
  if (!step) {
    const allowed = nextTransitions(f).map((t) => t.to);
    throw new LifecycleError(
      LifecycleErrorCode.notAllowed,
      `a job cannot go from ${from} to ${to}; from ${from} it can go to ${allowed.length ? [...new Set(allowed)].join(', ') : 'nowhere (it is final)'}`,
    );
  }
  if (actor && !step.actors.includes(actor)) {
    throw new LifecycleError(
      LifecycleErrorCode.wrongActor,
      `only ${step.actors.join(' or ')} may move a job from ${from} to ${to} (${step.action}); this was ${actor}`,
    );
  }
  return step;
}
