// Wires config → DynamoDB → stores → services. Constructing clients does no I/O.
// The API Lambda builds the core services at its cold start and the others with the route groups
// that use them (lambda.ts); everything else builds them all here.
import type { Config } from '../config.js';
import type { Db } from '../store/client.js';
import { createCoreServices, dbFromConfig } from './core-services.js';
import { createMoreServices } from './more-services.js';

export function createServices(db: Db, config: Config, now: () => Date = () => new Date()) {
  const core = createCoreServices(db, config, now);
  return { ...core, ...createMoreServices(db, core) };
}
export type Services = ReturnType<typeof createServices>;

export function servicesFromConfig(config: Config): Services {
  return createServices(dbFromConfig(config), config);
}
