// AWS Lambda entry: the same Hono app behind API Gateway (HTTP API, payload v2). Config and the
// administrator token secret are read once per cold start (ESM top-level await).
import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../config.js';
import { enableOpsMetrics } from '../observability.js';
import { withAdminTokenFromSecret } from './admin-secret.js';
import { createApp } from './app.js';
import { servicesFromConfig } from './deps.js';

enableOpsMetrics();
const config = await withAdminTokenFromSecret(loadConfig());
export const handler = handle(createApp(servicesFromConfig(config)));
