// Reference data and settings routes: regions (行政区划 and functional zones), data feeds
// (数据接入), the working-day calendar (工作日历) and follow-up deadlines (时限配置).
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { CalendarAnswer, FeedsAnswer, RegionList, RegionSchema } from '../../../shared/contract/reference.js';
import { DeadlinesInput, YearInput } from '../../services/settings-service.js';
import { ZoneInput } from '../../services/zone-input.js';
import type { AppEnv } from '../http/env.js';
import { ErrorBody, validationHook } from '../http/http-errors.js';
import { errorAnswers, json, security } from '../http/openapi.js';

export const referenceRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
const errs = errorAnswers({ 400: 'invalid', 403: 'not allowed' });

referenceRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/regions',
    operationId: 'listRegions',
    tags: ['reference'],
    security,
    summary: 'The city, its districts/counties and townships, and functional zones (行政区划)',
    responses: { 200: { description: 'regions', content: json(RegionList) }, ...errs },
  }),
  async (c) => c.json({ regions: await c.var.services.reference.regions() }, 200),
);

referenceRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/v1/admin/regions',
    operationId: 'importRegions',
    tags: ['admin'],
    security,
    summary: 'Add a functional zone (功能区, e.g. 高新区) with a code you choose',
    request: { body: { required: true, content: json(ZoneInput) } },
    responses: {
      201: { description: 'added', content: json(RegionSchema) },
      409: { description: 'code exists', content: json(ErrorBody) },
      ...errs,
    },
  }),
  async (c) => c.json(await c.var.services.reference.addZone(c.var.principal, c.req.valid('json')), 201),
);

referenceRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/feeds',
    operationId: 'listFeeds',
    tags: ['figures'],
    security,
    summary: 'Data feeds (数据接入): per department, records accepted, duplicate, rejected by rule, voids, and time since the last record',
    request: { query: z.object({ from: z.iso.date(), to: z.iso.date() }) },
    responses: { 200: { description: 'per department', content: json(FeedsAnswer) }, ...errs },
  }),
  async (c) => {
    const { from, to } = c.req.valid('query');
    return c.json(await c.var.services.reference.feeds(c.var.principal, from, to), 200);
  },
);

referenceRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/admin/calendar',
    operationId: 'getCalendar',
    tags: ['admin'],
    security,
    summary: 'The working-day calendar in force (工作日历), by year — administrators only',
    responses: { 200: { description: 'calendar', content: json(CalendarAnswer) }, ...errs },
  }),
  async (c) => c.json(await c.var.services.settings.calendar(c.var.principal), 200),
);

referenceRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/v1/admin/calendar/{year}',
    operationId: 'putCalendarYear',
    tags: ['admin'],
    security,
    summary: 'Add or correct one year of the calendar; every figure that depends on it is recomputed',
    request: {
      params: z.object({ year: z.coerce.number().int().min(2019).max(2100) }),
      body: { required: true, content: json(YearInput) },
    },
    responses: {
      200: { description: 'saved', content: json(z.object({ version: z.string(), year: z.number(), recomputing: z.boolean() })) },
      ...errs,
    },
  }),
  async (c) => c.json(await c.var.services.settings.putYear(c.var.principal, c.req.valid('param').year, c.req.valid('json')), 200),
);

const Deadlines = z.object({
  complaints: z.record(z.string(), z.object({ respondDays: z.number(), resolveDays: z.number() })),
  rectifyDays: z.number(),
});
referenceRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/admin/deadlines',
    operationId: 'getDeadlineSettings',
    tags: ['admin'],
    security,
    summary: 'Complaint response/resolution and bad-review rectification limits, in working days — administrators only',
    responses: { 200: { description: 'limits', content: json(Deadlines) }, ...errs },
  }),
  async (c) => c.json(await c.var.services.settings.deadlines(c.var.principal), 200),
);

referenceRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/deadlines',
    operationId: 'getDeadlines',
    tags: ['reference'],
    security,
    summary:
      "The follow-up limits in force (时限), read-only, for every signed-in caller: the same limits judge every department's complaints and reviews",
    responses: { 200: { description: 'limits', content: json(Deadlines) }, ...errs },
  }),
  async (c) => c.json(await c.var.services.settings.limits(), 200),
);

referenceRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/v1/admin/deadlines',
    operationId: 'putDeadlineSettings',
    tags: ['admin'],
    security,
    summary: 'Change the limits (no recomputation needed: rates are judged as of now)',
    request: { body: { required: true, content: json(DeadlinesInput) } },
    responses: { 200: { description: 'limits now in force', content: json(Deadlines) }, ...errs },
  }),
  async (c) => c.json(await c.var.services.settings.putDeadlines(c.var.principal, c.req.valid('json')), 200),
);
