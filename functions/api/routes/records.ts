// Reading back what is stored: one record, or one case's events in order.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { DepartmentCode } from '../../../shared/contract/catalog.js';
import { SenderId } from '../../../shared/contract/records.js';
import { StoredRecordView } from '../../../shared/contract/feedback.js';
import type { AppEnv } from '../http/env.js';
import { ErrorBody, validationHook } from '../http/http-errors.js';
import { security } from '../http/openapi.js';

export const recordsRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
const notFound = {
  404: { description: 'not stored', content: { 'application/json': { schema: ErrorBody } } },
  403: { description: 'outside your scope', content: { 'application/json': { schema: ErrorBody } } },
};

recordsRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/records/{department}/{id}',
    operationId: 'getRecord',
    tags: ['records'],
    security,
    summary: 'One stored record as stored (free text masked) — check what was accepted',
    request: { params: z.object({ department: DepartmentCode, id: SenderId }) },
    responses: { 200: { description: 'the record', content: { 'application/json': { schema: StoredRecordView } } }, ...notFound },
  }),
  async (c) => {
    const { department, id } = c.req.valid('param');
    return c.json(await c.var.services.records.record(c.var.principal, department, id), 200);
  },
);
