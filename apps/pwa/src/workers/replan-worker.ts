/// <reference lib="webworker" />
import { replanMotion } from '@fabdesk/shared/plan/replan-motion.ts';
import type { ReplanRequest, ReplanResponse } from '../plot/replan-in-worker.ts';

// The replan worker: one job's plan planned again for a plotter's motion limits, off the
// console's thread. One request per worker; the answer's blocks are transferred back.
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<ReplanRequest>) => {
  const { plan, from, to } = event.data;
  let response: ReplanResponse;
  try {
    const t0 = performance.now();
    const replanned = replanMotion(plan, from, to);
    response = { ok: true, plan: replanned, ms: performance.now() - t0 };
  } catch (error) {
    response = {
      ok: false,
      message: `The plan could not be made for this plotter: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  scope.postMessage(response, response.ok ? [response.plan.blocks.buffer] : []);
};
