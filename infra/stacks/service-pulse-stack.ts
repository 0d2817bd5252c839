// ServicePulse on AWS: one DynamoDB table, the API Lambda behind an HTTP API, the dashboard in a
// private S3 bucket, and one CloudFront distribution serving both so the dashboard and /v1 share
// an origin (no CORS, one URL).
//
// No physical names anywhere: CloudFormation names everything, and the functions learn the names
// from environment variables set by ServiceFunction.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Annotations, CfnOutput, Duration, IgnoreMode, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, LogGroupLogDestination, type HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AllowedMethods, CachePolicy, Distribution, Function as CloudFrontFunction, FunctionCode, FunctionEventType,
  OriginRequestPolicy, ResponseHeadersPolicy, ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { TABLE } from '../../shared/table-schema.js';
import { LOG_RETENTION, ServiceFunction } from '../constructs/service-function.js';
import { spaRewriteCode, staticSubsites } from '../constructs/spa-rewrite.js';
import { PATHS, REPO_ROOT } from '../paths.js';

/** Non-secret API settings; unset ones take functions/config.ts defaults. */
export interface ApiSettings {
  CITY_CODE?: string;
  KEY_ROTATION_OVERLAP_HOURS?: string;
  SESSION_HOURS?: string;
}

export interface ServicePulseStackProps extends StackProps {
  /** The dashboard build to upload; skipped (with a warning) when the folder does not exist. */
  webDistDir?: string;
  /** The stream aggregator's entry; wired only when the file exists. */
  aggregatorEntry?: string;
  /** The monthly-report scheduler's entry (functions/reports/lambda.ts); wired only when the file exists. */
  reportsEntry?: string;
  apiSettings?: ApiSettings;
  /** Steady-state requests per second and burst for the whole HTTP API stage. */
  throttle?: { rateLimit: number; burstLimit: number };
}

export const DEFAULT_THROTTLE = { rateLimit: 100, burstLimit: 200 } as const;
/** The variable that tells the API where the administrator bootstrap token is kept. */
export const ADMIN_TOKEN_SECRET_ENV = 'ADMIN_TOKEN_SECRET_ARN';
/** The monthly reports' entry (its own constant: infra/paths.ts is shared). */
export const REPORTS_ENTRY = join(REPO_ROOT, 'functions/reports/lambda.ts');
/**
 * Every day at 18:00 UTC = 02:00 Asia/Shanghai (UTC+8, no DST) the next day: the run on the 1st
 * generates the month that just closed; any later run generates whatever is still missing.
 * (EventBridge rules read cron in UTC.)
 */
export const REPORTS_SCHEDULE = { minute: '0', hour: '18' } as const;

export class ServicePulseStack extends Stack {
  readonly table: Table;
  readonly api: ServiceFunction;
  readonly httpApi: HttpApi;
  readonly apiStage: HttpStage;
  readonly webBucket: Bucket;
  readonly distribution: Distribution;
  readonly adminToken: Secret;
  /** Set once addAggregator() has run. */
  aggregator?: ServiceFunction;
  /** Set once addReports() has run. */
  reports?: { fn: ServiceFunction; schedule: Rule };

  constructor(scope: Construct, id: string, props: ServicePulseStackProps = {}) {
    const { webDistDir = PATHS.webDist, aggregatorEntry = PATHS.aggregatorEntry, reportsEntry = REPORTS_ENTRY, apiSettings = {}, throttle = DEFAULT_THROTTLE, ...stackProps } = props;
    super(scope, id, { description: 'ServicePulse 政务服务效能监督: API, table and dashboard', ...stackProps });

    // ── Data ────────────────────────────────────────────────────────────────────────────────
    // Shape from shared/table-schema.ts, the same constants ensureTable() uses locally.
    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute: TABLE.ttlAttribute,
      // Records are evidence for supervision: a stack delete or a replacement must not drop them.
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    });
    // Every index of the schema. CloudFormation adds or removes only ONE GSI per table update: a
    // deployed table that gains two indexes needs two deployments.
    for (const ix of Object.values(TABLE.indexes)) {
      this.table.addGlobalSecondaryIndex({
        indexName: ix.name,
        partitionKey: { name: ix.partitionKey, type: AttributeType.STRING },
        sortKey: { name: ix.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }

    // Administrator bootstrap token (管理员令牌): generated by CloudFormation, never in plain env.
    this.adminToken = new Secret(this, 'AdminToken', {
      description: 'ServicePulse administrator bootstrap token (Bearer); read by the API at cold start',
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
    });

    // ── API ─────────────────────────────────────────────────────────────────────────────────
    this.api = new ServiceFunction(this, 'Api', {
      entry: PATHS.apiEntry,
      description: 'ServicePulse HTTP API (Hono, /v1)',
      table: this.table,
      tableAccess: 'readWrite',
      secrets: { [ADMIN_TOKEN_SECRET_ENV]: this.adminToken },
      environment: definedOnly(apiSettings),
    });

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: LOG_RETENTION });
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'ServicePulse /v1 API',
      createDefaultStage: false, // the stage below carries throttling and access logs
    });
    this.apiStage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: throttle.rateLimit, burstLimit: throttle.burstLimit },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
    });
    const integration = new HttpLambdaIntegration('ApiIntegration', this.api.fn);
    // Only /v1 reaches the Lambda; anything else is a 404 from API Gateway without an invocation.
    this.httpApi.addRoutes({ path: '/v1', methods: [HttpMethod.ANY], integration });
    this.httpApi.addRoutes({ path: '/v1/{proxy+}', methods: [HttpMethod.ANY], integration });

    // ── Dashboard + one public origin ───────────────────────────────────────────────────────
    this.webBucket = new Bucket(this, 'WebBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      // Default removal policy (RETAIN): a non-empty bucket cannot be deleted by CloudFormation
      // anyway, and auto-delete would add a custom-resource Lambda for a rebuildable artefact.
    });

    const spaRewrite = new CloudFrontFunction(this, 'SpaRewrite', {
      comment: 'ServicePulse dashboard: single-page-app routes and static sub-sites',
      code: FunctionCode.fromInline(spaRewriteCode(staticSubsites(webDistDir))),
    });

    const apiDomain = `${this.httpApi.apiId}.execute-api.${this.region}.${this.urlSuffix}`;
    this.distribution = new Distribution(this, 'Web', {
      comment: 'ServicePulse dashboard and /v1 API',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.webBucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
        functionAssociations: [{ function: spaRewrite, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        '/v1/*': {
          origin: new HttpOrigin(apiDomain),
          // Never cached. With caching disabled, AllViewerExceptHostHeader forwards Authorization,
          // the query string and the body; Host must stay the execute-api host.
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        },
      },
    });

    if (existsSync(join(webDistDir, 'index.html'))) {
      this.deployWeb(webDistDir);
    } else {
      // A fresh clone has no build: synth must still work, so the upload is simply left out.
      Annotations.of(this).addWarningV2(
        'servicepulse:webDistMissing',
        `${relative(REPO_ROOT, join(webDistDir, 'index.html'))} not found: the dashboard is NOT uploaded by this synth. Run \`npm run build:web\` before \`cdk deploy\`.`,
      );
    }

    // ── Aggregator: wired only when its entry exists (it does since functions/aggregator landed) ─
    if (existsSync(aggregatorEntry)) this.addAggregator(aggregatorEntry);
    // ── Monthly reports: generated by a scheduled function (月度报告定时生成) ──────────────────
    if (existsSync(reportsEntry)) this.addReports(reportsEntry, apiSettings);

    new CfnOutput(this, 'ApiUrl', { value: this.apiStage.url, description: 'HTTP API base URL (the API is under /v1)' });
    new CfnOutput(this, 'WebUrl', { value: `https://${this.distribution.distributionDomainName}`, description: 'Dashboard and API (/v1) through CloudFront' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'AdminTokenSecretArn', {
      value: this.adminToken.secretArn,
      description: 'aws secretsmanager get-secret-value --secret-id <this> gives the administrator token',
    });
  }

  /**
   * EXTENSION POINT for the aggregator (the table stream consumer). Called by the constructor when
   * `functions/aggregator/lambda.ts` exists; until then no function is created.
   *
   * The handler receives DynamoDB stream batches (new and old images) from the start of the
   * 24-hour stream window. It may return `{ batchItemFailures: [{ itemIdentifier: <sequence number> }] }`
   * to retry from a failed record; a thrown error retries the batch, split in halves, up to 5
   * times, after which the batch's position is sent to the dead-letter queue.
   */
  addAggregator(entry: string): ServiceFunction {
    if (this.aggregator) throw new Error('the aggregator is already defined');
    const aggregator = new ServiceFunction(this, 'Aggregator', {
      entry,
      description: 'ServicePulse aggregator: table stream → figures',
      table: this.table,
      tableAccess: 'readWrite',
      timeout: Duration.minutes(2),
    });
    const failures = new Queue(this, 'AggregatorFailures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    aggregator.fn.addEventSource(new DynamoEventSource(this.table, {
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: 100,
      maxBatchingWindow: Duration.seconds(2),
      bisectBatchOnError: true,
      retryAttempts: 5,
      reportBatchItemFailures: true,
      onFailure: new SqsDlq(failures),
    }));
    this.aggregator = aggregator;
    return aggregator;
  }

  /**
   * The monthly-report scheduler: a function that generates every missing report of the closed
   * months (idempotent), run daily by an EventBridge rule at 02:00 Asia/Shanghai. It may run up
   * to 15 minutes and stops starting reports a minute before; the next day's run continues.
   * PDF is not made here (no Chromium on Lambda): the API answers 501 for PDF and serves XLSX/CSV.
   */
  addReports(entry: string, settings: ApiSettings = {}): { fn: ServiceFunction; schedule: Rule } {
    if (this.reports) throw new Error('the report scheduler is already defined');
    const fn = new ServiceFunction(this, 'Reports', {
      entry,
      description: 'ServicePulse monthly reports: generate missing reports of closed months',
      table: this.table,
      tableAccess: 'readWrite',
      environment: definedOnly({ CITY_CODE: settings.CITY_CODE }),
      timeout: Duration.minutes(15),
    });
    const schedule = new Rule(this, 'ReportsSchedule', {
      description: 'ServicePulse monthly reports: daily 02:00 Asia/Shanghai (18:00 UTC)',
      schedule: Schedule.cron(REPORTS_SCHEDULE),
      targets: [new LambdaFunction(fn.fn, { retryAttempts: 2, maxEventAge: Duration.hours(6) })],
    });
    this.reports = { fn, schedule };
    return this.reports;
  }

  /**
   * Uploads the dashboard. Vite's content-hashed files (assets/) are cached for a year and never
   * pruned, so a tab still running yesterday's index.html can load its lazy chunks; every other
   * file (index.html, the API docs sub-site, public/ files) is revalidated on each load, and the
   * distribution is invalidated after the upload.
   */
  private deployWeb(dir: string): void {
    const hashedDir = join(dir, 'assets');
    const hashed = existsSync(hashedDir)
      ? new BucketDeployment(this, 'WebAssets', {
        sources: [Source.asset(hashedDir)],
        destinationBucket: this.webBucket,
        destinationKeyPrefix: 'assets/',
        prune: false,
        cacheControl: [CacheControl.setPublic(), CacheControl.maxAge(Duration.days(365)), CacheControl.immutable()],
        memoryLimit: 512,
      })
      : undefined;
    const files = new BucketDeployment(this, 'WebFiles', {
      // GIT mode anchors the pattern: only the top-level assets/ is left out, not api-docs/assets/.
      sources: [Source.asset(dir, { exclude: ['/assets/'], ignoreMode: IgnoreMode.GIT })],
      destinationBucket: this.webBucket,
      exclude: ['assets/*'], // so pruning leaves the hashed files alone
      cacheControl: [CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
    });
    // index.html names the new hashed files: it goes up only after they are in place.
    if (hashed) files.node.addDependency(hashed);
  }
}

function definedOnly(o: ApiSettings): Record<string, string> {
  return Object.fromEntries(Object.entries(o).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
