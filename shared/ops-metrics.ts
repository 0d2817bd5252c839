// Operational metrics (运维指标) the functions publish as CloudWatch Embedded Metric Format log
// lines and the CDK stack alarms on. One registry so a renamed metric breaks the build, not the
// alarm. (Business figures live in shared/figures; these are about the system's health.)

export const OPS_NAMESPACE = 'ServicePulse';
/** Every metric carries `Service=<one of these>`. */
export const OPS_SERVICES = { api: 'api', aggregator: 'aggregator', recompute: 'recompute', reports: 'reports', alerts: 'alerts' } as const;
export type OpsService = (typeof OPS_SERVICES)[keyof typeof OPS_SERVICES];

export const OPS_METRICS = {
  /** Aggregator, per batch: age in seconds of the oldest record not yet counted. */
  aggregationLag: { name: 'AggregationLagSeconds', unit: 'Seconds', service: 'aggregator' },
  /** Aggregator, gauge: entities currently flagged cannot-be-judged (无法判定). */
  cannotJudge: { name: 'CannotJudgeEntities', unit: 'Count', service: 'aggregator' },
  /** Aggregator: batches that failed (and are retried, then dead-lettered). */
  failedBatches: { name: 'FailedBatches', unit: 'Count', service: 'aggregator' },
  /** Aggregator, per batch: records (and catalog/calendar changes) it counted. */
  recordsCounted: { name: 'RecordsCounted', unit: 'Count', service: 'aggregator' },
  /** Aggregator, per batch: entities frozen by an unexpected error (listed as cannot be judged). */
  entitiesFrozen: { name: 'EntitiesFrozen', unit: 'Count', service: 'aggregator' },
  /** API: records accepted, with a `Department` dimension (ingest rate per department). */
  recordsAccepted: { name: 'RecordsAccepted', unit: 'Count', service: 'api', dimension: 'Department' },
  /** Reports scheduler: reports that failed in a run. */
  reportsFailed: { name: 'ReportsFailed', unit: 'Count', service: 'reports' },
  /** Alerts run: webhook deliveries given up after their last attempt (预警推送失败). */
  alertDeliveriesFailed: { name: 'AlertDeliveriesFailed', unit: 'Count', service: 'alerts' },
  /** Alerts run: webhook attempts that failed and wait for a retry. */
  alertDeliveriesRetrying: { name: 'AlertDeliveriesRetrying', unit: 'Count', service: 'alerts' },
} as const;
