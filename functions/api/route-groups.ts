// The API's route groups that are imported on their first request (lazy-routes.ts): every group but
// the ingest of records (POST /v1/events), which departments' systems call at any hour and which
// stays in the entry. Sign-in and the session are dashboard calls: the page that makes them loads
// the dashboard's other groups right after. Each manifest lists the routes its module registers,
// in its order.
import type { LazyRouteGroup } from './lazy-routes.js';

/**
 * One import for all of them (on-demand.ts), so one chunk: esbuild makes a shared chunk for
 * every combination of dynamic imports that uses a module, and each chunk file costs a cold start
 * its own load. With an import per group the cold path was 23 files, with one 9 (bench:bundles).
 * The first request to any of these routes loads them all, once per process.
 */
const onDemand = () => import('./on-demand.js');

export const loginGroup: LazyRouteGroup = {
  name: 'routes/auth (login)',
  load: async () => (await onDemand()).loginRoutes,
  routes: [['POST', '/v1/auth/login']],
};

export const sessionGroup: LazyRouteGroup = {
  name: 'routes/auth (session)',
  load: async () => (await onDemand()).sessionRoutes,
  routes: [
    ['GET', '/v1/me'],
    ['POST', '/v1/auth/logout'],
  ],
};

export const catalogGroup: LazyRouteGroup = {
  name: 'routes/catalog',
  load: async () => (await onDemand()).catalogRoutes,
  routes: [
    ['PUT', '/v1/catalog/items/:itemCode'],
    ['POST', '/v1/catalog/items'],
    ['GET', '/v1/catalog/items/:itemCode'],
    ['GET', '/v1/catalog/items'],
  ],
};

export const catalogImportGroup: LazyRouteGroup = {
  name: 'routes/catalog-import',
  load: async () => (await onDemand()).catalogImportRoutes,
  routes: [['POST', '/v1/catalog/import']],
};

export const licencesGroup: LazyRouteGroup = {
  name: 'routes/licences',
  load: async () => (await onDemand()).licenceRoutes,
  routes: [
    ['GET', '/v1/licences'],
    ['PUT', '/v1/admin/licences/:code'],
    ['POST', '/v1/admin/licences'],
    ['POST', '/v1/admin/licences/import'],
  ],
};

export const recordsGroup: LazyRouteGroup = {
  name: 'routes/records',
  load: async () => (await onDemand()).recordsRoutes,
  routes: [['GET', '/v1/records/:department/:id']],
};

export const figuresGroup: LazyRouteGroup = {
  name: 'routes/figures',
  load: async () => (await onDemand()).figuresRoutes,
  routes: [
    ['GET', '/v1/figures'],
    ['GET', '/v1/figures/by-department'],
    ['GET', '/v1/figures/series'],
    ['GET', '/v1/figures/breakdown'],
    ['GET', '/v1/figures/processing-histogram'],
    ['GET', '/v1/figures/applicants'],
    ['GET', '/v1/figures/paper-materials'],
    ['GET', '/v1/figures/licences'],
    ['GET', '/v1/warnings'],
    ['GET', '/v1/cases/:department/:caseId'],
  ],
};

export const feedbackGroup: LazyRouteGroup = {
  name: 'routes/feedback',
  load: async () => (await onDemand()).feedbackRoutes,
  routes: [
    ['GET', '/v1/complaints'],
    ['GET', '/v1/evaluations'],
    ['GET', '/v1/complaints/:department/:complaintId'],
    ['GET', '/v1/evaluations/:department/:evaluationId'],
  ],
};

export const referenceGroup: LazyRouteGroup = {
  name: 'routes/reference',
  load: async () => (await onDemand()).referenceRoutes,
  routes: [
    ['GET', '/v1/regions'],
    ['POST', '/v1/admin/regions'],
    ['GET', '/v1/feeds'],
    ['GET', '/v1/admin/calendar'],
    ['PUT', '/v1/admin/calendar/:year'],
    ['GET', '/v1/admin/deadlines'],
    ['GET', '/v1/deadlines'],
    ['PUT', '/v1/admin/deadlines'],
  ],
};

export const reportsGroup: LazyRouteGroup = {
  name: 'routes/reports',
  load: async () => (await onDemand()).reportsRoutes,
  routes: [
    ['GET', '/v1/reports'],
    ['POST', '/v1/reports'],
    ['GET', '/v1/admin/report-settings'],
    ['PUT', '/v1/admin/report-settings'],
    ['GET', '/v1/reports/:file'],
  ],
};

export const pipelineGroup: LazyRouteGroup = {
  name: 'routes/pipeline',
  load: async () => (await onDemand()).pipelineRoutes,
  routes: [
    ['GET', '/v1/pipeline'],
    ['GET', '/v1/pipeline/quality'],
    ['GET', '/v1/pipeline/quality/:department'],
  ],
};

export const alertsGroup: LazyRouteGroup = {
  name: 'routes/alerts',
  load: async () => (await onDemand()).alertsRoutes,
  routes: [
    ['GET', '/v1/alerts/rules'],
    ['POST', '/v1/alerts/rules'],
    ['PATCH', '/v1/alerts/rules/:id'],
    ['DELETE', '/v1/alerts/rules/:id'],
    ['GET', '/v1/alerts/channels'],
    ['POST', '/v1/alerts/channels'],
    ['PATCH', '/v1/alerts/channels/:id'],
    ['DELETE', '/v1/alerts/channels/:id'],
    ['GET', '/v1/alerts/smtp'],
    ['PUT', '/v1/alerts/smtp'],
    ['GET', '/v1/alerts/deliveries'],
    ['POST', '/v1/alerts/run'],
    ['GET', '/v1/notices'],
    ['POST', '/v1/notices/:id/read'],
  ],
};

export const adminGroup: LazyRouteGroup = {
  name: 'routes/admin',
  load: async () => (await onDemand()).adminRoutes,
  routes: [
    ['POST', '/v1/admin/departments'],
    ['PUT', '/v1/admin/departments/:code'],
    ['GET', '/v1/admin/departments'],
    ['POST', '/v1/admin/departments/:code/keys'],
    ['GET', '/v1/admin/departments/:code/keys'],
    ['POST', '/v1/admin/departments/:code/keys/:keyId/rotate'],
    ['DELETE', '/v1/admin/departments/:code/keys/:keyId'],
    ['POST', '/v1/admin/users'],
    ['GET', '/v1/admin/users'],
    ['PATCH', '/v1/admin/users/:username'],
    ['POST', '/v1/admin/users/:username/unlock'],
    ['GET', '/v1/admin/audit'],
  ],
};
