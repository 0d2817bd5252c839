// Figures routes (指标): the figures of a period and filter, series, breakdowns, the paper
// ranking, warnings and one case's clock. Authorised by role and scope in the service.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { CHANNELS, LEVELS } from '../../../shared/enums.js';
import { CaseDetail, WarningsAnswer } from '../../../shared/contract/cases.js';
import { DepartmentCode } from '../../../shared/contract/catalog.js';
import { FiguresAnswer, FiguresByDepartment } from '../../../shared/contract/figures.js';
import {
  ApplicantsAnswer,
  BreakdownAnswer,
  LicencesAnswer,
  PaperMaterialsAnswer,
  ProcessingHistogramAnswer,
  SeriesAnswer,
} from '../../../shared/contract/figure-views.js';
import { ItemCode, RegionCode, SenderId } from '../../../shared/contract/records.js';
import { METRIC_IDS, type MetricId } from '../../../shared/figures/metrics.js';
import { errors } from '../../errors.js';
import type { AppEnv } from '../http/env.js';
import { ErrorBody, validationHook } from '../http/http-errors.js';
import { errorAnswers, json, security } from '../http/openapi.js';

export const figuresRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
const errs = errorAnswers({ 400: 'invalid query', 403: 'outside your scope' });

const Day = z.iso.date().describe('YYYY-MM-DD, an Asia/Shanghai date');
const FilterQuery = z.object({
  from: Day,
  to: Day,
  department: DepartmentCode.optional(),
  region: RegionCode.optional().describe('a county/district or township code (12 digits)'),
  item: ItemCode.optional(),
  channel: z.enum(CHANNELS).optional(),
  level: z.enum(LEVELS).optional(),
});
const Metric = z.enum(METRIC_IDS as [MetricId, ...MetricId[]]);
const RateNote =
  'Every rate is a number in [0,1] or null (no denominator: shown "—"), with `<name>Parts` {numerator, denominator} next to it.';

function filterOf(q: z.infer<typeof FilterQuery>) {
  const { from, to, department, region, item, channel, level } = q;
  const f = { department, region, item, channel, level };
  return { from, to, filter: Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) };
}

figuresRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/figures',
    operationId: 'getFigures',
    tags: ['figures'],
    security,
    summary: 'Figures of a period (指标): cases, materials, complaints, evaluations, catalog',
    description: `Definitions: domain.md. ${RateNote} Cases count on the day of the event the figure is about (acceptance, completion). Filters combine one dimension, or department + county. compare=previous|year adds the same figures for the previous period or the same period a year earlier.`,
    request: { query: FilterQuery.extend({ compare: z.enum(['previous', 'year']).optional() }) },
    responses: { 200: { description: 'figures', content: json(FiguresAnswer) }, ...errs },
  }),
  async (c) => {
    const q = c.req.valid('query');
    return c.json(
      await c.var.services.figures.figures(c.var.principal, { ...filterOf(q), ...(q.compare ? { compare: q.compare } : {}) }),
      200,
    );
  },
);

figuresRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/figures/by-department',
    operationId: 'getFiguresByDepartment',
    tags: ['figures'],
    security,
    summary: 'The whole figures answer of a period for each department, in one call (按部门的全部指标)',
    description: `One row per department, each exactly what GET /v1/figures?department=…&region=… answers the same caller for the same period (a year by department is one call, not one per department). \`departments\`: comma-separated codes (at most 200); without it, every department the caller may read: a department key or department user its own only (asking for another department is 403, as on /v1/figures); an administrator, supervisor or leader every department; a region user every department within its region (department × county figures; a township-scoped user is refused with 400 unsupported_combination, as on /v1/figures). ${RateNote}`,
    request: {
      query: z.object({
        from: Day,
        to: Day,
        departments: z.string().max(4000).optional().describe('comma-separated department codes'),
        region: RegionCode.optional().describe("a county/district (12 digits): each department's figures within it"),
      }),
    },
    responses: { 200: { description: 'one figures answer per department', content: json(FiguresByDepartment) }, ...errs },
  }),
  async (c) => {
    const q = c.req.valid('query');
    const departments = q.departments
      ? q.departments
          .split(',')
          .map((d) => d.trim())
          .filter(Boolean)
      : undefined;
    if (departments && (departments.length > 200 || departments.some((d) => !DepartmentCode.safeParse(d).success))) {
      throw errors.badRequest(
        'departments: at most 200 department codes, comma-separated',
        'departments 须为逗号分隔的部门编码，最多 200 个',
        [
          {
            path: 'departments',
            code: 'invalid',
            message: 'at most 200 department codes, comma-separated',
            messageZh: '逗号分隔的部门编码，最多 200 个',
          },
        ],
      );
    }
    return c.json(
      await c.var.services.figures.figuresByDepartment(c.var.principal, {
        from: q.from,
        to: q.to,
        ...(departments ? { departments } : {}),
        ...(q.region ? { region: q.region } : {}),
      }),
      200,
    );
  },
);

figuresRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/figures/series',
    operationId: 'getFigureSeries',
    tags: ['figures'],
    security,
    summary: 'One metric over time (趋势), at most 500 points (the server coarsens the interval rather than send more)',
    request: { query: FilterQuery.extend({ metric: Metric, interval: z.enum(['day', 'week', 'month']).optional() }) },
    responses: { 200: { description: 'points', content: json(SeriesAnswer) }, ...errs },
  }),
  async (c) => {
    const q = c.req.valid('query');
    return c.json(
      await c.var.services.figures.series(c.var.principal, {
        ...filterOf(q),
        metric: q.metric,
        ...(q.interval ? { interval: q.interval } : {}),
      }),
      200,
    );
  },
);

figuresRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/figures/breakdown',
    operationId: 'getFigureBreakdown',
    tags: ['figures'],
    security,
    summary: 'One metric by department, region, item, channel or level (排名)',
    request: { query: FilterQuery.extend({ metric: Metric, by: z.enum(['department', 'region', 'item', 'channel', 'level']) }) },
    description:
      'For the ranked rates (onTimeRate, satisfactionRate, exemptionCoverage) by department or region, each row also has `rank` and `rankStatus`, with the monthly report\'s rule: a unit is ranked when the denominator reaches the minimum volume of the report settings (`ranking.minVolume`: completed cases, evaluations or items; default 30, 30, 10), equal values share a rank, and with fewer than two such units nobody is ranked (`sole_eligible`). By region, evaluation metrics (evaluations, satisfactionRate …) add a row `key: "unknown"` (地区未知 / region unknown: evaluations naming no case, or a case not known) when no region filter applies; it is never ranked (`rankStatus: region_unknown`).',
    responses: { 200: { description: 'rows', content: json(BreakdownAnswer) }, ...errs },
  }),
  async (c) => {
    const q = c.req.valid('query');
    return c.json(await c.var.services.figures.breakdown(c.var.principal, { ...filterOf(q), metric: q.metric, by: q.by }), 200);
  },
);

figuresRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/figures/processing-histogram',
    operationId: 'getProcessingHistogram',
    tags: ['figures'],
    security,
    summary: 'Processing time distribution (办理用时分布): completed cases by working days taken, in bins',
    description:
      "Bins of working days: 0 (immediate), up to 0.5, 1, 2, 3, 5, 10, 20, 40, and more (`to` null). Read from the rollups' log-bucket sketch: counts add up to the completed cases exactly; a case within 0.9% of a bin edge may be counted in the neighbouring bin. p50/p90 as in /v1/figures.",
    request: { query: FilterQuery },
    responses: { 200: { description: 'bins', content: json(ProcessingHistogramAnswer) }, ...errs },
  }),
  async (c) => {
    return c.json(await c.var.services.figures.processingHistogram(c.var.principal, filterOf(c.req.valid('query'))), 200);
  },
);

figuresRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/figures/applicants',
    operationId: 'getApplicantFigures',
    tags: ['figures'],
    security,
    summary: 'Accepted cases by age band (年龄段) and by assisted mode (帮办代办)',
    description: `Over the cases accepted in the period. By age band: person applicants that state one (enterprises and persons without a band are in no row); \`share\` of all such applicants, \`assistedShare\` = assisted (proxy or guided) ÷ the band's cases. By assisted mode (none, guided, proxy): every accepted case; \`share\` of all accepted, \`elderlyShare\` = the mode's 60+ applicants ÷ all 60+ applicants. Same filters, scope and refusals as /v1/figures (a combination no rollup keeps answers 400 \`unsupported_combination\`). ${RateNote}`,
    request: { query: FilterQuery },
    responses: { 200: { description: 'rows', content: json(ApplicantsAnswer) }, ...errs },
  }),
  async (c) => {
    return c.json(await c.var.services.figures.applicants(c.var.principal, filterOf(c.req.valid('query'))), 200);
  },
);

figuresRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/figures/paper-materials',
    operationId: 'getPaperMaterials',
    tags: ['figures'],
    security,
    summary: 'Materials still handed in on paper (仍需纸质提交), most first: where the next exemption saves most',
    request: { query: FilterQuery.extend({ limit: z.coerce.number().int().min(1).max(500).optional() }) },
    responses: { 200: { description: 'ranked rows', content: json(PaperMaterialsAnswer) }, ...errs },
  }),
  async (c) => {
    const q = c.req.valid('query');
    return c.json(
      await c.var.services.figures.paperMaterials(c.var.principal, { ...filterOf(q), ...(q.limit ? { limit: q.limit } : {}) }),
      200,
    );
  },
);

figuresRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/figures/licences',
    operationId: 'getLicenceFigures',
    tags: ['figures'],
    security,
    summary: 'E-licence types (电子证照类型): cases and materials of the period exempted by each, ranked by cases',
    description:
      'A case counts on its acceptance day once per licence type, a material once; the type is the one its catalog material names (licenceCode). `typesInUse`: types named by items in force in scope; `typesUsed`: types with at least one exempted material in the period; `unnamedMaterials`: materials provided via e_license whose catalog material names no type. Every filter of /v1/figures applies, within your scope.',
    request: { query: FilterQuery },
    responses: { 200: { description: 'licence types, ranked', content: json(LicencesAnswer) }, ...errs },
  }),
  async (c) => {
    return c.json(await c.var.services.figures.licences(c.var.principal, filterOf(c.req.valid('query'))), 200);
  },
);

figuresRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/warnings',
    operationId: 'listWarnings',
    tags: ['figures'],
    security,
    summary: 'Open cases by warning level (红牌 red: overdue; 黄牌 yellow: ≥ 90% of the limit used), oldest deadline first',
    request: {
      query: z.object({
        level: z.enum(['red', 'yellow']),
        department: DepartmentCode.optional(),
        region: RegionCode.optional(),
        item: ItemCode.optional(),
        channel: z.enum(CHANNELS).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
        cursor: z.string().max(2000).optional(),
      }),
    },
    responses: { 200: { description: 'cases; pass `next` as cursor for more', content: json(WarningsAnswer) }, ...errs },
  }),
  async (c) => {
    const { level, limit, cursor, ...f } = c.req.valid('query');
    const filter = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined));
    try {
      return c.json(await c.var.services.figures.warnings(c.var.principal, { level, filter, limit, ...(cursor ? { cursor } : {}) }), 200);
    } catch (e) {
      if (e instanceof SyntaxError)
        throw errors.badRequest('the cursor is not one this API gave out', '分页游标无效', [
          { path: 'cursor', code: 'invalid', message: 'pass the `next` value of the previous page', messageZh: '请传入上一页返回的 next' },
        ]);
      throw e;
    }
  },
);

figuresRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/cases/{department}/{caseId}',
    operationId: 'getCase',
    tags: ['figures'],
    security,
    summary: "A case's events and its clock (办件时效): deadline, suspensions, extension, warning — and how the deadline was computed",
    request: { params: z.object({ department: DepartmentCode, caseId: SenderId }) },
    responses: {
      200: { description: 'the case', content: json(CaseDetail) },
      404: { description: 'no such case', content: json(ErrorBody) },
      ...errs,
    },
  }),
  async (c) => {
    const { department, caseId } = c.req.valid('param');
    return c.json(await c.var.services.figures.caseDetail(c.var.principal, department, caseId), 200);
  },
);
