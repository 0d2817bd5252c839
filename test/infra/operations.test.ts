// What an operator relies on: each function may write only its own items (dynamodb:LeadingKeys),
// prod keeps its data, backups run daily, the recompute worker runs alone every minute, and the
// alarms watch the metrics the functions publish (shared/ops-metrics.ts) and reach the SNS topic.
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPS_METRICS, OPS_NAMESPACE } from '../../shared/ops-metrics.js';
import { TABLE, WRITERS } from '../../shared/table-schema.js';
import { ENVIRONMENTS, EXAMPLE_SETTINGS } from '../../infra/config.js';
import { REPORTS_ENTRY } from '../../infra/stacks/service-pulse-stack.js';
import { cleanup, deploymentFrom, exampleContext, FIXTURES, synth, SYNTH_TIMEOUT, type Synthesised } from './synth.js';

afterAll(cleanup);

const entries = {
  webDistDir: join(FIXTURES, 'no-such-web-dist'),
  aggregatorEntry: join(FIXTURES, 'aggregator/lambda.ts'),
  recomputeEntry: join(FIXTURES, 'recompute/lambda.ts'),
  alertsEntry: join(FIXTURES, 'alerts/lambda.ts'),
  reportsEntry: REPORTS_ENTRY,
};

type Statement = { Sid?: string; Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, string[]>> };

describe('prod in aws-cn: least privilege, retention, operations', { timeout: SYNTH_TIMEOUT }, () => {
  let s: Synthesised;
  const statementsOf = (role: unknown): Statement[] => {
    const roleId = s.id(role as never);
    return Object.values(s.template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
  };
  const writePrefixes = (role: unknown) => {
    const w = statementsOf(role).filter((st) => [st.Action].flat().includes('dynamodb:PutItem'));
    expect(w).toHaveLength(1);
    expect([w[0]!.Action].flat().sort()).toEqual([
      'dynamodb:BatchWriteItem',
      'dynamodb:DeleteItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
    expect(w[0]!.Resource).toEqual({ 'Fn::GetAtt': [s.id(s.stack.table), 'Arn'] });
    return w[0]!.Condition!['ForAllValues:StringLike']!['dynamodb:LeadingKeys'];
  };

  beforeAll(() => {
    s = synth(exampleContext('cn', 'prod'), entries);
  }, SYNTH_TIMEOUT);

  it('lets each function write only its own partition-key prefixes', () => {
    expect(writePrefixes(s.stack.api.fn.role)).toEqual([...WRITERS.api]);
    expect(writePrefixes(s.stack.aggregator!.fn.fn.role)).toEqual([...WRITERS.aggregator]);
    expect(writePrefixes(s.stack.recompute!.fn.fn.role)).toEqual([...WRITERS.recompute]);
    expect(writePrefixes(s.stack.reports!.fn.fn.role)).toEqual([...WRITERS.reports]);
    expect(writePrefixes(s.stack.alerts!.fn.fn.role)).toEqual([...WRITERS.alerts]);
    // The internet-facing API cannot touch figures; the aggregator cannot forge records.
    for (const figures of ['ENT#*', 'R#*', 'P#*', 'OUTBOX#*', 'MERGE#*', 'PENDING#*', 'PIPELINE#*'])
      expect(WRITERS.api).not.toContain(figures);
    for (const input of ['REC#*', 'APIKEY#*', 'USER#*', 'ITEM#*', 'DEPT#*']) expect(WRITERS.aggregator).not.toContain(input);
    expect(WRITERS.reports).toEqual(['REPORT#*', 'AUDIT#*']);
  });

  it('grants reads on the table and each index by name, Scan only to the recompute worker', () => {
    const tableArn = { 'Fn::GetAtt': [s.id(s.stack.table), 'Arn'] };
    const indexArns = Object.values(TABLE.indexes).map((ix) => ({ 'Fn::Join': ['', [tableArn, `/index/${ix.name}`]] }));
    for (const [fn, scan] of [
      [s.stack.api, false],
      [s.stack.aggregator!.fn, false],
      [s.stack.recompute!.fn, true],
      [s.stack.reports!.fn, false],
      [s.stack.alerts!.fn, false],
    ] as const) {
      const read = statementsOf(fn.fn.role).find((st) => st.Sid === 'ReadItems')!;
      // The same resources in any order (CDK orders a statement's resources itself).
      expect(read.Resource).toHaveLength(1 + indexArns.length);
      expect(read.Resource).toEqual(expect.arrayContaining([tableArn, ...indexArns]));
      expect([read.Action].flat().includes('dynamodb:Scan')).toBe(scan);
    }
  });

  it('grants no DynamoDB action on "*" except the ListStreams of the stream source, and no wildcard actions', () => {
    const all = Object.values(s.template.findResources('AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as Statement[],
    );
    const onStar = all.filter((st) => st.Resource === '*' || (Array.isArray(st.Resource) && st.Resource.includes('*')));
    const ddbOnStar = onStar.flatMap((st) => [st.Action].flat()).filter((a) => a.startsWith('dynamodb:'));
    expect(ddbOnStar).toEqual(['dynamodb:ListStreams']);
    const actions = all.flatMap((st) => [st.Action].flat());
    expect(actions.filter((a) => a === '*' || a.endsWith(':*') || (a.startsWith('dynamodb:') && a.includes('*')))).toEqual([]);
    // The functions' own roles carry no managed policy (CDK's default gives logs:* everywhere).
    for (const fn of [s.stack.api, s.stack.aggregator!.fn, s.stack.recompute!.fn, s.stack.reports!.fn]) {
      expect(s.template.toJSON().Resources[s.id(fn.fn.role as never)].Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('keeps prod data: table retained with deletion protection, access logs retained, backups kept a year', () => {
    s.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
    });
    s.template.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Retain' });
    s.template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanName: Match.anyValue(),
        BackupPlanRule: [
          Match.objectLike({
            ScheduleExpression: 'cron(0 19 * * ? *)',
            Lifecycle: { DeleteAfterDays: ENVIRONMENTS.prod.backupRetentionDays },
          }),
        ],
      },
    });
    expect(ENVIRONMENTS.prod.backupRetentionDays).toBe(365);
    expect(s.stack.stackName).toBe('ServicePulse-prod');
  });

  it("runs the recompute worker every minute, alone, for up to 5 minutes, with the aggregator's environment", () => {
    const fn = s.template.toJSON().Resources[s.id(s.stack.recompute!.fn.fn)];
    expect(fn.Properties).toMatchObject({ Timeout: 300, ReservedConcurrentExecutions: 1, Runtime: 'nodejs22.x' });
    const agg = s.template.toJSON().Resources[s.id(s.stack.aggregator!.fn.fn)];
    expect(Object.keys(fn.Properties.Environment.Variables).sort()).toEqual(Object.keys(agg.Properties.Environment.Variables).sort());
    s.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [s.id(s.stack.recompute!.fn.fn), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 120 },
        }),
      ],
    });
    // Events throttled behind a running slice expire after a minute instead of queueing for hours.
    s.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: s.id(s.stack.recompute!.fn.fn) },
      MaximumEventAgeInSeconds: 60,
      MaximumRetryAttempts: 0,
    });
    expect(fn.Properties.DeadLetterConfig).toBeUndefined();
  });

  it("alarms on the pipeline's health metrics, the DLQs, DynamoDB and the API, all to the SNS topic", () => {
    const alarms = Object.values(s.template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    const topicId = s.id(s.stack.monitoring.topic);
    for (const a of alarms) expect(a.AlarmActions).toEqual([{ Ref: topicId }]);
    const byMetric = (ns: string, name: string) =>
      alarms.filter(
        (a) => (a.Namespace === ns && a.MetricName === name) || JSON.stringify(a.Metrics ?? []).includes(`"MetricName":"${name}"`),
      );
    for (const m of [OPS_METRICS.aggregationLag, OPS_METRICS.cannotJudge, OPS_METRICS.failedBatches, OPS_METRICS.reportsFailed]) {
      const found = byMetric(OPS_NAMESPACE, m.name);
      expect(found, m.name).toHaveLength(1);
      expect(found[0]!.Dimensions).toEqual([{ Name: 'Service', Value: m.service }]);
    }
    expect(byMetric('AWS/Lambda', 'IteratorAge')).toHaveLength(1);
    expect(byMetric('AWS/SQS', 'ApproximateNumberOfMessagesVisible')).toHaveLength(4); // aggregator, recompute, reports, alerts DLQs
    expect(byMetric('AWS/ApiGateway', '5xx')).toHaveLength(1);
    expect(alarms.filter((a) => a.MetricName === 'Latency' && a.ExtendedStatistic === 'p99')).toHaveLength(1);
    expect(byMetric('AWS/DynamoDB', 'WriteThrottleEvents')).toHaveLength(1);
    expect(byMetric('AWS/DynamoDB', 'TransactionConflict')).toHaveLength(1);
    expect(byMetric('AWS/Lambda', 'Errors')).toHaveLength(3); // reports, recompute and alerts
    s.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: EXAMPLE_SETTINGS.cn.alarmEmail });
  });

  it("has one dashboard with the ingest rate per department (the API's RecordsAccepted by Department)", () => {
    s.template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const body = JSON.stringify(Object.values(s.template.findResources('AWS::CloudWatch::Dashboard'))[0]!.Properties.DashboardBody);
    expect(body).toContain(`SEARCH('{${OPS_NAMESPACE},Department,Service} MetricName=\\\\\\"${OPS_METRICS.recordsAccepted.name}\\\\\\"'`);
    for (const m of [
      'IteratorAge',
      'AggregationLagSeconds',
      'CannotJudgeEntities',
      'TransactionConflict',
      'ApproximateNumberOfMessagesVisible',
    ])
      expect(body).toContain(m);
  });
});

describe('dev outside China: thrown away with its stack', { timeout: SYNTH_TIMEOUT }, () => {
  it('deletes table and backups with the stack and keeps backups 35 days', () => {
    const s = synth(
      { env: 'dev', region: 'eu-west-1' },
      {
        ...entries,
        aggregatorEntry: join(FIXTURES, 'none.ts'),
        recomputeEntry: join(FIXTURES, 'none.ts'),
        reportsEntry: join(FIXTURES, 'none.ts'),
        alertsEntry: join(FIXTURES, 'none.ts'),
      },
    );
    s.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
    });
    s.template.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Delete' });
    s.template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: Match.objectLike({ BackupPlanRule: [Match.objectLike({ Lifecycle: { DeleteAfterDays: 35 } })] }),
    });
    s.template.resourceCountIs('AWS::SNS::Subscription', 0); // no alarm e-mail given
    expect(s.stack.stackName).toBe('ServicePulse-dev');
  });
});

describe('backup copy to the other China region', { timeout: SYNTH_TIMEOUT }, () => {
  const vault = 'arn:aws-cn:backup:cn-northwest-1:123456789012:backup-vault:servicepulse-copy';
  it('copies each daily recovery point to the given vault, kept as long as the original', () => {
    const s = synth(
      { ...exampleContext('cn', 'prod'), backupCopyVaultArn: vault },
      {
        ...entries,
        aggregatorEntry: join(FIXTURES, 'none.ts'),
        recomputeEntry: join(FIXTURES, 'none.ts'),
        reportsEntry: join(FIXTURES, 'none.ts'),
        alertsEntry: join(FIXTURES, 'none.ts'),
      },
    );
    s.template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: Match.objectLike({
        BackupPlanRule: [Match.objectLike({ CopyActions: [{ DestinationBackupVaultArn: vault, Lifecycle: { DeleteAfterDays: 365 } }] })],
      }),
    });
  });
  it('refuses a vault ARN of another partition', () => {
    expect(() => deploymentFrom({ ...exampleContext('cn'), backupCopyVaultArn: vault.replace('aws-cn', 'aws') })).toThrow(
      /expected arn:aws-cn:backup/,
    );
  });
});
