// The report scheduler's wiring: only what generating reports needs (stores, calendars, the
// reference data for region names, figures, reports) — not the API's other services (ingest,
// catalog import, alerts, admin…), whose modules would otherwise load at every cold start of
// the scheduler Lambda (issue 10, cold-import budget). The API builds the same services in
// functions/runtime/services.ts.
import type { Config } from '../config.js';
import { createCalendarProvider } from '../store/calendar-provider.js';
import { createAuthService } from '../services/auth-service.js';
import { createFiguresService } from '../services/figures-service.js';
import { createReferenceService } from '../services/reference-service.js';
import { createReportService } from '../services/report-service.js';
import { createDb } from '../store/client.js';
import { createStores } from '../store/index.js';
import { createReportsStore } from '../store/reports-store.js';

export function reportServicesFromConfig(config: Config, now: () => Date = () => new Date()) {
  const db = createDb({
    tableName: config.tableName,
    region: config.region,
    ...(config.ddbEndpoint ? { endpoint: config.ddbEndpoint } : {}),
  });
  const stores = createStores(db);
  const calendars = createCalendarProvider(stores.settings);
  const reference = createReferenceService(stores, config.cityCode, now);
  const figures = createFiguresService(stores, calendars, now, () => reference.regions());
  const auth = createAuthService(stores, config, now);
  return {
    reports: createReportService({
      stores,
      reports: createReportsStore(db),
      figures,
      calendars,
      auth,
      now,
      cityCode: config.cityCode,
      regions: () => reference.regions(),
    }),
  };
}
