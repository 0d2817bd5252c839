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
const services = servicesFromConfig(config);
// PDF without a browser: pdfkit with the CJK font layer (PDF_FONT_DIR), loaded on the first PDF
// request only (pdfkit + fontkit ~1 MB are not in the cold start; issue 10).
services.reports.attachPdfRenderer({ render: async (html) => (await import('../reports/pdf-kit.js')).renderReportPdf(html) });
export const handler = handle(createApp(services));
