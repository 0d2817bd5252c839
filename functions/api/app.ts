// Builds the ServicePulse API as a Hono app (no I/O here): the same app runs in Lambda
// (lambda.ts) and locally (local/start.ts).
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { CoreServices } from '../runtime/core-services.js';
import type { Services } from '../runtime/services.js';
import type { CoreEnv } from './http/env.js';
import { errorResponse } from './http/http-errors.js';
import { requireAuth } from './auth-middleware.js';
import { bodyLimits } from './body-limits.js';
import { eventsRoutes } from './routes/events.js';
import { type LazyRouteGroup, loadGroup, mountLazy } from './lazy-routes.js';
import {
  adminGroup,
  alertsGroup,
  catalogGroup,
  catalogImportGroup,
  feedbackGroup,
  figuresGroup,
  licencesGroup,
  loginGroup,
  pipelineGroup,
  recordsGroup,
  referenceGroup,
  reportsGroup,
  sessionGroup,
} from './route-groups.js';

export const API_TITLE = 'ServicePulse 政务服务效能监督 API';

/** The record of the document's curl example (a test checks that the contract accepts it). */
export const API_EXAMPLE_RECORD = {
  id: 'e-1',
  type: 'case.accepted',
  at: '2024-03-01T09:30:00+08:00',
  caseId: 'C1',
  itemCode: 'ITEM-001',
  regionCode: '370303001000',
  channel: 'window',
  assisted: 'proxy',
  greenChannel: false,
  applicant: { type: 'person', ageBand: '70_79' },
  materials: [{ code: 'M01', via: 'e_license' }],
} as const;

/** The document's introduction (Markdown; Swagger UI at /api-docs/ renders it above the operations). */
const API_DESCRIPTION = [
  'Departments post case events, complaints, evaluations and their item catalog; supervisors and leadership read figures. 部门接入办件、投诉、评价事件和事项目录，监督人员与领导查看指标。',
  'Every error names the field path, a rule code, and a message in English and Chinese. 每个错误都给出字段路径、规则代码和中英文说明。',
  '',
  '## Try it with curl (用 curl 试一试)',
  '```',
  'curl -s -X POST $URL/v1/events -H "authorization: Bearer $KEY" -H "content-type: application/json" \\',
  `  -d '${JSON.stringify({ records: [API_EXAMPLE_RECORD] })}'`,
  '```',
  '',
  '## Generate a client (生成客户端)',
  'Every operation has a stable `operationId` (e.g. `postEvents`, `getFigures`), so generated clients get readable method names. With [openapi-generator](https://openapi-generator.tech) (Java 11+):',
  '```',
  'curl -s $URL/v1/openapi.json -o servicepulse.json',
  '# Java (Maven project, java.net.http client)',
  'npx @openapitools/openapi-generator-cli generate -i servicepulse.json -g java --library native -o servicepulse-java \\',
  '  --additional-properties=groupId=cn.gov.example,artifactId=servicepulse-client,apiPackage=cn.gov.example.servicepulse.api,modelPackage=cn.gov.example.servicepulse.model',
  '# Python (package servicepulse_client)',
  'npx @openapitools/openapi-generator-cli generate -i servicepulse.json -g python -o servicepulse-python \\',
  '  --additional-properties=packageName=servicepulse_client',
  '```',
  'Send the department key as a bearer token (`Authorization: Bearer spk_…`); a record answered `accepted` or `duplicate` is stored exactly once, so a retry after a timeout is always safe.',
  '',
  'License: Apache-2.0.',
].join('\n');

/** The answer to a path no route serves (also used by the local server in front of the dashboard). */
export function notFoundResponse(c: Context): Response {
  return c.json(
    {
      error: {
        code: 'not_found',
        message: `no route ${c.req.method} ${c.req.path}; see /v1/openapi.json`,
        messageZh: '接口不存在，请查看 /v1/openapi.json',
      },
    },
    404,
  );
}

/**
 * The groups behind the sign-in check, in the order they are mounted (which is also the order of the
 * OpenAPI document): ingest in the entry, the others imported on first use.
 */
const SIGNED_IN_GROUPS: ReadonlyArray<OpenAPIHono<CoreEnv> | LazyRouteGroup> = [
  sessionGroup,
  eventsRoutes,
  catalogGroup,
  catalogImportGroup,
  licencesGroup,
  recordsGroup,
  figuresGroup,
  feedbackGroup,
  referenceGroup,
  reportsGroup,
  pipelineGroup,
  alertsGroup,
  adminGroup,
];

const OPENAPI_CONFIG: Parameters<OpenAPIHono['getOpenAPI31Document']>[0] = {
  openapi: '3.1.0',
  info: {
    title: API_TITLE,
    version: '1.0.0',
    license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    description: API_DESCRIPTION,
  },
  servers: [{ url: '/' }],
};

function registerSecurityScheme(app: OpenAPIHono<CoreEnv>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description:
      'A department API key (spk_…) for records and catalog; a session token (sps_…) from /v1/auth/login, or the administrator token, for everything else.',
  });
}

/**
 * The OpenAPI document: every group (the lazy ones imported now) mounted on an app of its own in
 * the order createApp mounts them, so the document is the one a fully eager app would give.
 * Built on the first request for it, not at a cold start.
 */
async function buildOpenApiDocument() {
  const doc = new OpenAPIHono<CoreEnv>();
  registerSecurityScheme(doc);
  for (const g of [loginGroup, ...SIGNED_IN_GROUPS]) {
    if (g instanceof OpenAPIHono) doc.route('/', g);
    else doc.route('/', (await loadGroup(g)) as unknown as OpenAPIHono<CoreEnv>); // for its definitions only
  }
  return doc.getOpenAPI31Document(OPENAPI_CONFIG);
}
let openApiDocument: ReturnType<typeof buildOpenApiDocument> | undefined;

/**
 * Services built in two steps (the API Lambda, lambda.ts): the core ones now, all of them on the
 * first request to a route group imported on demand.
 */
export interface ServicesOnDemand {
  core: CoreServices;
  all: () => Promise<Services>;
}

const isOnDemand = (s: Services | ServicesOnDemand): s is ServicesOnDemand => 'core' in s && 'all' in s;

export function createApp(services: Services | ServicesOnDemand) {
  const core: CoreServices = isOnDemand(services) ? services.core : services;
  const all = isOnDemand(services) ? services.all : async () => services;
  const app = new OpenAPIHono<CoreEnv>();
  app.onError((e, c) => errorResponse(c, e));
  app.notFound(notFoundResponse);
  app.use('*', async (c, next) => {
    c.set('services', core);
    await next();
  });
  app.use('*', bodyLimits());

  registerSecurityScheme(app);
  app.get('/v1/openapi.json', async (c) => {
    if (!openApiDocument) openApiDocument = buildOpenApiDocument();
    try {
      return c.json(await openApiDocument);
    } catch (e) {
      openApiDocument = undefined;
      return c.json(e, 500);
    }
  });

  mountLazy(app, loginGroup, all);
  app.use('/v1/*', async (c, next) =>
    c.req.path === '/v1/openapi.json' || c.req.path === '/v1/auth/login' ? next() : requireAuth()(c, next),
  );
  for (const g of SIGNED_IN_GROUPS) {
    if (g instanceof OpenAPIHono) app.route('/', g);
    else mountLazy(app, g, all);
  }
  return app;
}
export type App = ReturnType<typeof createApp>;
