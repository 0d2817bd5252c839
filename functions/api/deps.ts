// Wires config → DynamoDB → stores → services. Constructing clients does no I/O.
import type { Config } from '../config.js';
import { createDb, type Db } from '../store/client.js';
import { createStores } from '../store/index.js';
import { createAdminService } from '../services/admin-service.js';
import { createAuthService } from '../services/auth-service.js';
import { createCatalogService } from '../services/catalog-service.js';
import { createLicenceService } from '../services/licence-service.js';
import { createIngestService } from '../services/ingest-service.js';
import { createRecordsQueryService } from '../services/records-query-service.js';
import { createFiguresService } from '../services/figures-service.js';
import { createFeedbackListService } from '../services/feedback-list-service.js';
import { createCalendarProvider } from '../store/calendar-provider.js';
import { createReferenceService } from '../services/reference-service.js';
import { createSettingsService } from '../services/settings-service.js';
import { createReportService } from '../services/report-service.js';
import { createReportsStore } from '../store/reports-store.js';
import { createPipelineService } from '../services/pipeline-service.js';
import { createAlertsService } from '../services/alerts-service.js';

export function createServices(db: Db, config: Config, now: () => Date = () => new Date()) {
  const stores = createStores(db);
  const auth = createAuthService(stores, config, now);
  const calendars = createCalendarProvider(stores.settings);
  const reference = createReferenceService(stores, config.cityCode, now);
  const figures = createFiguresService(stores, calendars, now, () => reference.regions());
  const pipeline = createPipelineService(stores, now);
  const feedbackLists = createFeedbackListService(stores, calendars, now);
  const reports = createReportService({ stores, reports: createReportsStore(db), figures, calendars, auth, now, cityCode: config.cityCode, regions: () => reference.regions() });
  return {
    stores,
    calendars,
    config,
    now,
    auth,
    admin: createAdminService(stores, auth, now, () => reference.regions()),
    catalog: createCatalogService(stores, now),
    licences: createLicenceService(stores, now),
    ingest: createIngestService(stores, { cityCode: config.cityCode }, now),
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
export type Services = ReturnType<typeof createServices>;

export function servicesFromConfig(config: Config): Services {
  return createServices(createDb({ tableName: config.tableName, region: config.region, ...(config.ddbEndpoint ? { endpoint: config.ddbEndpoint } : {}) }), config);
}
