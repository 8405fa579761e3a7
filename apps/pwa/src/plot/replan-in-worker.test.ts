import { axidrawProfile } from '@fabdesk/shared/plan/axidraw-models.ts';
import { planMotion } from '@fabdesk/shared/plan/plan-motion.ts';
import { replanMotion } from '@fabdesk/shared/plan/replan-motion.ts';
import { testLayer } from '@fabdesk/shared/plot/plot-test-kit.ts';
import { describe, expect, it } from 'vitest';
import { replanInWorker } from './replan-in-worker.ts';

// Node has no Worker: these run the in-place path the console falls back to; the worker
// path runs in the browser (e2e/plotter-speeds.spec.ts).
const stock = axidrawProfile('axidraw-v3');
const slow = { ...stock, penDown: { ...stock.penDown, maxSpeedMmS: 10 } };
const plan = planMotion([testLayer([[10, 10, 90, 10, 90, 60, 10, 60]])], stock);

describe('replanInWorker without workers', () => {
  it('answers what replanMotion gives', async () => {
    const { plan: replanned, ms } = await replanInWorker({ plan, from: stock, to: slow }).result;
    expect(replanned).toEqual(replanMotion(plan, stock, slow));
    expect(replanned.durationS).toBeGreaterThan(plan.durationS);
    expect(ms).toBeGreaterThanOrEqual(0);
  });

  it('a cancelled replan never answers with a plan', async () => {
    const pending = replanInWorker({ plan, from: stock, to: slow });
    pending.cancel();
    await expect(pending.result).rejects.toThrow('cancelled');
  });
});
