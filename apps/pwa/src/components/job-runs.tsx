import type { Run } from '@fabdesk/shared/models/run.ts';
import { useState } from 'preact/hooks';
import { useServices, useSignedIn } from '../hooks/use-services.ts';

/**
 * The job's conversion and simulation runs with their live progress (the runs replicate as
 * the server's workers write them, at least every second) and Cancel while one is pending
 * or running: the server stops its worker process group and the run ends cancelled.
 */
export function JobRuns(props: { runs: readonly Run[] }) {
  const { files } = useServices();
  const { session } = useSignedIn();
  const [cancelling, setCancelling] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (props.runs.length === 0)
    return <p class="hint">No conversion or simulation has run for this job yet.</p>;
  const cancel = async (run: Run) => {
    setError(null);
    setCancelling(run.id);
    try {
      await files.cancelRun(session, run.id);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'The run could not be cancelled.');
    } finally {
      setCancelling(null);
    }
  };
  const sorted = [...props.runs].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return (
    <>
      <ul class="runs" data-testid="runs">
        {sorted.map((run) => {
          const total = run.progressTotal ?? 0;
          const active = run.status === 'pending' || run.status === 'running';
          const percent = total > 0 ? Math.round(((run.progressCurrent ?? 0) / total) * 100) : null;
          return (
            <li key={run.id} class="run-row" data-testid={`run-${run.kind}`}>
              <span>
                {run.kind} · <span data-testid="run-status">{run.status}</span>
                {/* The stage is what a run is doing; a finished run's last stage is stale. */}
                {active && run.stage ? ` · ${run.stage}` : ''}
                {active && percent !== null ? ` · ${percent}%` : ''}
              </span>
              {run.status === 'running' && (
                // Without a total the bar is indeterminate: busy, amount unknown.
                <progress
                  {...(total > 0 ? { max: total, value: run.progressCurrent ?? 0 } : {})}
                  aria-label={`${run.kind} progress`}
                />
              )}
              {active && (
                <button
                  type="button"
                  class="button button-small"
                  disabled={cancelling === run.id}
                  onClick={() => void cancel(run)}
                >
                  Cancel <span class="visually-hidden">{run.kind}</span>
                </button>
              )}
              {run.errorMessage && <span class="form-error">{run.errorMessage}</span>}
            </li>
          );
        })}
      </ul>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
