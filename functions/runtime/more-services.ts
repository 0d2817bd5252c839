// The services of the route groups imported on demand (route-groups.ts), built on the core ones
// (the same stores, calendar cache and sign-in service).
import type { Db } from '../store/client.js';
import type { CoreServices } from './core-services.js';
import { createAdminService } from '../services/admin-service.js';
import { createCatalogService } from '../services/catalog-service.js';
import { createLicenceService } from '../services/licence-service.js';
import { createRecordsQueryService } from '../services/records-query-service.js';
import { createFeedbackListService } from '../services/feedback-list-service.js';
import { createSettingsService } from '../services/settings-service.js';
import { createReportServices } from './report-services.js';
import { createPipelineService } from '../services/pipeline-service.js';
import { createAlertsService } from '../services/alerts-service.js';

export function createMoreServices(db: Db, core: CoreServices) {
  const { stores, calendars, config, now, auth } = core;
  const { reference, figures, reports } = createReportServices(db, core);
  const pipeline = createPipelineService(stores, now);
  const feedbackLists = createFeedbackListService(stores, calendars, now);
  return {
    admin: createAdminService(stores, auth, now, () => reference.regions()),
    catalog: createCatalogService(stores, now),
    licences: createLicenceService(stores, now),
    records: createRecordsQueryService(stores),
    figures,
    feedbackLists,
    reference,
    settings: createSettingsService(stores, calendars, now),
    pipeline,
    reports,
    alerts: createAlertsService({ stores, figures, feedbackLists, reference, pipeline, reports, auth, config, now }),
  };
}
