// How a command-line tool (backfill, recompute, redrive) reaches the data: through a running
// `npm start` (its DynamoDB Local, found by the endpoint file in the data folder), an endpoint
// given with --endpoint, AWS with --aws, or else by starting DynamoDB Local on the data folder
// itself (stopped again by `close`).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { createServices, type Services } from '../runtime/services.js';
import { createDb, ensureTable } from '../store/client.js';
import { ENDPOINT_FILE } from './endpoint-file.js';
import { startDynamoLocal, type DynamoLocal } from './dynamo-local.js';

export interface CliTarget {
  dataDir?: string;
  endpoint?: string;
  aws?: boolean;
}

export async function connectForCli(t: CliTarget): Promise<{ config: Config; services: Services; close: () => Promise<void> }> {
  const base = loadConfig();
  const dataDir = resolve(t.dataDir ?? base.dataDir);
  let own: DynamoLocal | undefined;
  let endpoint = t.endpoint;
  // The demo's first start counts its history by itself (loadFresh): nothing else may count meanwhile.
  if (!t.endpoint && !t.aws && existsSync(join(dataDir, 'demo-loading.json'))) {
    throw new ConfigError(
      `${dataDir}: the demo city is still loading (npm start prints when it is loaded); try again then. 演示城市仍在载入，请载入完成后再试。`,
    );
  }
  const running = join(dataDir, ENDPOINT_FILE);
  if (!endpoint && !t.aws && existsSync(running)) endpoint = readFileSync(running, 'utf8').trim(); // `npm start` is running
  if (!endpoint && !t.aws) {
    own = await startDynamoLocal({ dataDir: join(dataDir, 'dynamodb') });
    endpoint = own.endpoint;
  }
  const config = loadConfig({ ...process.env, ...(endpoint ? { DDB_ENDPOINT: endpoint } : {}) });
  const db = createDb({ tableName: config.tableName, region: config.region, ...(endpoint ? { endpoint } : {}) });
  if (endpoint) await ensureTable(db);
  return {
    config,
    services: createServices(db, config),
    close: async () => {
      await own?.stop();
    },
  };
}
