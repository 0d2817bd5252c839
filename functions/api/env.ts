// The Hono environment shared by every route: the services and, after auth, the caller.
import type { Services } from './deps.js';
import type { Principal } from '../services/principal.js';

export type AppEnv = { Variables: { services: Services; principal: Principal } };
