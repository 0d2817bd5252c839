// Catalog import (事项目录导入): the sheet a department keeps, uploaded as CSV or XLSX, through the
// same validation and storage as POST /v1/catalog/items, answered per item with sheet rows.
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { ItemResultSchema } from '../../../shared/contract/catalog.js';
import { AppError, errors } from '../../errors.js';
import {
  ALL_COLUMN_HELP,
  MAX_IMPORT_ITEMS,
  importCatalog,
  parseCatalogFile,
  validateItems,
  type CatalogFileFormat,
} from '../../services/catalog-import.js';
import type { AppEnv } from '../http/env.js';
import { ErrorBody } from '../http/http-errors.js';
import { json, security } from '../http/openapi.js';

export const catalogImportRoutes = new OpenAPIHono<AppEnv>();

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MEDIA_TYPES: Record<string, CatalogFileFormat> = { 'text/csv': 'csv', [XLSX_TYPE]: 'xlsx' };
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

const ImportResult = ItemResultSchema.extend({ rows: z.array(z.int()).describe('the sheet rows of the item, as Excel numbers them') });
const ImportAnswer = z.object({
  dryRun: z.boolean(),
  results: z.array(ImportResult).describe('one per item (itemCode + effectiveFrom), in order of first appearance in the sheet'),
  summary: z.object({ items: z.int(), accepted: z.int(), updated: z.int(), duplicate: z.int(), rejected: z.int(), forbidden: z.int() }),
});

catalogImportRoutes.openAPIRegistry.registerPath({
  method: 'post',
  path: '/v1/catalog/import',
  operationId: 'importCatalog',
  tags: ['catalog'],
  security,
  summary: 'Import items from a CSV or XLSX sheet (导入事项目录表)',
  description: [
    'The body is the file itself. One row per material; the item columns are repeated on each row of the item, and an item without materials is one row with the material columns empty. Rows are grouped into items by itemCode + effectiveFrom.',
    `Columns (English or Chinese headers): ${ALL_COLUMN_HELP}.`,
    'Chinese values are accepted for kind (行政许可 …), levels (市、县 …, separated by ; , 、 or ，), material kind (证照 …) and exemption (无, 电子证照 …); dates as YYYY-MM-DD (also 2024/1/1, 2024年1月1日, or an Excel date cell). CSV may be UTF-8 (with or without BOM) or GB18030/GBK.',
    `Every error path names the sheet row and the column as written in the header, e.g. "row 4: materialKind". At most ${MAX_IMPORT_ITEMS} items and 10 MB per file.`,
  ].join('\n\n'),
  request: {
    query: z.object({
      dryRun: z
        .enum(['true', 'false'])
        .optional()
        .describe(
          'true: validate only and store nothing (accepted then means "passes validation"; ownership and duplicates are not checked)',
        ),
    }),
    body: {
      required: true,
      content: {
        'text/csv': { schema: z.string().describe('CSV, UTF-8 or GB18030') },
        [XLSX_TYPE]: { schema: z.string().openapi({ format: 'binary' }).describe('the first visible worksheet is read') },
      },
    },
  },
  responses: {
    200: { description: 'per-item results in sheet order', content: json(ImportAnswer) },
    400: { description: 'the file cannot be read as a catalog sheet (header, format), with details', content: json(ErrorBody) },
    401: { description: 'missing, wrong or revoked key', content: json(ErrorBody) },
    403: { description: 'a dashboard user who is not an administrator', content: json(ErrorBody) },
    413: { description: 'over 10 MB', content: json(ErrorBody) },
    415: { description: 'not text/csv or XLSX', content: json(ErrorBody) },
  },
});
catalogImportRoutes.post(
  '/v1/catalog/import',
  async (c, next) => {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!MEDIA_TYPES[type]) {
      throw new AppError(
        415,
        'unsupported_media_type',
        `send the file as the body with Content-Type text/csv or ${XLSX_TYPE}`,
        `请将文件作为请求体上传，并设置 Content-Type 为 text/csv 或 ${XLSX_TYPE}`,
      );
    }
    await next();
  },
  bodyLimit({
    maxSize: MAX_IMPORT_BYTES,
    onError: () => {
      throw new AppError(413, 'payload_too_large', 'the file is over 10 MB; split the sheet', '文件超过 10 MB，请拆分后上传');
    },
  }),
  async (c) => {
    const format = MEDIA_TYPES[(c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()]!;
    const dryRunParam = c.req.query('dryRun');
    if (dryRunParam !== undefined && dryRunParam !== 'true' && dryRunParam !== 'false') {
      throw errors.badRequest('dryRun must be true or false', 'dryRun 须为 true 或 false', [
        { path: 'dryRun', code: 'not_one_of', message: 'must be one of true, false', messageZh: '须为以下取值之一：true, false' },
      ]);
    }
    const dryRun = dryRunParam === 'true';
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength === 0)
      throw errors.badRequest('the body is empty: send the file itself as the body', '请求体为空，请将文件本身作为请求体上传');
    const parsed = await parseCatalogFile(bytes, format);
    const answer = await importCatalog(parsed, dryRun ? validateItems : (items) => c.var.services.catalog.putItems(c.var.principal, items));
    return c.json({ dryRun, ...answer }, 200);
  },
);
