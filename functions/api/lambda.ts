// AWS Lambda entry: the same Hono app behind API Gateway (HTTP API, payload v2). Config and the
// administrator token secret are read once per cold start (ESM top-level await).
// A cold start builds only what the credential check and ingest (POST /v1/events) need (issue 10):
// the other route groups and their services are imported and built by the first request to one of
// their routes.
import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../config.js';
import { enableOpsMetrics } from '../observability.js';
import { withAdminTokenFromSecret } from './admin-secret.js';
import { createApp } from './app.js';
import { createCoreServices } from '../runtime/core-services.js';
import { dbFromConfig } from '../runtime/db.js';
import type { Services } from '../runtime/services.js';

enableOpsMetrics();
const config = await withAdminTokenFromSecret(loadConfig());
const db = dbFromConfig(config);
const core = createCoreServices(db, config);

async function buildAllServices(): Promise<Services> {
  const { createMoreServices } = await import('./on-demand.js');
  const services = { ...core, ...createMoreServices(db, core) };
  // PDF without a browser: pdfkit with the CJK font layer (PDF_FONT_DIR), loaded on the first PDF
  // request only (pdfkit + fontkit ~1 MB are not in the cold start; issue 10).
  services.reports.attachPdfRenderer({ render: async (html) => (await import('../adapters/pdf-kit.js')).renderReportPdf(html) });
  return services;
}
let allServices: Promise<Services> | undefined;
function all(): Promise<Services> {
  if (!allServices) {
    allServices = buildAllServices();
    allServices.catch(() => {
      allServices = undefined;
    });
  }
  return allServices;
}

export const handler = handle(createApp({ core, all }));
