// What the API Lambda imports on demand (issue 10), in one module so that it makes one chunk of the
// bundle, off the cold start: the route groups of route-groups.ts and the services beyond the core
// ones (lambda.ts). Loaded by the first request to one of these routes.
export { loginRoutes, sessionRoutes } from './routes/auth.js';
export { catalogRoutes } from './routes/catalog.js';
export { catalogImportRoutes } from './routes/catalog-import.js';
export { licenceRoutes } from './routes/licences.js';
export { recordsRoutes } from './routes/records.js';
export { figuresRoutes } from './routes/figures.js';
export { feedbackRoutes } from './routes/feedback.js';
export { referenceRoutes } from './routes/reference.js';
export { reportsRoutes } from './routes/reports.js';
export { pipelineRoutes } from './routes/pipeline.js';
export { alertsRoutes } from './routes/alerts.js';
export { adminRoutes } from './routes/admin.js';
export { createMoreServices } from '../runtime/more-services.js';
