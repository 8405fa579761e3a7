import type { DeviceDatabase } from '@fabdesk/sync/client/create-device-database.ts';
import { createOutboxUploader, type OutboxUploader } from '../data/outbox-uploader.ts';
import { useServices, useSignedIn } from './use-services.ts';

// One uploader per open device database, so the screen's "upload now" and the background
// sender share one queue and never send the same job twice from this tab.
const uploaders = new WeakMap<DeviceDatabase, OutboxUploader>();

export function useOutboxUploader(): OutboxUploader {
  const { files } = useServices();
  const { device, session } = useSignedIn();
  let uploader = uploaders.get(device.db);
  if (!uploader) {
    uploader = createOutboxUploader({ db: device.db, session, files });
    uploaders.set(device.db, uploader);
  }
  return uploader;
}
