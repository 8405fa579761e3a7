import type { MiddlewareHandler } from 'hono';
import { PROTOCOL_HEADER, SYNC_PROTOCOL_VERSION } from '@fabdesk/sync/protocol-version.ts';
import { HttpError } from '../http-error.ts';

/**
 * Refuses a sync request whose protocol header is not this server's version (426), before
 * authentication, so an outdated app is told to reload instead of misreading documents.
 */
export const checkProtocol: MiddlewareHandler = async (c, next) => {
  const version = c.req.header(PROTOCOL_HEADER);
  if (version !== String(SYNC_PROTOCOL_VERSION)) {
    throw new HttpError(
      'protocol-outdated',
      `this server speaks sync protocol ${SYNC_PROTOCOL_VERSION}; the request said ${version ?? 'nothing'} (reload the app)`,
    );
  }
  await next();
};
