import { formatDuration } from './format-duration.ts';
import type { PlotSnapshot } from './plot-controller.ts';
import type { PlotterPlan } from './use-plotter-plan.ts';

/**
 * Elapsed and remaining time, the plan's time on this plotter and the layer being drawn.
 * Before a plot the remaining time is the plan's; a plan made again for the plotter's own
 * limits says so, with the job plan's time (the server's estimate) beside it.
 */
export function PlotTimes(props: { state: PlotSnapshot; plan: PlotterPlan; layer: string }) {
  const { state, plan } = props;
  const planS = plan.status === 'ready' ? plan.plan.durationS : null;
  const remainingS = state.remainingS ?? planS;
  return (
    <>
      <dl class="facts plot-times">
        <dt>Elapsed</dt>
        <dd data-testid="plot-elapsed">{formatDuration(state.elapsedS)}</dd>
        <dt>Remaining</dt>
        <dd data-testid="plot-remaining">
          {remainingS === null ? '—' : formatDuration(remainingS)}
        </dd>
        <dt>Plan time on this plotter</dt>
        <dd data-testid="plot-plan-time">{planS === null ? '—' : formatDuration(planS)}</dd>
        <dt>Layer</dt>
        <dd data-testid="plot-layer">{props.layer}</dd>
      </dl>
      {plan.status === 'planning' && (
        <p class="hint" role="status" aria-busy="true" data-testid="plot-replan">
          Planning the plot for this plotter’s speeds…
        </p>
      )}
      {plan.status === 'ready' && plan.replanned && (
        <p class="hint" data-testid="plot-replan">
          Planned on this device for this plotter’s speeds and accelerations; the job’s plan (stock
          AxiDraw limits) takes {formatDuration(plan.jobPlanS)}.
        </p>
      )}
      {plan.status === 'error' && (
        <p class="form-error" role="alert">
          {plan.message}
        </p>
      )}
    </>
  );
}
