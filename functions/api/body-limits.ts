// Body-size limits (请求体大小限制) on every route, sized to purpose, checked before a body is read
// (hono's bodyLimit: the Content-Length header, or the bytes as they stream in).
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { MAX_BATCH_BYTES } from '../../shared/contract/records.js';
import { AppError } from '../errors.js';
import type { CoreEnv } from './http/env.js';

const KB = 1024;
const MB = 1024 * KB;

/** [method, path pattern, bytes]; the first match wins. */
export const BODY_LIMITS: ReadonlyArray<[string, RegExp, number]> = [
  ['POST', /^\/v1\/events$/, MAX_BATCH_BYTES], // ingest-api.md: 1 MB
  ['POST', /^\/v1\/catalog\/import$/, 10 * MB], // a sheet
  ['POST', /^\/v1\/admin\/licences(\/import)?$/, 1 * MB], // the e-licence catalog (a few hundred short rows)
  ['POST', /^\/v1\/catalog\/items$/, 8 * MB], // up to 500 items of up to 200 materials
  ['PUT', /^\/v1\/catalog\/items\/[^/]+$/, 256 * KB], // one item
  ['POST', /^\/v1\/auth\/login$/, 4 * KB], // a username and a password
  ['PUT', /^\/v1\/admin\/calendar\/\d+$/, 16 * KB], // one year of dates
  ['*', /^\//, 64 * KB], // every other JSON body: admin, reports, settings
];

export function bodyLimitFor(method: string, path: string): number {
  for (const [m, re, n] of BODY_LIMITS) if ((m === '*' || m === method) && re.test(path)) return n;
  return 64 * KB;
}

function tooLarge(max: number): AppError {
  const size = max >= MB ? `${max / MB} MB` : `${max / KB} KB`;
  return new AppError(413, 'payload_too_large', `the body is over ${size}, the limit of this endpoint`, `请求体超过本接口上限 ${size}`);
}

export function bodyLimits(): MiddlewareHandler<CoreEnv> {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    const max = bodyLimitFor(c.req.method, c.req.path);
    return bodyLimit({
      maxSize: max,
      onError: () => {
        throw tooLarge(max);
      },
    })(c, next);
  };
}
