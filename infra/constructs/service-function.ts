// The one place that decides how a ServicePulse Lambda is built and run: runtime, architecture,
// bundling, logs, tracing, and what it may touch. Stacks say *which* code and *which* table; this
// construct makes the environment variables and the IAM grants from the same inputs, so a function
// can never be told about a resource it may not use (or the reverse).
import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { PATHS, REPO_ROOT } from '../paths.js';

export type TableAccess = 'read' | 'readWrite';

export interface ServiceFunctionProps {
  /** Absolute path of the TypeScript entry file; it exports `handler`. */
  entry: string;
  description: string;
  /** The ServicePulse table: its name goes to TABLE_NAME and the grant matches `tableAccess`. */
  table: ITable;
  tableAccess: TableAccess;
  /**
   * Secrets the function reads at run time, by environment variable name. The variable holds the
   * secret's ARN (never its value) and the function is granted read on that secret only.
   */
  secrets?: Record<string, ISecret>;
  /** Plain, non-secret settings (parsed by functions/config.ts). */
  environment?: Record<string, string>;
  memorySize?: number;
  timeout?: Duration;
}

/**
 * Log retention: 180 days, the minimum the Cybersecurity Law (网络安全法 第二十一条) asks network
 * operators to keep logs for.
 */
export const LOG_RETENTION = RetentionDays.SIX_MONTHS;

/**
 * A Node.js 22 / arm64 Lambda bundled by the local esbuild (no Docker) into one ES module
 * (`index.mjs`), with the AWS SDK left to the runtime.
 */
export class ServiceFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);

    // An explicit log group (not the implicit /aws/lambda/<name>) so its retention is ours.
    this.logGroup = new LogGroup(this, 'Logs', { retention: LOG_RETENTION });

    const secretArns = Object.fromEntries(Object.entries(props.secrets ?? {}).map(([name, s]) => [name, s.secretArn]));

    this.fn = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(29),
      tracing: Tracing.ACTIVE,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      projectRoot: REPO_ROOT,
      depsLockFilePath: PATHS.lockFile,
      environment: {
        ...props.environment,
        ...secretArns,
        // Stack traces point into the TypeScript sources (NodejsFunction no longer sets this).
        NODE_OPTIONS: '--enable-source-maps',
        TABLE_NAME: props.table.tableName,
      },
      bundling: {
        format: OutputFormat.ESM,
        // An ES module has no require(), but bundled CommonJS dependencies call it for Node
        // built-ins (exceljs → "crypto", "stream", "fs"): without this line the API fails at
        // cold start with 'Dynamic require of "crypto" is not supported'.
        banner: "import { createRequire as __spCreateRequire } from 'node:module'; const require = __spCreateRequire(import.meta.url);",
        mainFields: ['module', 'main'],
        externalModules: ['@aws-sdk/*'],
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // Bundling must never need Docker (offline synth, CI without a daemon).
        forceDockerBundling: false,
      },
    });

    if (props.tableAccess === 'readWrite') props.table.grantReadWriteData(this.fn);
    else props.table.grantReadData(this.fn);
    for (const secret of Object.values(props.secrets ?? {})) secret.grantRead(this.fn);
  }
}
