// The report scheduler's wiring: only what generating reports needs (stores, calendars, the
// reference data for region names, figures, reports) — not the API's other services (ingest,
// catalog import, alerts, admin…), whose modules would otherwise load at every cold start of
// the scheduler Lambda (issue 10, cold-import budget). The API builds the same three with its
// other services (more-services.ts calls createReportServices).
import type { Config } from '../config.js';
import { createCalendarProvider, type CalendarProvider } from '../store/calendar-provider.js';
import { createAuthService, type AuthService } from '../services/auth-service.js';
import { createFiguresService } from '../services/figures-service.js';
import { createReferenceService } from '../services/reference-service.js';
import { createReportService } from '../services/report-service.js';
import type { Db } from '../store/client.js';
import { createStores, type Stores } from '../store/index.js';
import { dbFromConfig } from './db.js';
import { createReportsStore } from '../store/reports-store.js';

/** What the report services are built on: the stores, calendars, sign-in service and config of the entry point. */
export interface ReportServicesBase {
  stores: Stores;
  calendars: CalendarProvider;
  auth: AuthService;
  config: Pick<Config, 'cityCode'>;
  now: () => Date;
}

/** Reference data, figures and reports — the API builds them with its other services (more-services.ts). */
export function createReportServices(db: Db, { stores, calendars, auth, config, now }: ReportServicesBase) {
  const reference = createReferenceService(stores, config.cityCode, now);
  const figures = createFiguresService(stores, calendars, now, () => reference.regions());
  const reports = createReportService({
    stores,
    reports: createReportsStore(db),
    figures,
    calendars,
    auth,
    now,
    cityCode: config.cityCode,
    regions: () => reference.regions(),
  });
  return { reference, figures, reports };
}

/** The report scheduler Lambda's services: only these. */
export function reportServicesFromConfig(config: Config, now: () => Date = () => new Date()) {
  const db = dbFromConfig(config);
  const stores = createStores(db);
  const calendars = createCalendarProvider(stores.settings);
  const { reports } = createReportServices(db, { stores, calendars, auth: createAuthService(stores, config, now), config, now });
  return { reports };
}
