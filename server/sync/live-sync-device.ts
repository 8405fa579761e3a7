import { randomUUID } from 'node:crypto';
import type { DeviceCollection } from '@fabdesk/sync/client/rx-schemas.ts';
import {
  createDeviceDatabase,
  type DeviceDatabase,
} from '@fabdesk/sync/client/create-device-database.ts';
import type { FetchLike } from '@fabdesk/sync/client/fetch-port.ts';
import {
  type DeviceReplication,
  type StartReplicationOptions,
  startReplication,
} from '@fabdesk/sync/client/replicate-collections.ts';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';

/**
 * A simulated device for replication tests and `bench/sync.ts`: an RxDB database in
 * memory (opening only `collections`: RxDB's free edition allows 13 open collections per
 * process) that goes online against a real server with a real device token. Every request
 * it makes is recorded, so a test can say what it did NOT ask for.
 */
export interface LiveDevice {
  db: DeviceDatabase;
  sync: DeviceReplication | null;
  requests: { method: string; url: string; at: number }[];
  online(baseUrl?: string): DeviceReplication;
  offline(): Promise<void>;
  close(): Promise<void>;
}

export async function openLiveDevice(options: {
  baseUrl: string;
  token: string;
  collections: readonly DeviceCollection[];
  liveStream?: boolean;
  pullBatchSize?: number;
  pushBatchSize?: number;
}): Promise<LiveDevice> {
  const db = await createDeviceDatabase({
    storage: getRxStorageMemory(),
    name: `d${randomUUID().replaceAll('-', '')}`,
    collections: options.collections,
  });
  const requests: LiveDevice['requests'] = [];
  const recordingFetch: FetchLike = (url, init) => {
    requests.push({ method: init?.method ?? 'GET', url, at: performance.now() });
    return fetch(url, init as RequestInit) as unknown as ReturnType<FetchLike>;
  };
  const device: LiveDevice = {
    db,
    sync: null,
    requests,
    online(baseUrl = options.baseUrl) {
      const replication: StartReplicationOptions = {
        db,
        baseUrl,
        token: options.token,
        fetch: recordingFetch,
        liveStream: options.liveStream ?? true,
        retryTimeMs: 100,
        ...(options.pullBatchSize === undefined ? {} : { pullBatchSize: options.pullBatchSize }),
        ...(options.pushBatchSize === undefined ? {} : { pushBatchSize: options.pushBatchSize }),
      };
      device.sync = startReplication(replication);
      return device.sync;
    },
    async offline() {
      await device.sync?.stop();
      device.sync = null;
    },
    async close() {
      await device.offline();
      await db.remove();
    },
  };
  return device;
}
