import { useEffect, useState } from 'preact/hooks';
import { useServices } from './use-services.ts';

/** The time, refreshed every `everyMs` (lease expiry, "5 min ago"). */
export function useNow(everyMs = 15_000): Date {
  const { now } = useServices();
  const [time, setTime] = useState(now());
  useEffect(() => {
    const timer = setInterval(() => setTime(now()), everyMs);
    return () => clearInterval(timer);
  }, [now, everyMs]);
  return time;
}
