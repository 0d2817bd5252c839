// Work-list routes (投诉与好差评明细): complaints and evaluations of a period, filtered and paged,
// as JSON or CSV, and one complaint or evaluation with its timeline. Scoped in the service.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { DepartmentCode } from '../../../shared/contract/catalog.js';
import { COMPLAINT_CATEGORIES } from '../../../shared/enums.js';
import { ComplaintDetail, ComplaintPage, EvaluationDetail, EvaluationPage } from '../../../shared/contract/feedback.js';
import { ItemCode, RegionCode, SenderId } from '../../../shared/contract/records.js';
import { COMPLAINT_STATES, EVALUATION_STATES } from '../../../shared/figures/feedback-status.js';
import { complaintsCsv, evaluationsCsv } from '../../services/feedback-csv.js';
import type { AppEnv } from '../http/env.js';
import { ErrorBody, validationHook } from '../http/http-errors.js';
import { errorAnswers, json, security } from '../http/openapi.js';

export const feedbackRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
const errs = errorAnswers({ 400: 'invalid query (or a cursor this API did not give out)', 403: 'outside your scope' });

const Day = z.iso.date().describe('YYYY-MM-DD, an Asia/Shanghai date');
const ListQuery = z.object({
  from: Day.describe('received (submitted) on or after this day'),
  to: Day.describe('received (submitted) on or before this day'),
  department: DepartmentCode.optional(),
  region: RegionCode.optional().describe('a county/district or township code (12 digits)'),
  item: ItemCode.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(2000).optional().describe('the `next` of the previous page'),
  format: z
    .enum(['json', 'csv'])
    .default('json')
    .describe('csv: every matching row (up to 10,000) as one CSV file, UTF-8 with BOM, Chinese headers; limit and cursor are ignored'),
});
const Bool = z.enum(['true', 'false']).transform((v) => v === 'true');
/** An ASCII name for old clients and the Chinese one (RFC 6266) for the rest. */
const csvHeaders = (ascii: string, name: string) => ({
  'content-type': 'text/csv; charset=utf-8',
  'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
});

feedbackRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/complaints',
    operationId: 'listComplaints',
    tags: ['work lists'],
    security,
    summary:
      'Complaints received in a period (投诉明细), newest first: open, late to respond or resolve — each with its deadlines and case',
    description:
      'Within your scope (a department key or user sees its department, a district user its district). Deadlines and lateness are judged as of today exactly as the response/resolution rates are. Paged: pass `next` as `cursor`.',
    request: {
      query: ListQuery.extend({
        category: z.enum(COMPLAINT_CATEGORIES).optional(),
        state: z
          .enum(COMPLAINT_STATES)
          .optional()
          .describe('open (not resolved), resolved, late (to respond or resolve), late_response, late_resolution'),
      }),
    },
    responses: {
      200: { description: 'complaints', content: { ...json(ComplaintPage), 'text/csv': { schema: z.string() } } },
      ...errs,
    },
  }),
  async (c) => {
    const { format, cursor, ...q } = c.req.valid('query');
    const svc = c.var.services.feedbackLists;
    if (format === 'csv') {
      // `as never`: Hono types an answer by the route's JSON schema only; the text/csv one it declares is not typed.
      const r = await svc.complaintsCsv(c.var.principal, q);
      return c.body(complaintsCsv(r.rows), 200, {
        ...csvHeaders(`complaints-${q.from}_${q.to}.csv`, `投诉明细-${q.from}_${q.to}.csv`),
        ...(r.truncated ? { 'x-truncated': 'true' } : {}),
      }) as never;
    }
    return c.json(await svc.complaints(c.var.principal, { ...q, ...(cursor ? { cursor } : {}) }), 200);
  },
);

feedbackRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/evaluations',
    operationId: 'listEvaluations',
    tags: ['work lists'],
    security,
    summary: 'Evaluations submitted in a period (好差评明细), newest first: bad reviews not (or late) rectified — each with its case',
    description:
      'Within your scope. An evaluation carries no region: it is in a region when the case it names is (evaluations naming no case are in no region, so a district user does not see them). Paged: pass `next` as `cursor`.',
    request: {
      query: ListQuery.extend({
        score: z.coerce.number().int().min(1).max(5).optional(),
        bad: Bool.optional().describe('true: bad reviews only (score 1–2); false: the others'),
        state: z
          .enum(EVALUATION_STATES)
          .optional()
          .describe(
            'bad reviews that are unrectified, rectified, or late_rectification (rectified late, or unrectified past the deadline)',
          ),
      }),
    },
    responses: {
      200: { description: 'evaluations', content: { ...json(EvaluationPage), 'text/csv': { schema: z.string() } } },
      ...errs,
    },
  }),
  async (c) => {
    const { format, cursor, ...q } = c.req.valid('query');
    const svc = c.var.services.feedbackLists;
    if (format === 'csv') {
      // `as never`: as for the complaints' CSV above.
      const r = await svc.evaluationsCsv(c.var.principal, q);
      return c.body(evaluationsCsv(r.rows), 200, {
        ...csvHeaders(`evaluations-${q.from}_${q.to}.csv`, `评价明细-${q.from}_${q.to}.csv`),
        ...(r.truncated ? { 'x-truncated': 'true' } : {}),
      }) as never;
    }
    return c.json(await svc.evaluations(c.var.principal, { ...q, ...(cursor ? { cursor } : {}) }), 200);
  },
);

feedbackRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/complaints/{department}/{complaintId}',
    operationId: 'getComplaint',
    tags: ['work lists'],
    security,
    summary: 'One complaint: where it stands (deadlines, late or not) and its records in order',
    request: { params: z.object({ department: DepartmentCode, complaintId: SenderId }) },
    responses: {
      200: { description: 'the complaint', content: json(ComplaintDetail) },
      404: { description: 'no such complaint', content: json(ErrorBody) },
      ...errs,
    },
  }),
  async (c) => {
    const { department, complaintId } = c.req.valid('param');
    return c.json(await c.var.services.feedbackLists.complaint(c.var.principal, department, complaintId), 200);
  },
);

feedbackRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/evaluations/{department}/{evaluationId}',
    operationId: 'getEvaluation',
    tags: ['work lists'],
    security,
    summary: 'One evaluation: its score, rectification deadline, the region of its case, and its records in order',
    request: { params: z.object({ department: DepartmentCode, evaluationId: SenderId }) },
    responses: {
      200: { description: 'the evaluation', content: json(EvaluationDetail) },
      404: { description: 'no such evaluation', content: json(ErrorBody) },
      ...errs,
    },
  }),
  async (c) => {
    const { department, evaluationId } = c.req.valid('param');
    return c.json(await c.var.services.feedbackLists.evaluation(c.var.principal, department, evaluationId), 200);
  },
);
