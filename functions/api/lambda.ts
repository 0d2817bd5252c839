// AWS Lambda entry: the same Hono app behind API Gateway (HTTP API, payload v2).
import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../config.js';
import { createApp } from './app.js';
import { servicesFromConfig } from './deps.js';

export const handler = handle(createApp(servicesFromConfig(loadConfig())));
