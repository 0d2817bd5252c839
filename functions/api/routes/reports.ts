// Monthly report routes (月度报告): the archive list, generation by an administrator, one report
// as JSON, the printable page (HTML), PDF, XLSX and CSV, and the report settings (minimum volumes,
// thresholds, reform targets). Authorised by role and scope in the report service.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { ReportAnswer, ReportDocSchema, ReportGenerated, ReportList } from '../../../shared/contract/reports.js';
import { ReportSettings, ReportSettingsInput } from '../../../shared/reports/settings-schema.js';
import { errors } from '../../errors.js';
import { PDF_UNAVAILABLE, PdfUnavailableError } from '../../adapters/pdf-renderer.js';
import type { ReportFormat } from '../../services/report-service.js';
import type { AppEnv } from '../http/env.js';
import { ErrorBody, validationHook } from '../http/http-errors.js';
import { errorAnswers, json, security } from '../http/openapi.js';

export const reportsRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
const errs = errorAnswers({ 400: 'invalid input', 403: 'outside your scope, or not an administrator' });

const Month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
  .describe('YYYY-MM, a closed month (Asia/Shanghai)');
const Scope = z.string().max(64).describe("'city', 'county:370303' (a county/district) or 'department:D-JYJ'");
const ReportId = z
  .string()
  .max(80)
  .describe('`<month>~city`, `<month>~county~<6-digit code>` or `<month>~department~<code>`, e.g. 2024-03~city');

// The JSON answer of one report is the contract's (shared/contract/reports.ts), every section
// declared. The document is one named component of the OpenAPI document, referred to by the GET
// and the POST answers (not written out in each: 30 kB instead of 115 kB). `clone()` first: zod
// copies its prototype's methods onto a schema when building it, so a contract schema built
// before @hono/zod-openapi added `.openapi()` (a test may load the contract first) has none.
const ReportDocRef = ReportDocSchema.clone().openapi('ReportDoc');
const ReportAnswerDoc = ReportAnswer.extend({ report: ReportDocRef }).openapi('ReportAnswer');
const ReportGeneratedDoc = ReportGenerated.extend({ report: ReportDocRef }).openapi('ReportGenerated');

reportsRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/reports',
    operationId: 'listReports',
    tags: ['reports'],
    security,
    summary: 'The monthly report archive (月度报告), newest month first, within your scope',
    request: { query: z.object({ month: Month.optional(), scope: Scope.optional() }) },
    responses: { 200: { description: 'reports', content: json(ReportList) }, ...errs },
  }),
  async (c) => {
    const q = c.req.valid('query');
    return c.json(
      await c.var.services.reports.list(c.var.principal, {
        ...(q.month ? { month: q.month } : {}),
        ...(q.scope ? { scope: q.scope } : {}),
      }),
      200,
    );
  },
);

reportsRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/v1/reports',
    operationId: 'generateReport',
    tags: ['reports'],
    security,
    summary: 'Generate a report, or regenerate it as a new version (administrator)',
    description:
      'The report is built from the figures as they stand now and archived; earlier versions stay readable (`?version=`). The month must have closed.',
    request: { body: { required: true, content: json(z.strictObject({ month: Month, scope: Scope })) } },
    responses: {
      201: { description: 'the new version', content: json(ReportGeneratedDoc) },
      409: { description: 'generated concurrently; retry', content: json(ErrorBody) },
      ...errs,
    },
  }),
  async (c) => c.json(await c.var.services.reports.generate(c.var.principal, c.req.valid('json')), 201),
);

reportsRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/admin/report-settings',
    operationId: 'getReportSettings',
    tags: ['reports'],
    security,
    summary: 'Report settings (报告设置): minimum volumes for rankings, thresholds, reform targets (administrator)',
    responses: { 200: { description: 'settings', content: json(ReportSettings) }, ...errs },
  }),
  async (c) => c.json(await c.var.services.reports.getSettings(c.var.principal), 200),
);

reportsRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/v1/admin/report-settings',
    operationId: 'putReportSettings',
    tags: ['reports'],
    security,
    summary: 'Set report settings and reform targets (改革目标) (administrator); parts left out keep their value',
    description:
      'A target: `{scope, metric, target, direction?, labelZh?, labelEn?}` — scope `city`, `county:370303`, `department:D-JYJ` or `*` (every report without its own); metric a headline id (e.g. certificateFreeItems, reductionRate, nearbyShare); a rate target as a fraction (0.3 = 30%). Applies to reports generated from now on.',
    request: { body: { required: true, content: json(ReportSettingsInput) } },
    responses: { 200: { description: 'the settings now', content: json(ReportSettings) }, ...errs },
  }),
  async (c) => c.json(await c.var.services.reports.putSettings(c.var.principal, c.req.valid('json')), 200),
);

// GET /v1/reports/{id}[.json|.html|.pdf|.xlsx|.csv] — one handler (a path parameter cannot be
// followed by a suffix in the router); documented below path by path.
const FORMATS: Record<string, ReportFormat> = { json: 'json', html: 'html', pdf: 'pdf', xlsx: 'xlsx', csv: 'csv' };
const FileQuery = z.object({
  version: z.coerce.number().int().min(1).optional().describe('a version number; default the current one'),
  lang: z.enum(['zh-CN', 'en']).default('zh-CN').describe('language of the page, PDF, XLSX and CSV headers'),
  section: z.string().max(40).optional().describe('CSV only: one section as a plain table (headline, rankingDepartments, …)'),
});

function contentDisposition(kind: 'inline' | 'attachment', ascii: string, unicode: string): string {
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(unicode)}`;
}

reportsRoutes.get('/v1/reports/:file', async (c) => {
  const file = c.req.param('file');
  const m = /^(.+?)(?:\.(json|html|pdf|xlsx|csv))?$/.exec(file)!;
  const id = m[1]!;
  const format = FORMATS[m[2] ?? 'json']!;
  const q = FileQuery.safeParse(c.req.query());
  if (!q.success)
    throw errors.badRequest(
      'invalid query',
      '请求参数有误',
      q.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code, message: i.message, messageZh: i.message })),
    );
  const version = q.data.version;
  // A plain route (documented by registerPath below): `satisfies` holds the answer to that contract.
  if (format === 'json') return c.json((await c.var.services.reports.get(c.var.principal, id, version)) satisfies ReportAnswer, 200);
  try {
    const f = await c.var.services.reports.file(c.var.principal, id, format, {
      ...(version ? { version } : {}),
      locale: q.data.lang,
      ...(q.data.section ? { section: q.data.section } : {}),
    });
    const headers = {
      'content-type': f.contentType,
      'content-disposition': contentDisposition(format === 'html' ? 'inline' : 'attachment', f.filename, f.title),
      'cache-control': 'private, no-store',
    };
    return typeof f.body === 'string' ? c.body(f.body, 200, headers) : c.body(f.body as Uint8Array<ArrayBuffer>, 200, headers);
  } catch (e) {
    if (e instanceof PdfUnavailableError) return c.json({ error: { code: 'not_implemented', ...PDF_UNAVAILABLE } }, 501);
    throw e;
  }
});

const fileParams = z.object({ id: ReportId });
const documented: Array<[string, string, string, Record<string, { schema: z.ZodType }>]> = [
  [
    '{id}',
    'One report (JSON): the document of the current version (or `?version=`), which version is current, and the version history with what changed',
    'report',
    json(ReportAnswerDoc),
  ],
  ['{id}.json', 'The same as /v1/reports/{id}', 'report', json(ReportAnswerDoc)],
  [
    '{id}.html',
    'The printable A4 page (standalone HTML with print CSS): the page the PDF is printed from',
    'page',
    { 'text/html': { schema: z.string() } },
  ],
  [
    '{id}.pdf',
    'The report as PDF (A4) of the same page: printed by Chromium locally, laid out by pdfkit with an embedded Noto Sans SC subset on AWS Lambda. 501 where neither is available: use XLSX/CSV or print the page',
    'PDF',
    { 'application/pdf': { schema: z.string().describe('binary') } },
  ],
  [
    '{id}.xlsx',
    'The report as an XLSX workbook: one sheet per section, numbers as numbers',
    'workbook',
    { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string().describe('binary') } },
  ],
  [
    '{id}.csv',
    'The report as CSV (UTF-8 with BOM): every section as a block, or `?section=` one plain table',
    'CSV',
    { 'text/csv': { schema: z.string() } },
  ],
];
for (const [suffix, summary, what, content] of documented) {
  reportsRoutes.openAPIRegistry.registerPath({
    method: 'get',
    path: `/v1/reports/${suffix}`,
    tags: ['reports'],
    security,
    summary,
    operationId: `getReport${suffix.replace('{id}', '').replace(/^\.(\w)/, (_m, c: string) => c.toUpperCase())}`,
    request: { params: fileParams, query: FileQuery },
    responses: {
      200: { description: what, content },
      404: { description: 'no such report or version', content: json(ErrorBody) },
      ...(suffix.endsWith('.pdf') ? { 501: { description: 'PDF not available in this deployment', content: json(ErrorBody) } } : {}),
      ...errs,
    },
  });
}
