// AWS Lambda entry of the report scheduler: invoked by an EventBridge rule every day at 02:00
// Asia/Shanghai (18:00 UTC the day before). Each run generates whatever report of the closed
// months is missing — so the first run after a month closes generates that month's reports,
// and a failed or timed-out run is made good by the next one. Existing reports are never
// touched (regenerating is an administrator's decision: POST /v1/reports).
import type { Context, ScheduledEvent } from 'aws-lambda';
import { OPS_METRICS } from '../../shared/ops-metrics.js';
import { loadConfig } from '../config.js';
import { emitOps, enableOpsMetrics } from '../observability.js';
import { reportServicesFromConfig } from '../runtime/report-services.js';
// Every run generates reports: the generator (loaded lazily by the API) is part of this cold start.
import '../services/report-generate.js';

enableOpsMetrics();
const services = reportServicesFromConfig(loadConfig());
/** Stop starting new reports this long before the Lambda's own timeout. */
const MARGIN_MS = 60_000;

export async function handler(_event: ScheduledEvent, context: Context) {
  const stopAtMs = Date.now() + Math.max(0, context.getRemainingTimeInMillis() - MARGIN_MS);
  const r = await services.reports.generateMissing({ stopAtMs, log: (line) => console.log(line) });
  console.log(JSON.stringify({ months: r.months, generated: r.generated.length, failed: r.failed, incomplete: r.incomplete }));
  // The stack alarms on ReportsFailed ≥ 1 (a report that failed is retried by the next day's run).
  emitOps([{ metric: OPS_METRICS.reportsFailed, value: r.failed.length }]);
  return { generated: r.generated.length, failed: r.failed.length, incomplete: r.incomplete };
}
