// The DynamoDB client of an entry point, from its config (no I/O until the first request).
import type { Config } from '../config.js';
import { createDb, type Db } from '../store/client.js';

export function dbFromConfig(config: Config): Db {
  return createDb({ tableName: config.tableName, region: config.region, ...(config.ddbEndpoint ? { endpoint: config.ddbEndpoint } : {}) });
}
