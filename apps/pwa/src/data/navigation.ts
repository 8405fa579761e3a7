/** The app's address bar: the current path and a way to go elsewhere (history API in main.tsx). */
export interface Navigation {
  path(): string;
  push(path: string): void;
  /** Calls `listener` on back/forward and pushes; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
}
