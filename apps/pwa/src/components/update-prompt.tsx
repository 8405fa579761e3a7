import { useEffect, useState } from 'preact/hooks';
import { useServices } from '../hooks/use-services.ts';

/**
 * Offers a waiting new version; never reloads by itself (a reload in the middle of a plot
 * would stop the plot).
 */
export function UpdatePrompt() {
  const { updates } = useServices();
  const [waiting, setWaiting] = useState(false);
  useEffect(() => updates.subscribe(setWaiting), [updates]);
  if (!waiting) return null;
  return (
    <div class="update-prompt" role="alert">
      <span>A new version of fabdesk is ready. Reload when no plot is running.</span>
      <button type="button" class="button" onClick={() => updates.apply()}>
        Reload now
      </button>
      <button type="button" class="button button-quiet" onClick={() => setWaiting(false)}>
        Later
      </button>
    </div>
  );
}
