// The pipeline's health as CloudWatch metrics (Embedded Metric Format: one JSON log line that
// CloudWatch turns into metrics, no API call on the hot path). Namespace ServicePulse, dimension
// Service=aggregator; the stack's alarms and dashboard read these names (infra).
import { OPS_METRICS, OPS_NAMESPACE } from '../../shared/ops-metrics.js';

type PipelineMetricKey = 'aggregationLag' | 'cannotJudge' | 'failedBatches' | 'recordsCounted' | 'entitiesFrozen';
/** The metric names (shared/ops-metrics.ts, the registry the alarms read). */
export type PipelineMetric = (typeof OPS_METRICS)[PipelineMetricKey]['name'];
const UNIT: Record<string, string> = Object.fromEntries(Object.values(OPS_METRICS).map((m) => [m.name, m.unit]));

// stdout, not console.log: under the functions' JSON log format the Lambda runtime wraps console
// output in its own JSON, and CloudWatch then extracts no metric (issue 10, docs/decisions.md).
const stdoutLine = (line: string) => {
  process.stdout.write(`${line}\n`);
};

export function emitMetrics(
  values: Partial<Record<PipelineMetric, number>>,
  service = 'aggregator',
  log: (line: string) => void = stdoutLine,
): void {
  const names = Object.keys(values) as PipelineMetric[];
  if (!names.length) return;
  log(
    JSON.stringify({
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          {
            Namespace: OPS_NAMESPACE,
            Dimensions: [['Service']],
            Metrics: names.map((Name) => ({ Name, Unit: UNIT[Name] ?? 'Count' })),
          },
        ],
      },
      Service: service,
      ...values,
    }),
  );
}
