import type { Job } from '@fabdesk/shared/models/job.ts';
import type { Layer } from '@fabdesk/shared/models/layer.ts';
import type { PlotStatsDocument } from '@fabdesk/sync/plot-stats-document.ts';
import { useCollection } from '../hooks/use-collection.ts';
import { formatDuration } from './format-duration.ts';
import './plot-console.css';

/** How a recorded plot run ended, in words (its statistics' event type). */
const RUN_END: Record<string, string> = {
  PlotCompleted: 'completed',
  PlotAborted: 'aborted',
  PlotFailed: 'failed',
  PlotPaused: 'stopped by a plotter fault (paused)',
};

const mm = (v: number) => `${(v / 1000).toFixed(2)} m`;

/**
 * A job's plot figures: the simulation's estimate and each real plot (actual), newest
 * first, with their per-layer rows, so the estimate and the truth sit side by side.
 */
export function PlotRecord(props: { jobId: string }) {
  const stats = useCollection<PlotStatsDocument>('plot_stats', {
    selector: { jobId: props.jobId },
  });
  const jobs = useCollection<Job>('jobs', { selector: { id: props.jobId } });
  const layers: readonly Layer[] = jobs.docs[0]?.layers ?? [];
  if (stats.loading) return <div aria-busy="true" />;
  if (stats.docs.length === 0)
    return <p class="hint">No plot figures yet: they appear after a plot or a simulation.</p>;
  const sorted = [...stats.docs].sort((a, b) => b.timestamp.localeCompare(a.timestamp));
  return (
    <div class="plot-record" data-testid="plot-record">
      {sorted.map((s) => (
        <article key={s.id} class="plot-record-entry" data-testid={`plot-stats-${s.source}`}>
          <h3>
            {s.source === 'actual' ? 'Plot' : 'Estimate'}
            {s.source === 'actual' && ` — ${RUN_END[s.eventType] ?? s.eventType}`}
          </h3>
          <dl class="facts">
            <dt>Duration</dt>
            <dd data-testid="plot-stats-duration">
              {s.durationS === null ? '—' : formatDuration(s.durationS)}
              {typeof s.metadata.estimatedS === 'number' &&
                ` (estimate ${formatDuration(s.metadata.estimatedS)})`}
            </dd>
            <dt>Pen down</dt>
            <dd>
              {mm(s.distancePlottedMm)} in {formatDuration(s.penDownTimeS)}
            </dd>
            <dt>Pen up</dt>
            <dd>
              {mm(s.distanceTravelMm)} in {formatDuration(s.penUpTimeS)}
            </dd>
            <dt>Pen changes</dt>
            <dd>{s.penChanges}</dd>
            <dt>Layers</dt>
            <dd>
              {s.layersCompleted} of {s.totalLayers}
            </dd>
          </dl>
          {s.layers.length > 0 && (
            <table class="layers">
              <thead>
                <tr>
                  <th scope="col">Layer</th>
                  <th scope="col">Time</th>
                  <th scope="col">Pen down</th>
                  <th scope="col">Paths</th>
                </tr>
              </thead>
              <tbody>
                {inPlotOrder(s.layers, layers).map((l) => (
                  <tr key={l.id}>
                    <td>
                      {layers.find((j) => j.id === l.layerId)?.name ??
                        (typeof l.metadata.name === 'string' ? l.metadata.name : 'Layer')}
                    </td>
                    <td>{l.durationS === null ? '—' : formatDuration(l.durationS)}</td>
                    <td>{mm(l.distancePlottedMm)}</td>
                    <td>{l.pathCount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </article>
      ))}
    </div>
  );
}

/** Rows in the job's layer order (the server hands them back in no particular order). */
function inPlotOrder<T extends { layerId: string }>(rows: readonly T[], layers: readonly Layer[]) {
  const order = (row: T) => layers.find((l) => l.id === row.layerId)?.orderIndex ?? 1e9;
  return [...rows].sort((a, b) => order(a) - order(b));
}
