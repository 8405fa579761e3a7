import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { MiddlewareHandler } from 'hono';
import { getMimeType } from 'hono/utils/mime';

/** Paths that belong to the API: never answered with the app shell. */
const API_PREFIXES = ['/auth', '/sync', '/leases', '/staff', '/health', '/jobs', '/runs', '/blobs'];

/**
 * Serves the built PWA (apps/pwa/dist) after every API route had its chance: files as
 * they are, and index.html for client routes (`/jobs/…`, `/settings`) so a reload or a
 * shared link opens the app. Caching: Vite's hashed assets never change (immutable for a
 * year); index.html, sw.js and the manifest must be fetched fresh or an update would
 * never be seen.
 */
export function servePwa(pwaDir: string): MiddlewareHandler {
  const root = normalize(pwaDir + sep);
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const path = c.req.path;
    if (API_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`))) return next();
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return next();
    }
    // Security: resolve inside pwaDir only; `..` and encoded separators cannot leave it.
    const file = normalize(join(root, decoded === '/' ? 'index.html' : decoded));
    if (!file.startsWith(root)) return next();
    const found = await stat(file).catch(() => null);
    if (found?.isFile()) return send(c, file, cacheControlOf(decoded));
    // A client route (no file extension): the app shell decides what to show.
    if (extname(decoded) === '') return send(c, join(root, 'index.html'), NO_CACHE);
    return next();
  };
}

const NO_CACHE = 'no-cache';

function cacheControlOf(path: string): string {
  return path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : NO_CACHE;
}

async function send(c: Parameters<MiddlewareHandler>[0], file: string, cacheControl: string) {
  const body = await readFile(file).catch(() => null);
  if (body === null)
    return c.json(
      { error: { code: 'not-found', message: 'the app is not built: run npm run build' } },
      404,
    );
  const type =
    getMimeType(file) ??
    (file.endsWith('.webmanifest') ? 'application/manifest+json' : 'application/octet-stream');
  return c.body(body, 200, { 'content-type': type, 'cache-control': cacheControl });
}
