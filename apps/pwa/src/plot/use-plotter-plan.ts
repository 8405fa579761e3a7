import type { DeviceProfile, MotionLimits } from '@fabdesk/shared/plan/device-profile.ts';
import type { MotionPlan } from '@fabdesk/shared/plan/plan-motion.ts';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { plotterProfile, stockProfile, type PlotterSettings } from './plotter-settings.ts';
import { type PendingReplan, replanInWorker } from './replan-in-worker.ts';
import type { JobPlan } from './use-job-plan.ts';

/** The plan this plotter will run: the job's own, or planned again for its limits. */
export type PlotterPlan =
  | { status: 'waiting' }
  | { status: 'planning' }
  | { status: 'error'; message: string }
  | {
      status: 'ready';
      plan: MotionPlan;
      profile: DeviceProfile;
      /** Planned again on this device (the plotter's limits are not the job plan's). */
      replanned: boolean;
      /** The job plan's own duration (what the server's simulation estimated). */
      jobPlanS: number;
    };

/** Typing settles for this long before a replan starts (each keystroke is a new profile). */
const SETTLE_MS = 250;

/**
 * The job's plan for the plotter with `settings`. The server plans every job with the
 * stock motion limits of an AxiDraw model (all stock models share them); when the plotter's
 * own limits differ, the plan is planned again here with the plotter's profile
 * (`replanMotion`, in a worker), so the plot runs at the plotter's speeds and its time
 * estimate is this plotter's. Same strokes, layers, pauses and pen timings either way.
 */
export function usePlotterPlan(jobPlan: JobPlan, settings: PlotterSettings): PlotterPlan {
  const profile = useMemo(() => {
    try {
      return plotterProfile(settings);
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
  }, [settings]);
  const limitsKey = profile instanceof Error ? profile.message : JSON.stringify(profile);
  const [state, setState] = useState<PlotterPlan>({ status: 'waiting' });

  useEffect(() => {
    if (jobPlan.status !== 'ready') {
      setState({ status: 'waiting' });
      return;
    }
    if (profile instanceof Error) {
      setState({
        status: 'error',
        message: `The plotter settings are not usable: ${profile.message}`,
      });
      return;
    }
    const original = jobPlan.blob.plan;
    const from = stockProfile(settings.model);
    if (sameLimits(from.penDown, profile.penDown) && sameLimits(from.penUp, profile.penUp)) {
      setState({
        status: 'ready',
        plan: original,
        profile,
        replanned: false,
        jobPlanS: original.durationS,
      });
      return;
    }
    setState({ status: 'planning' });
    const pending: { replan: PendingReplan | null } = { replan: null };
    let live = true;
    const timer = setTimeout(() => {
      pending.replan = replanInWorker({ plan: original, from, to: profile });
      pending.replan.result.then(
        ({ plan }) =>
          live &&
          setState({
            status: 'ready',
            plan,
            profile,
            replanned: true,
            jobPlanS: original.durationS,
          }),
        (e: unknown) =>
          live &&
          setState({ status: 'error', message: e instanceof Error ? e.message : String(e) }),
      );
    }, SETTLE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
      pending.replan?.cancel();
    };
    // The profile is compared by value: a new settings object with the same limits is no change.
  }, [jobPlan, limitsKey]);
  return state;
}

function sameLimits(a: MotionLimits, b: MotionLimits): boolean {
  return (
    a.maxSpeedMmS === b.maxSpeedMmS &&
    a.accelMmS2 === b.accelMmS2 &&
    a.corneringMm === b.corneringMm
  );
}
