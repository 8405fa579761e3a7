import { createMiddleware } from 'hono/factory';
import { HttpError } from '../http-error.ts';
import type { AuthEnv } from './auth-context.ts';

/** After `requireAuth`: lets admins through, answers 403 `forbidden` to everyone else. */
export const requireAdmin = createMiddleware<AuthEnv>(async (c, next) => {
  if (c.get('auth').role !== 'admin') throw new HttpError('forbidden', 'only an admin may do this');
  await next();
});
