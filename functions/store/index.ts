// All entity stores over one table.
import type { Db } from './client.js';
import { createApiKeysStore } from './api-keys-store.js';
import { createAuditStore } from './audit-store.js';
import { createCatalogStore } from './catalog-store.js';
import { createDepartmentsStore } from './departments-store.js';
import { createFeedStore } from './feed-store.js';
import { createRecordsStore } from './records-store.js';
import { createSessionsStore } from './sessions-store.js';
import { createUsersStore } from './users-store.js';
import { createEntityStateStore } from './entity-state-store.js';
import { createRollupsStore } from './rollups-store.js';
import { createSettingsStore } from './settings-store.js';
import { createJobsStore } from './jobs-store.js';
import { createPipelineStore } from './pipeline-store.js';
import { createAlertsStore } from './alerts-store.js';
import { createLicencesStore } from './licences-store.js';
import { createOutboxStore } from './outbox-store.js';

export function createStores(db: Db) {
  return {
    records: createRecordsStore(db),
    catalog: createCatalogStore(db),
    departments: createDepartmentsStore(db),
    apiKeys: createApiKeysStore(db),
    users: createUsersStore(db),
    sessions: createSessionsStore(db),
    audit: createAuditStore(db),
    feed: createFeedStore(db),
    entities: createEntityStateStore(db),
    rollups: createRollupsStore(db),
    outbox: createOutboxStore(db),
    settings: createSettingsStore(db),
    jobs: createJobsStore(db),
    pipeline: createPipelineStore(db),
    alerts: createAlertsStore(db),
    licences: createLicencesStore(db),
  };
}
export type Stores = ReturnType<typeof createStores>;
