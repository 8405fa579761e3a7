import { INITIAL_SYNC_STATUS, type SyncStatus } from '@fabdesk/sync/client/sync-status.ts';
import { useEffect, useState } from 'preact/hooks';
import { useObservable } from './use-observable.ts';
import { useServices, useSignedIn } from './use-services.ts';

/**
 * The replication's status, offline as soon as the browser knows the network is gone (an
 * open live stream can outlive a pulled cable until its next heartbeat fails).
 */
export function useSyncStatus(): SyncStatus {
  const { network } = useServices();
  const { device } = useSignedIn();
  const [networkUp, setNetworkUp] = useState(network.online());
  useEffect(() => network.subscribe(setNetworkUp), [network]);
  const status =
    useObservable(() => device.replication.status$, [device]).value ?? INITIAL_SYNC_STATUS;
  return networkUp ? status : { ...status, online: false };
}
