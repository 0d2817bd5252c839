// Rendering errors: one shape for every failure, never a stack trace or a raw cause.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { z } from 'zod';
import { z as zod } from 'zod';
import { zodErrors } from '../../../shared/contract/field-errors.js';
import { AppError } from '../../errors.js';

export const ErrorBody = zod.object({
  error: zod.object({
    code: zod.string(),
    message: zod.string(),
    messageZh: zod.string(),
    details: zod.array(zod.object({ path: zod.string(), code: zod.string(), message: zod.string(), messageZh: zod.string() })).optional(),
  }),
});

export function errorResponse(c: Context, e: unknown): Response {
  if (e instanceof AppError) {
    if (e.retryAfterS !== undefined) c.header('retry-after', String(e.retryAfterS));
    return c.json(
      { error: { code: e.code, message: e.message, messageZh: e.messageZh, ...(e.details ? { details: e.details } : {}) } },
      e.status,
    );
  }
  if (e instanceof HTTPException) {
    const status = e.status;
    return c.json(
      { error: { code: status === 404 ? 'not_found' : 'bad_request', message: e.message || 'bad request', messageZh: '请求有误' } },
      status,
    );
  }
  if (c.req.raw.signal?.aborted) {
    // The client went away mid-request (an aborted upload): nobody reads the answer; one line, no stack.
    console.warn(`request aborted by the client: ${c.req.method} ${c.req.path}`);
    return c.json(
      { error: { code: 'bad_request', message: 'the request was aborted by the client', messageZh: '请求已被客户端中止' } },
      400,
    );
  }
  console.error('unhandled error', c.req.method, c.req.path, e);
  return c.json(
    {
      error: {
        code: 'internal',
        message: 'internal error; nothing was half-stored — retry the request (records already accepted answer duplicate)',
        messageZh: '服务器内部错误；不会保存半条记录，请重试（已接受的记录会返回 duplicate）',
      },
    },
    500,
  );
}

/** For @hono/zod-openapi: renders a failed request validation as a 400 with field paths. */
export function validationHook(result: { success: boolean; error?: z.ZodError; data?: unknown; target?: string }, c: Context) {
  if (!result.success && result.error) {
    return c.json(
      {
        error: {
          code: 'bad_request',
          message: `invalid ${result.target ?? 'request'}`,
          messageZh: '请求参数有误',
          details: zodErrors(result.error),
        },
      },
      400,
    );
  }
  return undefined;
}
