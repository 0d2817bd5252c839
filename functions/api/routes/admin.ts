// Administration routes (管理): departments, their API keys, users and the audit log.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import {
  AuditEntrySchema,
  DepartmentInput,
  DepartmentSchema,
  KeyCreateInput,
  KeyRotateInput,
  NewKey,
  PublicKey,
  PublicUser,
  UserInput,
  UserPatch,
  Username,
} from '../../../shared/contract/admin.js';
import { DepartmentCode } from '../../../shared/contract/catalog.js';
import { DepartmentList } from '../../../shared/contract/reference.js';
import { shanghaiDate } from '../../../shared/calendar/index.js';
import { assertAdministrator } from '../../services/admin-service.js';
import type { AppEnv } from '../http/env.js';
import { ErrorBody, validationHook } from '../http/http-errors.js';
import { errorAnswers, json, security } from '../http/openapi.js';

export const adminRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
const errs = errorAnswers({ 400: 'invalid input', 403: 'not an administrator' });
const DeptParam = z.object({ code: DepartmentCode });
const KeyParam = z.object({ code: DepartmentCode, keyId: z.string().min(1).max(40) });

adminRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/v1/admin/departments',
    operationId: 'createDepartment',
    tags: ['admin'],
    security,
    summary: 'Create a department (新建部门)',
    request: { body: { required: true, content: json(DepartmentInput) } },
    responses: {
      201: { description: 'created', content: json(DepartmentSchema) },
      409: { description: 'exists', content: json(ErrorBody) },
      ...errs,
    },
  }),
  async (c) => c.json(await c.var.services.admin.createDepartment(c.var.principal, c.req.valid('json')), 201),
);

adminRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/v1/admin/departments/{code}',
    operationId: 'updateDepartment',
    tags: ['admin'],
    security,
    summary: 'Update a department (修改部门)',
    request: { params: DeptParam, body: { required: true, content: json(DepartmentInput.omit({ code: true })) } },
    responses: {
      200: { description: 'updated', content: json(DepartmentSchema) },
      404: { description: 'unknown', content: json(ErrorBody) },
      ...errs,
    },
  }),
  async (c) => c.json(await c.var.services.admin.updateDepartment(c.var.principal, c.req.valid('param').code, c.req.valid('json')), 200),
);

adminRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/admin/departments',
    operationId: 'listDepartments',
    tags: ['admin'],
    security,
    summary: 'List departments (部门列表)',
    responses: { 200: { description: 'departments', content: json(DepartmentList) }, ...errs },
  }),
  async (c) => c.json({ departments: await c.var.services.admin.listDepartments(c.var.principal) }, 200),
);

adminRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/v1/admin/departments/{code}/keys',
    operationId: 'createApiKey',
    tags: ['admin'],
    security,
    summary: 'Create an API key (新建接入密钥) — the secret is in this answer only',
    request: { params: DeptParam, body: { required: false, content: json(KeyCreateInput) } },
    responses: {
      201: { description: 'created; store `key` now', content: json(NewKey) },
      404: { description: 'unknown department', content: json(ErrorBody) },
      ...errs,
    },
  }),
  async (c) => {
    assertAdministrator(c.var.principal);
    const body = c.req.valid('json') as { label?: string } | undefined;
    return c.json(await c.var.services.auth.createKey(c.var.principal, c.req.valid('param').code, body?.label), 201);
  },
);

adminRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/admin/departments/{code}/keys',
    operationId: 'listApiKeys',
    tags: ['admin'],
    security,
    summary: 'List API keys (密钥列表, no secrets)',
    request: { params: DeptParam },
    responses: { 200: { description: 'keys', content: json(z.object({ keys: z.array(PublicKey) })) }, ...errs },
  }),
  async (c) => {
    assertAdministrator(c.var.principal);
    return c.json({ keys: await c.var.services.auth.listKeys(c.req.valid('param').code) }, 200);
  },
);

adminRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/v1/admin/departments/{code}/keys/{keyId}/rotate',
    operationId: 'rotateApiKey',
    tags: ['admin'],
    security,
    summary: 'Rotate a key (密钥轮换): a new key now, the old one valid for the overlap',
    request: { params: KeyParam, body: { required: false, content: json(KeyRotateInput) } },
    responses: {
      201: {
        description: 'the new key; store `key` now',
        content: json(NewKey.extend({ replaces: z.string(), oldKeyValidUntil: z.string() })),
      },
      404: { description: 'unknown key', content: json(ErrorBody) },
      ...errs,
    },
  }),
  async (c) => {
    assertAdministrator(c.var.principal);
    const { code, keyId } = c.req.valid('param');
    const body = (c.req.valid('json') ?? {}) as { overlapHours?: number; label?: string };
    return c.json(await c.var.services.auth.rotateKey(c.var.principal, code, keyId, body.overlapHours, body.label), 201);
  },
);

adminRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/v1/admin/departments/{code}/keys/{keyId}',
    operationId: 'revokeApiKey',
    tags: ['admin'],
    security,
    summary: 'Revoke a key (吊销密钥), at once',
    request: { params: KeyParam },
    responses: {
      200: { description: 'revoked', content: json(PublicKey) },
      404: { description: 'unknown key', content: json(ErrorBody) },
      ...errs,
    },
  }),
  async (c) => {
    assertAdministrator(c.var.principal);
    const { code, keyId } = c.req.valid('param');
    return c.json(await c.var.services.auth.revokeKey(c.var.principal, code, keyId), 200);
  },
);

adminRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/v1/admin/users',
    operationId: 'createUser',
    tags: ['admin'],
    security,
    summary: 'Create a dashboard user (新建用户)',
    request: { body: { required: true, content: json(UserInput) } },
    responses: {
      201: { description: 'created', content: json(PublicUser) },
      409: { description: 'exists', content: json(ErrorBody) },
      ...errs,
    },
  }),
  async (c) => c.json(await c.var.services.admin.createUser(c.var.principal, c.req.valid('json')), 201),
);

adminRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/admin/users',
    operationId: 'listUsers',
    tags: ['admin'],
    security,
    summary: 'List users (用户列表)',
    responses: { 200: { description: 'users', content: json(z.object({ users: z.array(PublicUser) })) }, ...errs },
  }),
  async (c) => c.json({ users: await c.var.services.admin.listUsers(c.var.principal) }, 200),
);

adminRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/v1/admin/users/{username}',
    operationId: 'updateUser',
    tags: ['admin'],
    security,
    summary: 'Change or disable a user (修改/停用用户)',
    request: { params: z.object({ username: Username }), body: { required: true, content: json(UserPatch) } },
    responses: {
      200: { description: 'updated', content: json(PublicUser) },
      404: { description: 'unknown', content: json(ErrorBody) },
      ...errs,
    },
  }),
  async (c) => c.json(await c.var.services.admin.updateUser(c.var.principal, c.req.valid('param').username, c.req.valid('json')), 200),
);

adminRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/v1/admin/users/{username}/unlock',
    operationId: 'unlockUser',
    tags: ['admin'],
    security,
    summary: 'Unlock a user locked after too many failed sign-ins (解锁用户), audited',
    request: { params: z.object({ username: Username }) },
    responses: {
      200: { description: 'unlocked', content: json(PublicUser) },
      404: { description: 'unknown', content: json(ErrorBody) },
      ...errs,
    },
  }),
  async (c) => c.json(await c.var.services.admin.unlockUser(c.var.principal, c.req.valid('param').username), 200),
);

adminRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/admin/audit',
    operationId: 'listAuditEntries',
    tags: ['admin'],
    security,
    summary: 'Audit log of a month (审计日志), newest first',
    request: {
      query: z.object({
        month: z
          .string()
          .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
          .optional()
          .describe('YYYY-MM, default this month (Asia/Shanghai)'),
      }),
    },
    responses: { 200: { description: 'entries', content: json(z.object({ entries: z.array(AuditEntrySchema) })) }, ...errs },
  }),
  async (c) => {
    const month = c.req.valid('query').month ?? shanghaiDate(c.var.services.now()).slice(0, 7);
    return c.json({ entries: await c.var.services.admin.auditLog(c.var.principal, month) }, 200);
  },
);
