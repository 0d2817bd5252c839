// The composition root's first half (组装): the services the API's entry uses itself (issue 10) —
// the credential check on every /v1 route and the ingest of records. The others
// (more-services.ts) come with the route groups that need them; services.ts builds both for every
// entry point that is not the API Lambda.
import type { Config } from '../config.js';
import type { Db } from '../store/client.js';
import { createStores } from '../store/index.js';
import { createAuthService } from '../services/auth-service.js';
import { createIngestService } from '../services/ingest-service.js';
import { createCalendarProvider } from '../store/calendar-provider.js';

export function createCoreServices(db: Db, config: Config, now: () => Date = () => new Date()) {
  const stores = createStores(db);
  return {
    stores,
    calendars: createCalendarProvider(stores.settings),
    config,
    now,
    auth: createAuthService(stores, config, now),
    ingest: createIngestService(stores, { cityCode: config.cityCode }, now),
  };
}
export type CoreServices = ReturnType<typeof createCoreServices>;
