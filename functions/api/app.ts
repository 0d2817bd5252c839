// Builds the ServicePulse API as a Hono app (no I/O here): the same app runs in Lambda
// (lambda.ts) and locally (local/start.ts).
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Services } from './deps.js';
import type { AppEnv } from './env.js';
import { errorResponse } from './http-errors.js';
import { requireAuth } from './auth-middleware.js';
import { bodyLimits } from './body-limits.js';
import { adminRoutes } from './routes/admin.js';
import { catalogRoutes } from './routes/catalog.js';
import { catalogImportRoutes } from './routes/catalog-import.js';
import { licenceRoutes } from './routes/licences.js';
import { eventsRoutes } from './routes/events.js';
import { loginRoutes, sessionRoutes } from './routes/auth.js';
import { recordsRoutes } from './routes/records.js';
import { figuresRoutes } from './routes/figures.js';
import { feedbackRoutes } from './routes/feedback.js';
import { referenceRoutes } from './routes/reference.js';
import { reportsRoutes } from './routes/reports.js';
import { pipelineRoutes } from './routes/pipeline.js';
import { alertsRoutes } from './routes/alerts.js';

export const API_TITLE = 'ServicePulse 政务服务效能监督 API';

/** The answer to a path no route serves (also used by the local server in front of the dashboard). */
export function notFoundResponse(c: Context): Response {
  return c.json({ error: { code: 'not_found', message: `no route ${c.req.method} ${c.req.path}; see /v1/openapi.json`, messageZh: '接口不存在，请查看 /v1/openapi.json' } }, 404);
}

export function createApp(services: Services) {
  const app = new OpenAPIHono<AppEnv>();
  app.onError((e, c) => errorResponse(c, e));
  app.notFound(notFoundResponse);
  app.use('*', async (c, next) => { c.set('services', services); await next(); });
  app.use('*', bodyLimits());

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http', scheme: 'bearer',
    description: 'A department API key (spk_…) for records and catalog; a session token (sps_…) from /v1/auth/login, or the administrator token, for everything else.',
  });
  app.doc31('/v1/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: API_TITLE, version: '1.0.0',
      description: 'Departments post case events, complaints, evaluations and their item catalog; supervisors and leadership read figures. 部门接入办件、投诉、评价事件和事项目录。Every error names the field path, a rule code, and a message in English and Chinese.',
    },
    servers: [{ url: '/' }],
  });

  app.route('/', loginRoutes);
  app.use('/v1/*', async (c, next) => (c.req.path === '/v1/openapi.json' || c.req.path === '/v1/auth/login' ? next() : requireAuth()(c, next)));
  app.route('/', sessionRoutes);
  app.route('/', eventsRoutes);
  app.route('/', catalogRoutes);
  app.route('/', catalogImportRoutes);
  app.route('/', licenceRoutes);
  app.route('/', recordsRoutes);
  app.route('/', figuresRoutes);
  app.route('/', feedbackRoutes);
  app.route('/', referenceRoutes);
  app.route('/', reportsRoutes);
  app.route('/', pipelineRoutes);
  app.route('/', alertsRoutes);
  app.route('/', adminRoutes);
  return app;
}
export type App = ReturnType<typeof createApp>;
