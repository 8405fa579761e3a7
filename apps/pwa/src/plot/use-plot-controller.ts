import { useEffect, useMemo, useState } from 'preact/hooks';
import { useServices } from '../hooks/use-services.ts';
import { PlotController, type PlotSnapshot } from './plot-controller.ts';

/**
 * Consoles whose plot is still running after the screen was left (the header's links do
 * not unload the page): the plot goes on, and coming back shows it again.
 */
const running = new Map<string, PlotController>();

/**
 * The console's plotter connection for one job: the running controller if this job is
 * being plotted, else a new one; its snapshot as state. Leaving the console disconnects
 * the plotter unless a plot is running.
 */
export function usePlotController(jobId: string): {
  controller: PlotController;
  state: PlotSnapshot;
} {
  const { plot } = useServices();
  const controller = useMemo(() => running.get(jobId) ?? new PlotController(plot), [plot, jobId]);
  const [state, setState] = useState(controller.state);
  useEffect(() => {
    running.delete(jobId);
    setState(controller.state);
    const stop = controller.subscribe(setState);
    return () => {
      stop();
      if (controller.busy) {
        running.set(jobId, controller);
        // Disconnect once the plot has ended, unless a console took it back meanwhile.
        const release = controller.subscribe(() => {
          if (controller.busy) return;
          release();
          if (running.get(jobId) === controller) {
            running.delete(jobId);
            void controller.disconnect();
          }
        });
      } else void controller.disconnect();
    };
  }, [controller, jobId]);
  return { controller, state };
}
