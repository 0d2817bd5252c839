// The Hono environment shared by every route: the services and, after auth, the caller.
import type { CoreServices } from '../../runtime/core-services.js';
import type { Services } from '../../runtime/services.js';
import type { Principal } from '../../services/principal.js';

export type AppEnv = { Variables: { services: Services; principal: Principal } };
/**
 * What the entry's own routes and middleware may use (the credential check, ingest): on the API
 * Lambda the other services are built only with the route groups imported on demand.
 */
export type CoreEnv = { Variables: { services: CoreServices; principal: Principal } };
