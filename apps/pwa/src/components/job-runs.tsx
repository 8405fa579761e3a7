import type { Run } from '@fabdesk/shared/models/run.ts';

/** The job's conversion and simulation runs with their progress. */
export function JobRuns(props: { runs: readonly Run[] }) {
  if (props.runs.length === 0)
    return <p class="hint">No conversion or simulation has run for this job yet.</p>;
  return (
    <ul class="runs">
      {props.runs.map((run) => {
        const total = run.progressTotal ?? 0;
        return (
          <li key={run.id}>
            <span>
              {run.kind} · {run.status}
              {run.stage ? ` · ${run.stage}` : ''}
            </span>
            {run.status === 'running' && total > 0 ? (
              <progress
                max={total}
                value={run.progressCurrent ?? 0}
                aria-label={`${run.kind} progress`}
              />
            ) : null}
            {run.errorMessage && <span class="form-error">{run.errorMessage}</span>}
          </li>
        );
      })}
    </ul>
  );
}
