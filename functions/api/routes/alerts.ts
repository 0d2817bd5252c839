// Alerts and subscriptions (预警与订阅): rules and webhook channels (administrators; city-wide
// supervisors may read), the inbox (消息) of every caller within its scope, and the delivery log.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import {
  AlertRule,
  ChannelInput,
  ChannelPatch,
  Delivery,
  Notice,
  PublicChannel,
  PublicSmtp,
  RuleInput,
  RulePatch,
  SmtpInput,
} from '../../../shared/contract/alerts.js';
import type { AppEnv } from '../http/env.js';
import { ErrorBody, validationHook } from '../http/http-errors.js';
import { errorAnswers, json, security } from '../http/openapi.js';

export const alertsRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
const errs = errorAnswers({ 400: 'invalid', 403: 'not allowed' });
const notFound = { 404: { description: 'unknown', content: json(ErrorBody) } };
const IdParam = z.object({ id: z.string().min(1).max(64) });
const RuleSchema = AlertRule.openapi('AlertRule');
const ChannelSchema = PublicChannel.openapi('AlertChannel');

alertsRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/alerts/rules',
    tags: ['alerts'],
    security,
    operationId: 'listAlertRules',
    summary: 'Alert rules (预警规则); the city defaults are created on first use',
    responses: { 200: { description: 'rules', content: json(z.object({ rules: z.array(RuleSchema) })) }, ...errs },
  }),
  async (c) => c.json({ rules: await c.var.services.alerts.listRules(c.var.principal) }, 200),
);

alertsRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/v1/alerts/rules',
    tags: ['alerts'],
    security,
    operationId: 'createAlertRule',
    summary: 'Create an alert rule (新建预警规则; administrator, audited)',
    request: { body: { required: true, content: json(RuleInput) } },
    responses: { 201: { description: 'created', content: json(RuleSchema) }, ...errs },
  }),
  async (c) => c.json(await c.var.services.alerts.createRule(c.var.principal, c.req.valid('json')), 201),
);

alertsRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/v1/alerts/rules/{id}',
    tags: ['alerts'],
    security,
    operationId: 'updateAlertRule',
    summary: 'Change an alert rule: enable/disable, scope, parameters, channels (administrator, audited)',
    request: { params: IdParam, body: { required: true, content: json(RulePatch) } },
    responses: { 200: { description: 'updated', content: json(RuleSchema) }, ...notFound, ...errs },
  }),
  async (c) => c.json(await c.var.services.alerts.updateRule(c.var.principal, c.req.valid('param').id, c.req.valid('json')), 200),
);

alertsRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/v1/alerts/rules/{id}',
    tags: ['alerts'],
    security,
    operationId: 'deleteAlertRule',
    summary: 'Delete an alert rule (administrator, audited)',
    request: { params: IdParam },
    responses: { 204: { description: 'deleted' }, ...notFound, ...errs },
  }),
  async (c) => {
    await c.var.services.alerts.deleteRule(c.var.principal, c.req.valid('param').id);
    return c.body(null, 204);
  },
);

alertsRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/alerts/channels',
    tags: ['alerts'],
    security,
    operationId: 'listAlertChannels',
    summary:
      "Channels (推送渠道): 企业微信 / 钉钉 group robots, generic JSON, e-mail; each at once or as a daily digest; addresses masked, secrets never answered (a department user: its own department's)",
    responses: { 200: { description: 'channels', content: json(z.object({ channels: z.array(ChannelSchema) })) }, ...errs },
  }),
  async (c) => c.json({ channels: await c.var.services.alerts.listChannels(c.var.principal) }, 200),
);

alertsRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/v1/alerts/channels',
    tags: ['alerts'],
    security,
    operationId: 'createAlertChannel',
    summary:
      'Add a webhook channel; its address and secret are stored encrypted (administrator; a department user for its own department, with `subscribe`; audited)',
    request: { body: { required: true, content: json(ChannelInput) } },
    responses: { 201: { description: 'created', content: json(ChannelSchema) }, ...errs },
  }),
  async (c) => c.json(await c.var.services.alerts.createChannel(c.var.principal, c.req.valid('json')), 201),
);

alertsRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/v1/alerts/channels/{id}',
    tags: ['alerts'],
    security,
    operationId: 'updateAlertChannel',
    summary: "Change a webhook channel (administrator, or a department user its own department's; audited)",
    request: { params: IdParam, body: { required: true, content: json(ChannelPatch) } },
    responses: { 200: { description: 'updated', content: json(ChannelSchema) }, ...notFound, ...errs },
  }),
  async (c) => c.json(await c.var.services.alerts.updateChannel(c.var.principal, c.req.valid('param').id, c.req.valid('json')), 200),
);

alertsRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/v1/alerts/channels/{id}',
    tags: ['alerts'],
    security,
    operationId: 'deleteAlertChannel',
    summary: "Delete a webhook channel no rule uses (administrator, or a department user its own department's; audited)",
    request: { params: IdParam },
    responses: { 204: { description: 'deleted' }, 409: { description: 'in use', content: json(ErrorBody) }, ...notFound, ...errs },
  }),
  async (c) => {
    await c.var.services.alerts.deleteChannel(c.var.principal, c.req.valid('param').id);
    return c.body(null, 204);
  },
);

const SmtpSchema = PublicSmtp.openapi('AlertSmtp');
alertsRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/alerts/smtp',
    tags: ['alerts'],
    security,
    operationId: 'getAlertSmtp',
    summary: 'The SMTP server e-mail channels send through (邮件服务器); the password is never answered (`passwordSet`)',
    responses: { 200: { description: 'setting', content: json(SmtpSchema) }, ...errs },
  }),
  async (c) => c.json(await c.var.services.alerts.smtp(c.var.principal), 200),
);

alertsRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/v1/alerts/smtp',
    tags: ['alerts'],
    security,
    operationId: 'putAlertSmtp',
    summary:
      'Set the SMTP server (administrator, audited); the password is stored encrypted; without `password` the stored one is kept for the same user',
    request: { body: { required: true, content: json(SmtpInput) } },
    responses: { 200: { description: 'saved', content: json(SmtpSchema) }, ...errs },
  }),
  async (c) => c.json(await c.var.services.alerts.putSmtp(c.var.principal, c.req.valid('json')), 200),
);

alertsRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/alerts/deliveries',
    tags: ['alerts'],
    security,
    operationId: 'listAlertDeliveries',
    summary:
      'The delivery log (推送记录), newest first: each notice × channel, sent / pending / failed, every attempt with its status code and why',
    request: { query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }) },
    responses: {
      200: { description: 'log', content: json(z.object({ deliveries: z.array(Delivery.openapi('AlertDelivery')) })) },
      ...errs,
    },
  }),
  async (c) => c.json(await c.var.services.alerts.deliveries(c.var.principal, { limit: c.req.valid('query').limit }), 200),
);

alertsRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/v1/alerts/run',
    tags: ['alerts'],
    security,
    operationId: 'runAlerts',
    summary: 'Evaluate every rule now and deliver what is due (administrator; the schedule does this every minute)',
    responses: {
      200: {
        description: 'what the run did',
        content: json(
          z.object({
            noticesCreated: z.array(z.string()),
            sent: z.number(),
            retrying: z.number(),
            failed: z.number(),
            digests: z.number().describe('daily digests made by this run'),
            evaluated: z.object({
              full: z.boolean().describe("every department (the day's first run)"),
              departments: z.array(z.string()).describe('otherwise: the departments whose figures changed since the last run'),
            }),
          }),
        ),
      },
      ...errs,
    },
  }),
  async (c) => {
    c.var.services.alerts.assertMayRun(c.var.principal);
    return c.json(await c.var.services.alerts.run(), 200);
  },
);

alertsRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/notices',
    tags: ['alerts'],
    security,
    operationId: 'listNotices',
    summary: 'Your inbox (消息): the newest notices in your scope, with the unread count',
    request: {
      query: z.object({
        limit: z.coerce.number().int().min(1).max(200).default(50),
        unread: z.enum(['true', 'false']).optional().describe('true: unread only'),
      }),
    },
    responses: {
      200: { description: 'inbox', content: json(z.object({ unread: z.number(), notices: z.array(Notice.openapi('Notice')) })) },
      ...errs,
    },
  }),
  async (c) => {
    const q = c.req.valid('query');
    return c.json(await c.var.services.alerts.notices(c.var.principal, { limit: q.limit, unreadOnly: q.unread === 'true' }), 200);
  },
);

alertsRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/v1/notices/{id}/read',
    tags: ['alerts'],
    security,
    operationId: 'markNoticeRead',
    summary: 'Mark a notice read (已读), for you',
    request: { params: IdParam },
    responses: { 200: { description: 'read', content: json(z.object({ id: z.string(), read: z.boolean() })) }, ...notFound, ...errs },
  }),
  async (c) => c.json(await c.var.services.alerts.markRead(c.var.principal, c.req.valid('param').id), 200),
);
