// functions/observability.ts: the EMF line CloudWatch turns into the metrics the stack alarms on.
import { afterEach, describe, expect, it } from 'vitest';
import { OPS_METRICS, OPS_NAMESPACE } from '../../shared/ops-metrics.js';
import { disableOpsMetrics, emitOps, enableOpsMetrics } from '../../functions/observability.js';

afterEach(disableOpsMetrics);

describe('emitOps', () => {
  it('prints nothing until a Lambda entry enables it', () => {
    const lines: string[] = [];
    emitOps([{ metric: OPS_METRICS.recordsAccepted, value: 3 }], { Department: 'D01' });
    enableOpsMetrics((l) => lines.push(l));
    disableOpsMetrics();
    emitOps([{ metric: OPS_METRICS.recordsAccepted, value: 3 }], { Department: 'D01' });
    expect(lines).toEqual([]);
  });

  it('writes one EMF document: namespace, Service (+ Department) dimension sets, value and unit', () => {
    const lines: string[] = [];
    enableOpsMetrics((l) => lines.push(l));
    emitOps([{ metric: OPS_METRICS.recordsAccepted, value: 3 }], { Department: 'D01' }, 1_700_000_000_000);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      _aws: {
        Timestamp: 1_700_000_000_000,
        CloudWatchMetrics: [
          {
            Namespace: OPS_NAMESPACE,
            Dimensions: [['Service'], ['Service', 'Department']],
            Metrics: [{ Name: 'RecordsAccepted', Unit: 'Count' }],
          },
        ],
      },
      Service: 'api',
      Department: 'D01',
      RecordsAccepted: 3,
    });
  });

  it('publishes a service-level metric with the Service dimension only', () => {
    const lines: string[] = [];
    enableOpsMetrics((l) => lines.push(l));
    emitOps([{ metric: OPS_METRICS.reportsFailed, value: 0 }]);
    const doc = JSON.parse(lines[0]!);
    expect(doc._aws.CloudWatchMetrics[0].Dimensions).toEqual([['Service']]);
    expect(doc).toMatchObject({ Service: 'reports', ReportsFailed: 0 });
  });
});
