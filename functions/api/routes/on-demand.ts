// The route groups the API imports on their first request (functions/api/route-groups.ts), in one
// module so that they make one chunk of the bundle, off the cold start.
export { catalogRoutes } from './catalog.js';
export { catalogImportRoutes } from './catalog-import.js';
export { licenceRoutes } from './licences.js';
export { recordsRoutes } from './records.js';
export { figuresRoutes } from './figures.js';
export { feedbackRoutes } from './feedback.js';
export { referenceRoutes } from './reference.js';
export { reportsRoutes } from './reports.js';
export { pipelineRoutes } from './pipeline.js';
export { alertsRoutes } from './alerts.js';
export { adminRoutes } from './admin.js';
