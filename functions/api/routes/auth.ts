// Sign-in for dashboard users (登录): username + password → a bearer session token.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { LoginInput, LoginResult, PublicUser } from '../../../shared/contract/admin.js';
import type { AppEnv } from '../http/env.js';
import { ErrorBody, validationHook } from '../http/http-errors.js';
import { security } from '../http/openapi.js';

/** Public: no credential needed. */
export const loginRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
loginRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/v1/auth/login',
    operationId: 'login',
    tags: ['auth'],
    security: [],
    summary: 'Sign in (登录)',
    request: { body: { required: true, content: { 'application/json': { schema: LoginInput } } } },
    responses: {
      200: { description: 'a session token for Authorization: Bearer', content: { 'application/json': { schema: LoginResult } } },
      401: { description: 'wrong username or password', content: { 'application/json': { schema: ErrorBody } } },
      423: {
        description: 'locked after too many failed sign-ins; an administrator unlocks it',
        content: { 'application/json': { schema: ErrorBody } },
      },
      429: {
        description: 'too many failed sign-ins from this username or client: wait Retry-After seconds',
        content: { 'application/json': { schema: ErrorBody } },
      },
    },
  }),
  async (c) => {
    const { username, password } = c.req.valid('json');
    return c.json(await c.var.services.auth.login(username, password, clientOf(c)), 200);
  },
);

/**
 * The caller's address for throttling: the socket's (npm start answers clients directly), else
 * the first X-Forwarded-For hop (on AWS, set by CloudFront / API Gateway; a client can add hops of
 * its own, so the per-username throttle and the lockout are what cannot be dodged), else API
 * Gateway's source address.
 */
function clientOf(c: Context): string {
  const env = c.env as
    | { incoming?: { socket?: { remoteAddress?: string } }; requestContext?: { http?: { sourceIp?: string } } }
    | undefined;
  const socket = env?.incoming?.socket?.remoteAddress;
  if (socket) return socket;
  const fwd = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
  if (fwd) return fwd.slice(0, 64);
  return env?.requestContext?.http?.sourceIp ?? 'unknown';
}

/** Needs a credential. */
export const sessionRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
const Me = z.union([
  z.object({ kind: z.literal('department'), departmentCode: z.string(), keyId: z.string() }),
  z.object({ kind: z.literal('user'), username: z.string(), role: PublicUser.shape.role, scope: PublicUser.shape.scope }),
]);
sessionRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/me',
    operationId: 'getMe',
    tags: ['auth'],
    security,
    summary: 'Who am I (当前身份)',
    responses: {
      200: { description: 'the caller', content: { 'application/json': { schema: Me } } },
      401: { description: 'missing, expired or revoked credential', content: { 'application/json': { schema: ErrorBody } } },
    },
  }),
  (c) => c.json(c.var.principal, 200),
);

sessionRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/v1/auth/logout',
    operationId: 'logout',
    tags: ['auth'],
    security,
    summary: 'Sign out (退出)',
    responses: {
      204: { description: 'the session token no longer works' },
      401: { description: 'missing, expired or revoked credential', content: { 'application/json': { schema: ErrorBody } } },
    },
  }),
  async (c) => {
    const token = /^Bearer\s+(\S+)/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (token) await c.var.services.auth.logout(token);
    return c.body(null, 204);
  },
);
