import { useEffect, useMemo, useState } from 'preact/hooks';
import { useServices } from '../hooks/use-services.ts';
import { PlotController, type PlotSnapshot } from './plot-controller.ts';

/**
 * The console's plotter connection: one controller per mounted console, its snapshot as
 * state, disconnected when the console goes away.
 */
export function usePlotController(): { controller: PlotController; state: PlotSnapshot } {
  const { plot } = useServices();
  const controller = useMemo(() => new PlotController(plot), [plot]);
  const [state, setState] = useState(controller.state);
  useEffect(() => {
    const stop = controller.subscribe(setState);
    return () => {
      stop();
      void controller.disconnect();
    };
  }, [controller]);
  return { controller, state };
}
