// AWS Lambda entry of the alerts run (预警): invoked every minute by an EventBridge rule (reserved
// concurrency 1 is advisable, though two runs cannot send a notice twice: notices are stored with
// a conditional put and each delivery attempt is claimed conditionally). Evaluates every rule and
// delivers what is due. The administrator token secret is read at cold start because, without
// ALERTS_KEY, it is the key material of the stored webhook secrets.
import { OPS_METRICS } from '../../shared/ops-metrics.js';
import { loadConfig } from '../config.js';
import { withAdminTokenFromSecret } from '../api/admin-secret.js';
import { servicesFromConfig } from '../runtime/services.js';
import { emitOps, enableOpsMetrics } from '../observability.js';

enableOpsMetrics();
const services = servicesFromConfig(await withAdminTokenFromSecret(loadConfig()));

export async function handler() {
  const r = await services.alerts.run();
  console.log(
    JSON.stringify({
      message: 'alerts run',
      noticesCreated: r.noticesCreated.length,
      sent: r.sent,
      retrying: r.retrying,
      failed: r.failed,
    }),
  );
  // An alarm on AlertDeliveriesFailed ≥ 1 tells operators a robot or endpoint refused for good.
  emitOps([
    { metric: OPS_METRICS.alertDeliveriesFailed, value: r.failed },
    { metric: OPS_METRICS.alertDeliveriesRetrying, value: r.retrying },
  ]);
  return r;
}
