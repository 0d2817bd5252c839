// Resolves the bearer credential to a principal for every /v1 route but the public ones.
import type { MiddlewareHandler } from 'hono';
import type { CoreEnv } from './http/env.js';

export function requireAuth(): MiddlewareHandler<CoreEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    c.set('principal', await c.var.services.auth.authenticate(m?.[1]));
    await next();
  };
}
