import { useEffect } from 'preact/hooks';
import { useOutboxUploader } from '../hooks/use-outbox-uploader.ts';
import { useServices, useSignedIn } from '../hooks/use-services.ts';

/** How often waiting uploads are tried again while the server does not answer. */
const RETRY_MS = 5000;

/**
 * Sends the outbox whenever there may be something to send: at start, when files are
 * added, when the browser comes back online, and every few seconds while an upload waits.
 * Renders nothing.
 */
export function OutboxSender() {
  const uploader = useOutboxUploader();
  const { network } = useServices();
  const { device } = useSignedIn();
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const send = () => {
      clearTimeout(timer);
      if (stopped) return;
      void uploader
        .drain()
        .catch(() => undefined)
        .then(async () => {
          if (stopped) return;
          // find, not count: RxDB refuses a count whose selector no index covers (QU14),
          // and the outbox holds a handful of files.
          const waiting = await device.db.outbox
            .find({ selector: { lastError: { $regex: '^retrying' } } })
            .exec();
          if (waiting.length > 0 && !stopped) timer = setTimeout(send, RETRY_MS);
        });
    };
    send();
    const inserted = device.db.outbox.insert$.subscribe(() => send());
    const offNetwork = network.subscribe((online) => online && send());
    return () => {
      stopped = true;
      clearTimeout(timer);
      inserted.unsubscribe();
      offNetwork();
    };
  }, [uploader, network, device]);
  return null;
}
