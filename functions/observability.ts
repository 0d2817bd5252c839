// Operational metrics as CloudWatch Embedded Metric Format (EMF): one JSON line on stdout that
// CloudWatch Logs turns into metrics, with no API call on the request path. Names, units and the
// Service dimension come from shared/ops-metrics.ts, the registry the stack's alarms read.
//
// Off until a Lambda entry calls enableOpsMetrics(): local runs and tests print nothing. Lines go
// to process.stdout directly, not console.log: with the functions' JSON log format the Lambda
// runtime wraps console output in its own JSON ("message": "…"), and CloudWatch extracts EMF only
// from lines whose top level holds `_aws`.
import { OPS_NAMESPACE } from '../shared/ops-metrics.js';

export interface OpsMetric {
  name: string;
  unit: string;
  service: string;
}

let write: ((line: string) => void) | undefined;

/** Turns EMF output on (Lambda entries); `sink` replaces stdout in tests. */
export function enableOpsMetrics(
  sink: (line: string) => void = (line) => {
    process.stdout.write(`${line}\n`);
  },
): void {
  write = sink;
}

export function disableOpsMetrics(): void {
  write = undefined;
}

/**
 * Publishes one value of each metric, all of one service, with extra dimensions (e.g. Department).
 * Every metric is published with Service alone and with Service plus the extra dimensions, so the
 * alarms can read the total and the dashboard the breakdown.
 */
export function emitOps(
  values: Array<{ metric: OpsMetric; value: number }>,
  dimensions: Record<string, string> = {},
  at = Date.now(),
): void {
  if (!write || values.length === 0) return;
  const service = values[0]!.metric.service;
  const extra = Object.keys(dimensions);
  write(
    JSON.stringify({
      _aws: {
        Timestamp: at,
        CloudWatchMetrics: [
          {
            Namespace: OPS_NAMESPACE,
            Dimensions: extra.length ? [['Service'], ['Service', ...extra]] : [['Service']],
            Metrics: values.map(({ metric }) => ({ Name: metric.name, Unit: metric.unit })),
          },
        ],
      },
      Service: service,
      ...dimensions,
      ...Object.fromEntries(values.map(({ metric, value }) => [metric.name, value])),
    }),
  );
}
