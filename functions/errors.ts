// One error type for the API: services throw AppError, one onError handler renders it.
import type { FieldError } from '../shared/contract/field-errors.js';

export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'too_many_requests'
  | 'locked'
  | 'internal';

export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 423 | 429 | 500,
    readonly code: ErrorCode,
    message: string,
    readonly messageZh: string,
    readonly details?: FieldError[],
    /** Seconds to wait before retrying (sent as Retry-After). */
    readonly retryAfterS?: number,
  ) {
    super(message);
  }
}

export const errors = {
  unauthorized: () =>
    new AppError(
      401,
      'unauthorized',
      'missing, wrong, expired or revoked credentials: send Authorization: Bearer <key or token>',
      '凭证缺失、错误、过期或已吊销：请在 Authorization 头中发送 Bearer <密钥或令牌>',
    ),
  forbidden: (what: string, zh: string) => new AppError(403, 'forbidden', what, zh),
  notFound: (what: string, zh: string) => new AppError(404, 'not_found', what, zh),
  badRequest: (what: string, zh: string, details?: FieldError[]) => new AppError(400, 'bad_request', what, zh, details),
  conflict: (what: string, zh: string) => new AppError(409, 'conflict', what, zh),
};
