// The one place that decides how a ServicePulse Lambda is built and run: runtime, architecture,
// bundling, logs, tracing, and what it may touch. Stacks say *which* code, *which* table and
// *which* key prefixes the function writes; this construct makes the environment variables and
// the IAM statements from the same inputs, so a function can never be told about a resource it
// may not use (or the reverse).
import { rmSync } from 'node:fs';
import { Duration, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  Code,
  Function as LambdaFunction,
  LoggingFormat,
  Runtime,
  Tracing,
  type ILayerVersion,
} from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { TABLE } from '../../shared/table-schema.js';
import { bundleFunction } from './bundle.js';

/**
 * What a function may do with the table. Every function reads every item and index (figures,
 * catalog and settings are read everywhere); writes are limited to the partition-key prefixes
 * listed (`dynamodb:LeadingKeys`), from shared/table-schema.ts WRITERS.
 */
export interface TableAccess {
  /** Partition-key prefixes the function may put, update and delete (IAM StringLike patterns). */
  writes: readonly string[];
  /** Scan the table (a full recomputation lists every entity state). */
  scan?: boolean;
}

export interface ServiceFunctionProps {
  /** Absolute path of the TypeScript entry file; it exports `handler`. */
  entry: string;
  description: string;
  /** The ServicePulse table: its name goes to TABLE_NAME; the statements follow `access`. */
  table: ITable;
  access: TableAccess;
  /** X-Ray active tracing (off in aws-cn, where Lambda has no X-Ray). */
  tracing: boolean;
  /**
   * Secrets the function reads at run time, by environment variable name. The variable holds the
   * secret's ARN (never its value) and the function is granted read on that secret only.
   */
  secrets?: Record<string, ISecret>;
  /** Plain, non-secret settings (parsed by functions/config.ts). */
  environment?: Record<string, string>;
  memorySize?: number;
  timeout?: Duration;
  /** Asynchronous invocations that still fail after Lambda's retries land here. */
  deadLetterQueue?: IQueue;
  reservedConcurrentExecutions?: number;
  /** Lambda layers (the report PDF's fonts for the API). */
  layers?: ILayerVersion[];
}

/**
 * Log retention: 180 days, the minimum the Cybersecurity Law (网络安全法 第二十一条) asks network
 * operators to keep logs for.
 */
export const LOG_RETENTION = RetentionDays.SIX_MONTHS;

/**
 * A Node.js 22 / arm64 Lambda bundled by the local esbuild at synth (no Docker): an ES module
 * entry plus lazily loaded chunks (infra/constructs/bundle.ts).
 */
export class ServiceFunction extends Construct {
  readonly fn: LambdaFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);

    // An explicit log group (not the implicit /aws/lambda/<name>) so its retention is ours.
    this.logGroup = new LogGroup(this, 'Logs', { retention: LOG_RETENTION });

    // Our own role: CDK's default attaches AWSLambdaBasicExecutionRole (logs:* on every log
    // group); this one may write to its own log group only.
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(
      new PolicyStatement({
        sid: 'OwnLogGroup',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    const secretArns = Object.fromEntries(Object.entries(props.secrets ?? {}).map(([name, s]) => [name, s.secretArn]));

    const bundle = bundleFunction(props.entry);
    this.fn = new LambdaFunction(this, 'Function', {
      code: Code.fromAsset(bundle.outdir),
      handler: 'index.handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(29),
      tracing: props.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      // JSON logs: Lambda adds the requestId to every line, which is the correlation id of one
      // API request or one stream batch (each is one invocation).
      role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      ...(props.deadLetterQueue ? { deadLetterQueueEnabled: true, deadLetterQueue: props.deadLetterQueue } : {}),
      ...(props.layers?.length ? { layers: props.layers } : {}),
      ...(props.reservedConcurrentExecutions !== undefined ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions } : {}),
      environment: {
        ...props.environment,
        ...secretArns,
        TABLE_NAME: props.table.tableName,
      },
    });

    // The asset was copied into the cloud assembly when the function was created.
    rmSync(bundle.outdir, { recursive: true, force: true });

    for (const s of tableStatements(props.table, props.access)) this.fn.addToRolePolicy(s);
    for (const secret of Object.values(props.secrets ?? {})) secret.grantRead(this.fn);

    const v = Validations.of(this);
    for (const id of ['AwsSolutions-L1', 'Serverless-LambdaLatestVersion']) {
      v.acknowledge({
        id,
        reason:
          'Pinned to nodejs22.x, the runtime the Lambda handler tests run under (npm run test:node22); a newer runtime is a deliberate change with its own test run, not a silent default.',
      });
    }
    if (props.tracing) {
      v.acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'X-Ray: xray:PutTraceSegments and PutTelemetryRecords take no resource ARN (AWS requires "*").',
      });
    } else {
      v.acknowledge({
        id: 'Serverless-LambdaTracing',
        reason: 'AWS China (aws-cn) has no X-Ray for Lambda: tracing is off there; JSON logs carry the request id instead.',
      });
    }
  }
}

/**
 * The table statements: reads on the table and each index by name (no `index/*`), writes on the
 * table only where the partition key starts with one of `access.writes`. There is no IAM action
 * for transactions: each item of a TransactWriteItems is authorised as its own Put/Update/
 * ConditionCheck, so the prefix condition holds inside transactions too.
 */
export function tableStatements(table: ITable, access: TableAccess): PolicyStatement[] {
  const indexArns = Object.values(TABLE.indexes).map((ix) => `${table.tableArn}/index/${ix.name}`);
  const statements = [
    new PolicyStatement({
      sid: 'ReadItems',
      actions: [
        'dynamodb:GetItem',
        'dynamodb:BatchGetItem',
        'dynamodb:Query',
        'dynamodb:ConditionCheckItem',
        'dynamodb:DescribeTable',
        ...(access.scan ? ['dynamodb:Scan'] : []),
      ],
      resources: [table.tableArn, ...indexArns],
    }),
  ];
  if (access.writes.length > 0) {
    statements.push(
      new PolicyStatement({
        sid: 'WriteOwnPrefixes',
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...access.writes] } },
      }),
    );
  }
  return statements;
}
