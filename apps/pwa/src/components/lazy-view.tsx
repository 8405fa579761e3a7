import type { ComponentChild, ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * Renders a component loaded on demand (its own chunk), so only the job board is in the
 * initial JavaScript; the service worker precaches every chunk, so this works offline too.
 */
export function LazyView<P extends object>(props: {
  load: () => Promise<ComponentType<P>>;
  props: P;
  /** Shown while loading. */
  fallback?: ComponentChild;
}) {
  const [View, setView] = useState<ComponentType<P> | null>(null);
  const [failed, setFailed] = useState(false);
  const { load } = props;
  useEffect(() => {
    let live = true;
    load().then(
      (c) => live && setView(() => c),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [load]);
  if (failed)
    return (
      <p class="form-error" role="alert">
        This part of the app could not be loaded. Check the connection and reload.
      </p>
    );
  return View ? <View {...props.props} /> : (props.fallback ?? <div aria-busy="true" />);
}
