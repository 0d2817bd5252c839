// Catalog routes (事项目录): one item, a list, and CSV/XLSX import through the same validation.
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { CatalogEnvelope, CatalogItem, ItemResultSchema, MAX_ITEMS_PER_BATCH } from '../../../shared/contract/catalog.js';
import { ItemCode } from '../../../shared/contract/records.js';
import { zodErrors } from '../../../shared/contract/field-errors.js';
import { AppError, errors } from '../../errors.js';
import type { AppEnv } from '../http/env.js';
import { ErrorBody } from '../http/http-errors.js';
import { readJsonBody } from './request-helpers.js';
import { errorAnswers, json, security } from '../http/openapi.js';

export const catalogRoutes = new OpenAPIHono<AppEnv>();
const errorResponses = errorAnswers({ 400: 'invalid', 401: 'missing, wrong or revoked key', 403: "another department's item" });

catalogRoutes.openAPIRegistry.registerPath({
  method: 'put',
  path: '/v1/catalog/items/{itemCode}',
  operationId: 'putCatalogItem',
  tags: ['catalog'],
  security,
  summary: 'Publish one item version (发布事项版本)',
  description:
    'A new effectiveFrom makes a new version; the same effectiveFrom with new content replaces that version (status updated); identical content answers duplicate.',
  request: { params: z.object({ itemCode: ItemCode }), body: { required: true, content: json(CatalogItem) } },
  responses: { 200: { description: 'stored (or unchanged)', content: json(ItemResultSchema) }, ...errorResponses },
});
catalogRoutes.put('/v1/catalog/items/:itemCode', async (c) => {
  const itemCode = c.req.param('itemCode');
  const body = await readJsonBody(c);
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const given = (body as { itemCode?: unknown }).itemCode;
    if (given !== undefined && given !== itemCode) {
      throw errors.badRequest('itemCode in the body differs from the one in the path', '请求体中的 itemCode 与路径中的不一致', [
        {
          path: 'itemCode',
          code: 'path_mismatch',
          message: `must equal ${itemCode} (the path) or be left out`,
          messageZh: `须与路径中的 ${itemCode} 相同，或省略`,
        },
      ]);
    }
  }
  const [result] = await c.var.services.catalog.putItems(c.var.principal, [{ ...(body as object), itemCode }]);
  if (!result) throw new Error('no result');
  if (result.status === 'forbidden')
    throw new AppError(
      403,
      'forbidden',
      result.errors?.[0]?.message ?? 'forbidden',
      result.errors?.[0]?.messageZh ?? '无权操作',
      result.errors,
    );
  if (result.status === 'rejected') throw errors.badRequest('the item is invalid', '事项内容有误', result.errors);
  return c.json(result, 200);
});

catalogRoutes.openAPIRegistry.registerPath({
  method: 'post',
  path: '/v1/catalog/items',
  operationId: 'postCatalogItems',
  tags: ['catalog'],
  security,
  summary: 'Publish a list of item versions (批量发布事项)',
  request: { body: { required: true, content: json(z.object({ items: z.array(CatalogItem).max(MAX_ITEMS_PER_BATCH) })) } },
  responses: {
    200: { description: 'per-item results in input order', content: json(z.object({ results: z.array(ItemResultSchema) })) },
    ...errorResponses,
  },
});
catalogRoutes.post(
  '/v1/catalog/items',
  bodyLimit({
    maxSize: 4 * 1024 * 1024,
    onError: () => {
      throw new AppError(413, 'payload_too_large', 'the body is over 4 MB; split the list', '请求体超过 4 MB，请分批发送');
    },
  }),
  async (c) => {
    const body = await readJsonBody(c);
    const env = CatalogEnvelope.safeParse(body);
    if (!env.success)
      throw errors.badRequest(
        `the body must be {"items": [ … ]} with at most ${MAX_ITEMS_PER_BATCH} items`,
        `请求体须为 {"items": [ … ]}，最多 ${MAX_ITEMS_PER_BATCH} 项`,
        zodErrors(env.error, body),
      );
    return c.json({ results: await c.var.services.catalog.putItems(c.var.principal, env.data.items) }, 200);
  },
);

catalogRoutes.openAPIRegistry.registerPath({
  method: 'get',
  path: '/v1/catalog/items/{itemCode}',
  operationId: 'getCatalogItem',
  tags: ['catalog'],
  security,
  summary: 'All versions of one item (事项的各版本)',
  request: { params: z.object({ itemCode: ItemCode }) },
  responses: {
    200: { description: 'versions, oldest first', content: json(z.object({ versions: z.array(CatalogItem) })) },
    404: { description: 'unknown item', content: json(ErrorBody) },
  },
});
catalogRoutes.get('/v1/catalog/items/:itemCode', async (c) => {
  const versions = await c.var.services.catalog.itemVersions(c.var.principal, c.req.param('itemCode'));
  return c.json({ versions: versions.map(({ hash: _h, ...v }) => v) }, 200);
});

catalogRoutes.openAPIRegistry.registerPath({
  method: 'get',
  path: '/v1/catalog/items',
  operationId: 'listCatalogItems',
  tags: ['catalog'],
  security,
  summary: "A department's items, every version (部门事项目录)",
  request: { query: z.object({ department: z.string().optional().describe("defaults to the key's department") }) },
  responses: { 200: { description: 'item versions', content: json(z.object({ items: z.array(CatalogItem) })) }, ...errorResponses },
});
catalogRoutes.get('/v1/catalog/items', async (c) => {
  const p = c.var.principal;
  const dept = c.req.query('department') ?? (p.kind === 'department' ? p.departmentCode : undefined);
  if (!dept)
    throw errors.badRequest('name the department: ?department=CODE', '请指定部门：?department=编码', [
      { path: 'department', code: 'required', message: 'is required', messageZh: '必填' },
    ]);
  const items = await c.var.services.catalog.listDepartment(p, dept);
  return c.json({ items: items.map(({ hash: _h, ...v }) => v) }, 200);
});
