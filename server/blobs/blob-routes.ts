import { Hono, type MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import type { AuthEnv } from '../auth/auth-context.ts';
import { HttpError } from '../http-error.ts';
import { readBlob } from './put-blob.ts';
import type { Database } from '../db/database.ts';

/**
 * `GET /blobs/:hash`: a content-addressed blob (a plan or a source file) for devices to
 * fetch and cache. The hash names the bytes, so the response never changes: cached for a
 * year as immutable, ETag = the hash, and a matching If-None-Match gets 304.
 */
export function blobRoutes(db: Kysely<Database>, authenticate: MiddlewareHandler<AuthEnv>) {
  const app = new Hono<AuthEnv>();
  app.use('/blobs/*', authenticate);
  app.get('/blobs/:hash', async (c) => {
    const hash = c.req.param('hash');
    if (!/^[0-9a-f]{64}$/.test(hash))
      throw new HttpError('bad-request', 'expected a blob hash of 64 lowercase hex digits');
    const etag = `"${hash}"`;
    const cacheControl = 'private, max-age=31536000, immutable';
    if (
      c.req
        .header('if-none-match')
        ?.split(/\s*,\s*/)
        .includes(etag)
    )
      return c.body(null, 304, { etag, 'cache-control': cacheControl });
    const blob = await readBlob(db, hash);
    if (!blob) throw new HttpError('not-found', `no blob ${hash}`);
    return c.body(blob.data as Uint8Array<ArrayBuffer>, 200, {
      'content-type': blob.mediaType,
      etag,
      'cache-control': cacheControl,
    });
  });
  return app;
}
