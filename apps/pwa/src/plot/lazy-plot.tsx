import { LazyView } from '../components/lazy-view.tsx';

const loadConsole = () =>
  import('../screens/plot-console-screen.tsx').then((m) => m.PlotConsoleScreen);
const loadRecord = () => import('./plot-record.tsx').then((m) => m.PlotRecord);

/** `/job/:id/plot`, loaded on demand. */
export function LazyPlotConsole(props: { jobId: string }) {
  return (
    <LazyView
      load={loadConsole}
      props={props}
      fallback={<main class="page" id="main" aria-busy="true" />}
    />
  );
}

/** A job's plot statistics (estimate and actual plots), loaded on demand. */
export function LazyPlotRecord(props: { jobId: string }) {
  return <LazyView load={loadRecord} props={props} />;
}
