// The counting pipeline's health (数据处理状态) and the data-quality list (无法判定) — for every
// signed-in user and department key, each within its scope.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env.js';
import { validationHook } from '../http/http-errors.js';
import { errorAnswers, json, security } from '../http/openapi.js';

export const pipelineRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
const errs = errorAnswers({ 400: 'invalid', 403: 'not allowed' });

const Status = z
  .object({
    asOf: z.string(),
    state: z.enum(['ok', 'retrying', 'behind']),
    behind: z.boolean().describe('true when the oldest record not yet counted waits longer than behindAfterSeconds'),
    behindSince: z.string().nullable(),
    lagSeconds: z.number().describe('age of the oldest record not yet counted (0 when nothing waits)'),
    behindAfterSeconds: z.number(),
    countedUpTo: z.string().describe('figures include every record stored before this moment (数据截至)'),
    lastSuccessAt: z.string().nullable(),
    lastBatchLagMs: z.number().nullable(),
    errorsLastHour: z.number(),
    recentErrors: z
      .array(z.object({ at: z.string(), message: z.string(), records: z.number() }))
      .optional()
      .describe('supervisors and administrators of the whole city only'),
    history: z
      .object({
        loadedFrom: z.string().describe('figures are complete from the first day of this month (YYYY-MM)'),
        monthsDone: z.number(),
        monthsTotal: z.number(),
        done: z.boolean(),
      })
      .optional()
      .describe(
        "the demo city's older months, loading after the server opened (npm start -- --demo, first start only); writes answer 503 meanwhile",
      ),
    recompute: z.object({
      running: z.boolean(),
      reason: z.string().nullable(),
      processed: z.number(),
      requestedAt: z.string().nullable(),
      completedAt: z.string().nullable(),
      itemsWaiting: z.number(),
    }),
  })
  .openapi('PipelineStatus');

const Quality = z
  .object({
    departments: z.array(z.object({ department: z.string(), name: z.string(), cannotJudge: z.number() })),
    total: z.number(),
  })
  .openapi('DataQuality');

const Problem = z
  .object({
    kind: z.enum(['case', 'complaint', 'evaluation']),
    id: z.string(),
    reason: z
      .string()
      .describe(
        'rule code: no_start_event, ended_before_acceptance, event_before_acceptance, resumed_without_suspension, invalid_extension, unknown_item, too_many_records, internal_error',
      ),
    recordIds: z.array(z.string()).describe('the records involved, the one to correct first'),
    message: z.string(),
    messageZh: z.string(),
    action: z.string(),
    actionZh: z.string(),
    detail: z.string().optional(),
    itemCode: z.string().nullable(),
    regionCode: z.string().nullable(),
    firstAt: z.string().nullable(),
    lastAt: z.string().nullable(),
  })
  .openapi('CannotJudge');

pipelineRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/pipeline',
    tags: ['figures'],
    security,
    operationId: 'getPipelineStatus',
    summary: 'How far the figures are counted (数据截至), whether they are behind, errors of the last hour, the recompute job',
    responses: { 200: { description: 'status', content: json(Status) }, ...errs },
  }),
  async (c) => c.json(await c.var.services.pipeline.status(c.var.principal), 200),
);

pipelineRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/pipeline/quality',
    tags: ['figures'],
    security,
    operationId: 'getDataQuality',
    summary: 'Per department in your scope: cases, complaints and evaluations that cannot be judged (无法判定)',
    responses: { 200: { description: 'counts', content: json(Quality) }, ...errs },
  }),
  async (c) => c.json(await c.var.services.pipeline.quality(c.var.principal), 200),
);

pipelineRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/pipeline/quality/{department}',
    tags: ['figures'],
    security,
    operationId: 'listCannotJudge',
    summary: "A department's cases, complaints and evaluations that cannot be judged, with the reason, the records involved and what to do",
    request: {
      params: z.object({ department: z.string().min(1).max(64) }),
      query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), cursor: z.string().max(2000).optional() }),
    },
    responses: {
      200: {
        description: 'list',
        content: json(z.object({ department: z.string(), problems: z.array(Problem), next: z.string().optional() })),
      },
      ...errs,
    },
  }),
  async (c) => {
    const q = c.req.valid('query');
    return c.json(
      await c.var.services.pipeline.problems(c.var.principal, c.req.valid('param').department, {
        limit: q.limit,
        ...(q.cursor ? { cursor: q.cursor } : {}),
      }),
      200,
    );
  },
);
