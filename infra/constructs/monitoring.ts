// Alarms, their SNS topic and one CloudWatch dashboard (运维监控). Each alarm answers one
// operator question (is the pipeline behind? is anything dead-lettered? is the API failing?);
// docs/deploy.md says what to do for each. Custom metrics come from shared/ops-metrics.ts, the same
// registry the functions publish with (CloudWatch Embedded Metric Format).
import { Duration, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { OPS_METRICS, OPS_NAMESPACE } from '../../shared/ops-metrics.js';

export interface MonitoringProps {
  envName: string;
  alarmEmail?: string;
  table: ITable;
  api: IFunction;
  httpApi: HttpApi;
}

/** Alarm thresholds; the reasoning is in docs/deploy.md ("Reading the alarms"). */
export const THRESHOLDS = {
  /** Stream records waiting longer than this: the figures are late (the stream keeps 24 h). */
  iteratorAgeMs: 5 * 60_000,
  /** Oldest uncounted record older than this (AggregationLagSeconds). */
  aggregationLagSeconds: 15 * 60,
  /** API: 5xx answers per 5 minutes. */
  api5xxPer5Min: 5,
  /** API: p99 latency at API Gateway. */
  apiP99Ms: 3_000,
  /** DynamoDB throttled requests per 5 minutes. */
  throttlesPer5Min: 10,
  /** Transaction conflicts per 5 minutes (some are normal: the aggregator retries them). */
  transactionConflictsPer5Min: 100,
} as const;

const opsMetric = (m: { name: string; service: string }, statistic: string, period = Duration.minutes(5)) =>
  new Metric({ namespace: OPS_NAMESPACE, metricName: m.name, dimensionsMap: { Service: m.service }, statistic, period });

export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];

  constructor(
    scope: Construct,
    id: string,
    private readonly props: MonitoringProps,
  ) {
    super(scope, id);
    this.topic = new Topic(this, 'Alarms', { displayName: `ServicePulse ${props.envName} alarms 告警`, enforceSSL: true });
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications carry alarm names and figures, no personal data; CloudWatch cannot publish to a topic under the AWS-managed SNS key, and a customer key would add a key policy to run for nothing to protect.',
    });
    if (props.alarmEmail) {
      this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
      Validations.of(this.topic).acknowledge({
        id: 'Serverless-SNSRedrivePolicy',
        reason:
          'An e-mail subscription: an undelivered alarm mail leaves the alarm in ALARM on the dashboard, and a DLQ of alarm mails would itself need watching.',
      });
    }

    this.dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(24) });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# ServicePulse ${props.envName} 运行状况\nAlarms go to the SNS topic; what each means and what to do: docs/deploy.md, "Reading the alarms".`,
        width: 24,
        height: 2,
      }),
    );

    const { table, httpApi } = props;
    const api5xx = httpApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' });
    const apiP99 = httpApi.metricLatency({ period: Duration.minutes(5), statistic: 'p99' });
    this.alarm('Api5xx', 'API: 5xx answers (服务端错误)', api5xx, THRESHOLDS.api5xxPer5Min, 2);
    this.alarm('ApiP99Latency', 'API: p99 latency above 3 s', apiP99, THRESHOLDS.apiP99Ms, 3);

    const throttles = new MathExpression({
      expression: 'r + w',
      usingMetrics: {
        r: table.metric('ReadThrottleEvents', { statistic: 'Sum', period: Duration.minutes(5) }),
        w: table.metric('WriteThrottleEvents', { statistic: 'Sum', period: Duration.minutes(5) }),
      },
      label: 'throttled requests',
      period: Duration.minutes(5),
    });
    const conflicts = table.metric('TransactionConflict', { statistic: 'Sum', period: Duration.minutes(5) });
    this.alarm('TableThrottles', 'DynamoDB: throttled requests', throttles, THRESHOLDS.throttlesPer5Min, 2);
    this.alarm(
      'TransactionConflicts',
      'DynamoDB: transaction conflicts (contention on hot rollup rows)',
      conflicts,
      THRESHOLDS.transactionConflictsPer5Min,
      3,
    );

    const accepted = new MathExpression({
      expression: `SEARCH('{${OPS_NAMESPACE},${OPS_METRICS.recordsAccepted.dimension},Service} MetricName="${OPS_METRICS.recordsAccepted.name}"', 'Sum', 300)`,
      label: '',
      period: Duration.minutes(5),
    });
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Ingest per department 各部门接入量 (records / 5 min)', left: [accepted], width: 12, stacked: true }),
      new GraphWidget({ title: 'API 5xx and p99 latency', left: [api5xx], right: [apiP99], width: 12 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'DynamoDB throttles and transaction conflicts', left: [throttles], right: [conflicts], width: 12 }),
      new GraphWidget({
        title: 'API invocations and errors',
        left: [props.api.metricInvocations({ statistic: 'Sum' })],
        right: [props.api.metricErrors({ statistic: 'Sum' })],
        width: 12,
      }),
    );
  }

  /** The stream consumer: iterator age, lag, failed batches, cannot-judge entities, its DLQ. */
  watchAggregator(fn: IFunction, dlq: IQueue): void {
    const iteratorAge = fn.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(5) });
    const lag = opsMetric(OPS_METRICS.aggregationLag, 'Maximum');
    const failed = opsMetric(OPS_METRICS.failedBatches, 'Sum');
    const cannotJudge = opsMetric(OPS_METRICS.cannotJudge, 'Maximum', Duration.hours(1));
    const depth = dlq.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(5) });
    this.alarm('StreamIteratorAge', 'Aggregator: stream records wait more than 5 minutes', iteratorAge, THRESHOLDS.iteratorAgeMs, 3);
    this.alarm('AggregationLag', 'Aggregator: oldest uncounted record older than 15 minutes', lag, THRESHOLDS.aggregationLagSeconds, 3);
    // Failures that persist for 15 minutes; a single retried failure is not worth a page.
    this.alarm('AggregatorFailedBatches', 'Aggregator: batches failing for 15 minutes', failed, 1, 3);
    this.alarm('CannotJudgeEntities', 'Aggregator: cases that cannot be judged (无法研判), e.g. an unknown item code', cannotJudge, 1, 1);
    this.alarm('AggregatorDlq', 'Aggregator: batches dead-lettered (figures incomplete until redriven)', depth, 1, 1);
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Aggregator: iterator age (ms) and lag (s)', left: [iteratorAge], right: [lag], width: 8 }),
      new GraphWidget({ title: 'Aggregator: failed batches, cannot-judge entities', left: [failed], right: [cannotJudge], width: 8 }),
      new GraphWidget({ title: 'Aggregator DLQ depth', left: [depth], width: 8 }),
    );
  }

  /** A scheduled function (reports, recompute): errors and its DLQ. */
  watchScheduled(name: string, fn: IFunction, dlq: IQueue, failures?: Metric): void {
    const errors = fn.metricErrors({ statistic: 'Sum', period: Duration.minutes(15) });
    const depth = dlq.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(5) });
    this.alarm(`${name}Errors`, `${name}: function errors`, errors, 1, 1);
    this.alarm(`${name}Dlq`, `${name}: invocations dead-lettered`, depth, 1, 1);
    const left: IMetric[] = [errors, ...(failures ? [failures] : [])];
    this.dashboard.addWidgets(
      new GraphWidget({ title: `${name}: errors`, left, width: 12 }),
      new GraphWidget({ title: `${name} DLQ depth`, left: [depth], width: 12 }),
    );
    if (failures) this.alarm(`${name}JobFailures`, `${name}: jobs failed in a run`, failures, 1, 1);
  }

  private alarm(id: string, description: string, metric: IMetric, threshold: number, periods: number): Alarm {
    const alarm = new Alarm(this, id, {
      alarmDescription: `ServicePulse ${this.props.envName}: ${description}`,
      metric,
      threshold,
      evaluationPeriods: periods,
      datapointsToAlarm: periods,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No data = nothing happened (no traffic, no failures): not an alarm.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
    return alarm;
  }
}
