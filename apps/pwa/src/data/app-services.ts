import type { DeviceDatabase } from '@fabdesk/sync/client/create-device-database.ts';
import type { DeviceReplication } from '@fabdesk/sync/client/replicate-collections.ts';
import { createContext } from 'preact';
import type { ApiClient } from './api-client.ts';
import type { FileServices } from './file-services.ts';
import type { PlotHost } from '../plot/plot-host.ts';
import type { Navigation } from './navigation.ts';
import type { Session, SessionStore } from './session.ts';

/** A signed-in device: its database and the replication keeping it in step with the server. */
export interface Device {
  db: DeviceDatabase;
  replication: DeviceReplication;
  close(): Promise<void>;
}

/** A new version of the app waiting; applying it reloads the page. */
export interface UpdatePort {
  subscribe(listener: (waiting: boolean) => void): () => void;
  apply(): void;
}

/** The browser's own idea of the network (cable pulled, Wi-Fi off), as events. */
export interface NetworkPort {
  online(): boolean;
  subscribe(listener: (online: boolean) => void): () => void;
}

/**
 * Everything the app takes from its platform, built in main.tsx (the one place that
 * touches browser globals), so components stay plain functions of their inputs.
 */
export interface AppServices {
  sessions: SessionStore;
  api: ApiClient;
  navigation: Navigation;
  openDevice(session: Session): Promise<Device>;
  /** The page's own origin: the server that served the app. */
  defaultServer: string;
  reload(): void;
  updates: UpdatePort;
  network: NetworkPort;
  /** Uploads, cached blobs, run cancel and the SVG worker. */
  files: FileServices;
  newId(): string;
  now(): Date;
  /** Puts text on the system clipboard (the conflicts screen copies a lost text back). */
  copyText(text: string): Promise<void>;
  /** Serial ports, clock, wake lock and leave warning for the plot console. */
  plot: PlotHost;
}

export const ServicesContext = createContext<AppServices | null>(null);

/** The signed-in session and its open device; null on the sign-in screen. */
export interface SignedIn {
  session: Session;
  device: Device;
  signOut(): Promise<void>;
}
export const SignedInContext = createContext<SignedIn | null>(null);
