import type { DeviceProfile } from '@fabdesk/shared/plan/device-profile.ts';
import type { MotionPlan } from '@fabdesk/shared/plan/plan-motion.ts';

/** What the replan worker is asked: a plan, the profile it was made with, the plotter's. */
export interface ReplanRequest {
  plan: MotionPlan;
  from: DeviceProfile;
  to: DeviceProfile;
}

/** Its answer: the plan for the plotter and how long planning took, or what went wrong. */
export type ReplanResponse =
  | { ok: true; plan: MotionPlan; ms: number }
  | { ok: false; message: string };

/** A replan under way: its result, and a way to drop it (the worker is stopped). */
export interface PendingReplan {
  result: Promise<{ plan: MotionPlan; ms: number }>;
  cancel(): void;
}

/**
 * Plans `plan` again for the plotter's profile (`replanMotion`) in a worker of its own:
 * a large plan takes longer than a frame (7k_lines, ~49,000 blocks: 20-550 ms on a busy
 * desktop), and the console must stay responsive while someone types a speed. The worker
 * is created here rather than in main.tsx, whose bundle is the initial one and has no room;
 * this module loads with the console. Where there are no workers (unit tests in Node),
 * the same function runs in place.
 */
export function replanInWorker(request: ReplanRequest): PendingReplan {
  if (typeof Worker === 'undefined') {
    let cancelled = false;
    const result = import('@fabdesk/shared/plan/replan-motion.ts').then(({ replanMotion }) => {
      if (cancelled) throw new Error('cancelled');
      const t0 = performance.now();
      const plan = replanMotion(request.plan, request.from, request.to);
      return { plan, ms: performance.now() - t0 };
    });
    return {
      result,
      cancel: () => {
        cancelled = true;
      },
    };
  }
  const worker = new Worker(new URL('../workers/replan-worker.ts', import.meta.url), {
    type: 'module',
  });
  let drop: (e: Error) => void = () => undefined;
  const result = new Promise<{ plan: MotionPlan; ms: number }>((resolve, reject) => {
    drop = reject;
    worker.onmessage = (e: MessageEvent<ReplanResponse>) => {
      worker.terminate();
      if (e.data.ok) resolve({ plan: e.data.plan, ms: e.data.ms });
      else reject(new Error(e.data.message));
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message || 'the planning worker failed'));
    };
  });
  // The plan's blocks are copied, not transferred: the console keeps the job's plan.
  worker.postMessage(request);
  return {
    result,
    cancel() {
      worker.terminate();
      drop(new Error('cancelled'));
    },
  };
}
