import { useEffect, useState } from 'preact/hooks';
import { useServices } from './use-services.ts';

/** The current path; re-renders on navigation. */
export function useRoute(): string {
  const { navigation } = useServices();
  const [path, setPath] = useState(navigation.path());
  useEffect(() => navigation.subscribe(() => setPath(navigation.path())), [navigation]);
  return path;
}
