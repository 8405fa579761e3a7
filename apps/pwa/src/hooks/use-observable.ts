import type { Observable } from 'rxjs';
import { useEffect, useState } from 'preact/hooks';

/**
 * The latest value of `observable` (re-subscribed when `deps` change). `loading` stays
 * true until the first value, so screens can keep their layout while data arrives.
 */
export function useObservable<T>(
  make: () => Observable<T>,
  deps: readonly unknown[],
): { value: T | undefined; loading: boolean } {
  const [state, setState] = useState<{ value: T | undefined; loading: boolean }>({
    value: undefined,
    loading: true,
  });
  useEffect(() => {
    setState((s) => ({ value: s.value, loading: true }));
    const subscription = make().subscribe((value) => setState({ value, loading: false }));
    return () => subscription.unsubscribe();
  }, deps);
  return state;
}
