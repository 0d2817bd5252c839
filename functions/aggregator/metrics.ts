// The pipeline's health as CloudWatch metrics (Embedded Metric Format: one JSON log line that
// CloudWatch turns into metrics, no API call on the hot path). Namespace ServicePulse, dimension
// Service=aggregator; the stack's alarms and dashboard read these names (infra).
export const METRICS_NAMESPACE = 'ServicePulse';
export type PipelineMetric = 'AggregationLagSeconds' | 'CannotJudgeEntities' | 'FailedBatches' | 'RecordsCounted' | 'EntitiesFrozen';

// stdout, not console.log: under the functions' JSON log format the Lambda runtime wraps console
// output in its own JSON, and CloudWatch then extracts no metric (issue 10, docs/decisions.md).
const stdoutLine = (line: string) => { process.stdout.write(`${line}\n`); };

export function emitMetrics(values: Partial<Record<PipelineMetric, number>>, service = 'aggregator', log: (line: string) => void = stdoutLine): void {
  const names = Object.keys(values) as PipelineMetric[];
  if (!names.length) return;
  log(JSON.stringify({
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [{
        Namespace: METRICS_NAMESPACE, Dimensions: [['Service']],
        Metrics: names.map((Name) => ({ Name, Unit: Name === 'AggregationLagSeconds' ? 'Seconds' : 'Count' })),
      }],
    },
    Service: service,
    ...values,
  }));
}
