// POST /v1/events — department records (ingest-api.md). Per-record answers in a 200; only a wrong
// envelope is refused whole (400/413/415), and then nothing is stored.
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import {
  EventsEnvelope,
  MAX_BATCH_BYTES,
  MAX_RECORDS_PER_BATCH,
  RecordResultSchema,
  RecordSchema,
} from '../../../shared/contract/records.js';
import { zodErrors } from '../../../shared/contract/field-errors.js';
import { AppError, errors } from '../../errors.js';
import type { CoreEnv } from '../http/env.js';
import { ErrorBody } from '../http/http-errors.js';
import { readJsonBody, requireDepartment } from './request-helpers.js';
import { OPS_METRICS } from '../../../shared/ops-metrics.js';
import { emitOps } from '../../observability.js';
import { security } from '../http/openapi.js';

export const eventsRoutes = new OpenAPIHono<CoreEnv>();

eventsRoutes.openAPIRegistry.registerPath({
  method: 'post',
  path: '/v1/events',
  operationId: 'postEvents',
  tags: ['records'],
  security,
  summary: 'Post case, complaint and evaluation records (办件、投诉、评价事件)',
  description: `Up to ${MAX_RECORDS_PER_BATCH} records or 1 MB. Each record is judged on its own, in order: fields, then id (duplicate/conflict), then a void's target. The answer lists one result per record in input order. A record answered accepted is durable.`,
  request: {
    body: {
      required: true,
      content: { 'application/json': { schema: z.object({ records: z.array(RecordSchema).max(MAX_RECORDS_PER_BATCH) }) } },
    },
  },
  responses: {
    200: {
      description: 'per-record results',
      content: { 'application/json': { schema: z.object({ results: z.array(RecordResultSchema) }) } },
    },
    400: {
      description: 'the envelope is wrong (not JSON, no records, too many); nothing stored',
      content: { 'application/json': { schema: ErrorBody } },
    },
    401: { description: 'missing, wrong, expired or revoked key', content: { 'application/json': { schema: ErrorBody } } },
    413: { description: 'body over 1 MB; nothing stored', content: { 'application/json': { schema: ErrorBody } } },
    415: { description: 'content type is not application/json', content: { 'application/json': { schema: ErrorBody } } },
  },
});

eventsRoutes.post(
  '/v1/events',
  bodyLimit({
    maxSize: MAX_BATCH_BYTES,
    onError: () => {
      throw tooLarge();
    },
  }),
  async (c) => {
    const principal = requireDepartment(c.var.principal);
    const body = await readJsonBody(c);
    if (
      body &&
      typeof body === 'object' &&
      Array.isArray((body as { records?: unknown }).records) &&
      (body as { records: unknown[] }).records.length > MAX_RECORDS_PER_BATCH
    ) {
      throw new AppError(
        413,
        'payload_too_large',
        `at most ${MAX_RECORDS_PER_BATCH} records per request; split the batch`,
        `每次最多 ${MAX_RECORDS_PER_BATCH} 条记录，请分批发送`,
      );
    }
    const env = EventsEnvelope.safeParse(body);
    if (!env.success)
      throw errors.badRequest('the body must be {"records": [ … ]}', '请求体须为 {"records": [ … ]}', zodErrors(env.error, body));
    const results = await c.var.services.ingest.ingest(principal.departmentCode, env.data.records);
    // Ingest rate per department on the operations dashboard (a no-op outside Lambda).
    emitOps([{ metric: OPS_METRICS.recordsAccepted, value: results.filter((r) => r.status === 'accepted').length }], {
      Department: principal.departmentCode,
    });
    return c.json({ results }, 200);
  },
);

function tooLarge() {
  return new AppError(
    413,
    'payload_too_large',
    `the body is over ${MAX_BATCH_BYTES} bytes; split the batch`,
    `请求体超过 1 MB，请分批发送`,
  );
}
