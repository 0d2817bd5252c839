// E-licence catalog routes (电子证照目录): everyone reads the licence types; the administrator puts
// them one at a time, as a list, or as a CSV/XLSX sheet (each change audited).
import { OpenAPIHono, z } from '@hono/zod-openapi';
import {
  LicenceCode,
  LicenceEnvelope,
  LicenceResultSchema,
  LicenceType,
  MAX_LICENCES_PER_BATCH,
} from '../../../shared/contract/licences.js';
import { zodErrors } from '../../../shared/contract/field-errors.js';
import { AppError, errors } from '../../errors.js';
import { LICENCE_COLUMN_HELP, inSheetTerms, parseLicenceFile } from '../../services/licence-import.js';
import type { CatalogFileFormat } from '../../services/catalog-import.js';
import type { AppEnv } from '../http/env.js';
import { ErrorBody } from '../http/http-errors.js';
import { readJsonBody } from './request-helpers.js';
import { errorAnswers, json, security } from '../http/openapi.js';

export const licenceRoutes = new OpenAPIHono<AppEnv>();
const errs = errorAnswers({ 400: 'invalid, with every failing field', 403: 'not an administrator' });
const Stored = LicenceType.extend({ revision: z.int(), updatedAt: z.string() });
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MEDIA_TYPES: Record<string, CatalogFileFormat> = { 'text/csv': 'csv', [XLSX_TYPE]: 'xlsx' };

licenceRoutes.openAPIRegistry.registerPath({
  method: 'get',
  path: '/v1/licences',
  operationId: 'listLicenceTypes',
  tags: ['catalog'],
  security,
  summary: 'The e-licence catalog (电子证照目录): every licence type, by code',
  description:
    'Reference data readable by every signed-in user and department key: a catalog material exempted by e-licence names one of these codes (`licenceCode`).',
  responses: { 200: { description: 'licence types', content: json(z.object({ licences: z.array(Stored) })) }, 401: errs[401] },
});
licenceRoutes.get('/v1/licences', async (c) => c.json({ licences: await c.var.services.licences.list() }, 200));

licenceRoutes.openAPIRegistry.registerPath({
  method: 'put',
  path: '/v1/admin/licences/{code}',
  operationId: 'putLicenceType',
  tags: ['admin'],
  security,
  summary: 'Add or rename one licence type (电子证照类型)',
  request: { params: z.object({ code: LicenceCode }), body: { required: true, content: json(LicenceType.partial({ code: true })) } },
  responses: { 200: { description: 'stored (or unchanged)', content: json(LicenceResultSchema) }, ...errs },
});
licenceRoutes.put('/v1/admin/licences/:code', async (c) => {
  const code = c.req.param('code');
  const body = await readJsonBody(c);
  const given = body && typeof body === 'object' ? (body as { code?: unknown }).code : undefined;
  if (given !== undefined && given !== code) {
    throw errors.badRequest('code in the body differs from the one in the path', '请求体中的 code 与路径中的不一致', [
      {
        path: 'code',
        code: 'path_mismatch',
        message: `must equal ${code} (the path) or be left out`,
        messageZh: `须与路径中的 ${code} 相同，或省略`,
      },
    ]);
  }
  const [result] = await c.var.services.licences.put(c.var.principal, [{ ...(body && typeof body === 'object' ? body : {}), code }]);
  if (result!.status === 'rejected') throw errors.badRequest('the licence type is invalid', '证照类型内容有误', result!.errors);
  return c.json(result!, 200);
});

licenceRoutes.openAPIRegistry.registerPath({
  method: 'post',
  path: '/v1/admin/licences',
  operationId: 'postLicenceTypes',
  tags: ['admin'],
  security,
  summary: 'Add or rename a list of licence types (批量维护电子证照目录)',
  request: { body: { required: true, content: json(z.object({ licences: z.array(LicenceType).max(MAX_LICENCES_PER_BATCH) })) } },
  responses: {
    200: { description: 'per-type results in input order', content: json(z.object({ results: z.array(LicenceResultSchema) })) },
    ...errs,
  },
});
licenceRoutes.post('/v1/admin/licences', async (c) => {
  const body = await readJsonBody(c);
  const env = LicenceEnvelope.safeParse(body);
  if (!env.success)
    throw errors.badRequest(
      `the body must be {"licences": [ … ]} with at most ${MAX_LICENCES_PER_BATCH} types`,
      `请求体须为 {"licences": [ … ]}，最多 ${MAX_LICENCES_PER_BATCH} 项`,
      zodErrors(env.error, body),
    );
  return c.json({ results: await c.var.services.licences.put(c.var.principal, env.data.licences) }, 200);
});

licenceRoutes.openAPIRegistry.registerPath({
  method: 'post',
  path: '/v1/admin/licences/import',
  operationId: 'importLicenceTypes',
  tags: ['admin'],
  security,
  summary: 'Import the e-licence catalog from a CSV or XLSX sheet (导入电子证照目录)',
  description: `The body is the file itself, one row per licence type. Columns (English or Chinese headers): ${LICENCE_COLUMN_HELP}. Every error path names the sheet row and the column as written in the header, e.g. "row 7: 证照类型名称".`,
  request: {
    body: {
      required: true,
      content: { 'text/csv': { schema: z.string() }, [XLSX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) } },
    },
  },
  responses: {
    200: {
      description: 'per-row results in sheet order',
      content: json(z.object({ results: z.array(LicenceResultSchema.extend({ row: z.int() })), summary: z.record(z.string(), z.int()) })),
    },
    ...errs,
    415: { description: 'not text/csv or XLSX', content: json(ErrorBody) },
  },
});
licenceRoutes.post('/v1/admin/licences/import', async (c) => {
  const format = MEDIA_TYPES[(c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()];
  if (!format)
    throw new AppError(
      415,
      'unsupported_media_type',
      `send the file as the body with Content-Type text/csv or ${XLSX_TYPE}`,
      `请将文件作为请求体上传，并设置 Content-Type 为 text/csv 或 ${XLSX_TYPE}`,
    );
  // The administrator first, so a non-administrator learns that before anything about the file.
  await c.var.services.licences.put(c.var.principal, []);
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength === 0)
    throw errors.badRequest('the body is empty: send the file itself as the body', '请求体为空，请将文件本身作为请求体上传');
  const parsed = await parseLicenceFile(bytes, format);
  const results = inSheetTerms(parsed, await c.var.services.licences.put(c.var.principal, parsed.licences));
  const summary: Record<string, number> = { rows: results.length, accepted: 0, updated: 0, duplicate: 0, rejected: 0 };
  for (const r of results) summary[r.status]!++;
  return c.json({ results, summary }, 200);
});
