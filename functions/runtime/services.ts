// The composition root (组装): config → DynamoDB → stores → services, for every entry point — the
// local start, the alerts Lambda, the backfill and aggregator CLIs, the demo loader, tests and
// benchmarks. Constructing clients does no I/O. The API Lambda builds the core services at its
// cold start and the others with the route groups that use them (functions/api/lambda.ts), the
// report scheduler only what reports need (report-services.ts); the aggregator and recompute
// Lambdas only stores and calendars (their bundles carry no service).
import type { Config } from '../config.js';
import type { Db } from '../store/client.js';
import { createCoreServices } from './core-services.js';
import { dbFromConfig } from './db.js';
import { createMoreServices } from './more-services.js';

export function createServices(db: Db, config: Config, now: () => Date = () => new Date()) {
  const core = createCoreServices(db, config, now);
  return { ...core, ...createMoreServices(db, core) };
}
export type Services = ReturnType<typeof createServices>;

export function servicesFromConfig(config: Config): Services {
  return createServices(dbFromConfig(config), config);
}
