// ServicePulse on AWS: one DynamoDB table, the API Lambda behind an HTTP API, the dashboard in a
// private S3 bucket, and one CloudFront distribution serving both so the dashboard and /v1 share
// an origin (no CORS, one URL). Alarms, a dashboard and backups come with it.
//
// Two partitions, one stack (infra/config.ts says which): in aws-cn CloudFront has no Functions
// and no Origin Access Control, serves only an ICP-registered custom domain with an IAM server
// certificate, and Lambda has no X-Ray; in aws the current features are used.
//
// No physical names anywhere: CloudFormation names everything, and the functions learn the names
// from environment variables set by ServiceFunction.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Annotations, CfnOutput, Duration, IgnoreMode, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { DomainName, HttpApi, HttpMethod, LogGroupLogDestination, type HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  type CfnDistribution,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { OPS_METRICS, OPS_NAMESPACE } from '../../shared/ops-metrics.js';
import { AGGREGATOR_BATCH, AGGREGATOR_STREAM_FILTERS, TABLE, WRITERS } from '../../shared/table-schema.js';
import { CONTENT_SECURITY_POLICY } from '../../shared/security-headers.js';
import type { Deployment } from '../config.js';
import { Monitoring } from '../constructs/monitoring.js';
import { LOG_RETENTION, ServiceFunction } from '../constructs/service-function.js';
import { PDF_FONT_DIR_ON_LAMBDA, pdfFontsLayer } from '../constructs/pdf-fonts-layer.js';
import { spaRewriteCode, staticSubsites } from '../constructs/spa-rewrite.js';
import { PATHS, REPO_ROOT } from '../paths.js';

export type ApiSettings = Deployment['apiSettings'];

export interface ServicePulseStackProps extends StackProps {
  /** Environment, partition and city settings (infra/config.ts resolveDeployment). */
  deployment: Deployment;
  /** The dashboard build to upload; skipped (with a warning) when the folder does not exist. */
  webDistDir?: string;
  /** The stream aggregator's entry; wired only when the file exists. */
  aggregatorEntry?: string;
  /** The recompute worker's entry (functions/recompute/lambda.ts); wired only when the file exists. */
  recomputeEntry?: string;
  /** The alerts run's entry (functions/alerts/lambda.ts); wired only when the file exists. */
  alertsEntry?: string;
  /** The monthly-report scheduler's entry (functions/reports/lambda.ts); wired only when the file exists. */
  reportsEntry?: string;
}

/** The variable that tells the API where the administrator bootstrap token is kept. */
export const ADMIN_TOKEN_SECRET_ENV = 'ADMIN_TOKEN_SECRET_ARN';
/** The monthly reports' entry (its own constant: infra/paths.ts is shared). */
export const REPORTS_ENTRY = join(REPO_ROOT, 'functions/reports/lambda.ts');
/** The recompute worker's entry (catalog and calendar changes, run every minute). */
export const RECOMPUTE_ENTRY = join(REPO_ROOT, 'functions/recompute/lambda.ts');
/** The alerts run's entry (预警: rules evaluated and notices delivered, every minute). */
export const ALERTS_ENTRY = join(REPO_ROOT, 'functions/alerts/lambda.ts');
/**
 * Every day at 18:00 UTC = 02:00 Asia/Shanghai (UTC+8, no DST) the next day: the run on the 1st
 * generates the month that just closed; any later run generates whatever is still missing.
 * (EventBridge rules read cron in UTC.)
 */
export const REPORTS_SCHEDULE = { minute: '0', hour: '18' } as const;
/** What the aggregator receives of the stream: shared/table-schema.ts AGGREGATOR_STREAM_FILTERS. */
export { AGGREGATOR_STREAM_FILTERS };
/**
 * Content-Security-Policy of everything CloudFront serves: the same one the local server sends
 * (shared/security-headers.ts, checked in Chromium by the e2e tests).
 */
export const WEB_CSP = CONTENT_SECURITY_POLICY;

export class ServicePulseStack extends Stack {
  readonly deployment: Deployment;
  readonly table: Table;
  readonly api: ServiceFunction;
  readonly httpApi: HttpApi;
  readonly apiStage: HttpStage;
  readonly webBucket: Bucket;
  readonly logBucket: Bucket;
  readonly distribution: Distribution;
  readonly adminToken: Secret;
  readonly monitoring: Monitoring;
  /** Set once addAggregator() has run. */
  aggregator?: { fn: ServiceFunction; failures: Queue };
  /** Set once addRecompute() has run. */
  recompute?: { fn: ServiceFunction; schedule: Rule };
  /** Set once addAlerts() has run. */
  alerts?: { fn: ServiceFunction; schedule: Rule };
  /** Set once addReports() has run. */
  reports?: { fn: ServiceFunction; schedule: Rule; failures: Queue };

  constructor(scope: Construct, id: string, props: ServicePulseStackProps) {
    const {
      deployment,
      webDistDir = PATHS.webDist,
      aggregatorEntry = PATHS.aggregatorEntry,
      recomputeEntry = RECOMPUTE_ENTRY,
      alertsEntry = ALERTS_ENTRY,
      reportsEntry = REPORTS_ENTRY,
      ...stackProps
    } = props;
    super(scope, id, {
      description: `ServicePulse 政务服务效能监督 (${deployment.envName}): API, table and dashboard`,
      ...stackProps,
    });
    this.deployment = deployment;
    const china = deployment.partition === 'aws-cn';
    const dataRemoval = deployment.env.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

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
      // prod: records are evidence for supervision; a stack delete or a replacement must not drop
      // them. dev: a deleted stack takes its test data with it.
      removalPolicy: dataRemoval,
      deletionProtection: deployment.env.retainData,
    });
    // Every index of the schema. CloudFormation adds or removes only ONE GSI per table update: a
    // deployed table that gains two indexes needs two deployments.
    for (const ix of Object.values(TABLE.indexes)) {
      this.table.addGlobalSecondaryIndex({
        indexName: ix.name,
        partitionKey: { name: ix.partitionKey, type: AttributeType.STRING },
        sortKey: { name: ix.sortKey, type: AttributeType.STRING },
        ...(ix.projection === 'ALL'
          ? { projectionType: ProjectionType.ALL }
          : { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...ix.projection] }),
      });
    }
    this.addBackups();

    // Administrator bootstrap token (管理员令牌): generated by CloudFormation, never in plain env.
    this.adminToken = new Secret(this, 'AdminToken', {
      description: 'ServicePulse administrator bootstrap token (Bearer); read by the API at cold start',
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
    });
    Validations.of(this.adminToken).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'A bootstrap token: the first administrator signs in with it and creates accounts; rotating it means telling the operators a new one, which docs/deploy.md describes (put-secret-value), not a Lambda rotation.',
    });

    // ── API ─────────────────────────────────────────────────────────────────────────────────
    this.api = new ServiceFunction(this, 'Api', {
      entry: PATHS.apiEntry,
      description: 'ServicePulse HTTP API (Hono, /v1)',
      table: this.table,
      access: { writes: WRITERS.api },
      tracing: !china,
      secrets: { [ADMIN_TOKEN_SECRET_ENV]: this.adminToken },
      // The report PDF is laid out with pdfkit and this CJK font (no browser on Lambda).
      environment: { ...deployment.apiSettings, PDF_FONT_DIR: PDF_FONT_DIR_ON_LAMBDA },
      layers: [pdfFontsLayer(this, 'PdfFonts')],
    });
    Validations.of(this.api.fn).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason: 'Invoked synchronously by API Gateway only: the caller gets the error; a DLQ applies to asynchronous invocations.',
    });

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: LOG_RETENTION, removalPolicy: dataRemoval });
    const apiOrigin = deployment.apiOriginDomain;
    // With its own domain the API answers only there (CloudFront's origin): the execute-api URL,
    // which would bypass CloudFront's headers and TLS policy, is switched off.
    const apiDomain = apiOrigin
      ? new DomainName(this, 'ApiOriginDomain', {
          domainName: apiOrigin.domainName,
          certificate: Certificate.fromCertificateArn(this, 'ApiOriginCertificate', apiOrigin.certificateArn!),
        })
      : undefined;
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'ServicePulse /v1 API',
      createDefaultStage: false, // the stage below carries throttling and access logs
      disableExecuteApiEndpoint: apiDomain !== undefined,
    });
    this.apiStage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { ...deployment.env.throttle },
      ...(apiDomain ? { domainMapping: { domainName: apiDomain } } : {}),
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // JSON lines carrying API Gateway's request id, for correlation with the Lambda's logs.
        format: AccessLogFormat.jsonWithStandardFields({
          caller: false,
          httpMethod: true,
          ip: true,
          protocol: true,
          requestTime: true,
          resourcePath: true,
          responseLength: true,
          status: true,
          user: false,
        }),
      },
    });
    const integration = new HttpLambdaIntegration('ApiIntegration', this.api.fn);
    // Only /v1 reaches the Lambda; anything else is a 404 from API Gateway without an invocation.
    const routes = [
      ...this.httpApi.addRoutes({ path: '/v1', methods: [HttpMethod.ANY], integration }),
      ...this.httpApi.addRoutes({ path: '/v1/{proxy+}', methods: [HttpMethod.ANY], integration }),
    ];
    for (const route of routes) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          "Authorisation is the application's: department API keys and administrator sessions are checked by the Hono app (functions/api/auth-middleware.ts) on every /v1 route that needs them; openapi.json and login are public by design.",
      });
    }
    let apiOriginHost: string;
    if (apiDomain && apiOrigin) {
      apiOriginHost = apiOrigin.domainName;
      new CfnOutput(this, 'ApiOriginDnsTarget', {
        value: apiDomain.regionalDomainName,
        description: `DNS: CNAME ${apiOrigin.domainName} → this name (CloudFront reaches the API there)`,
      });
    } else {
      apiOriginHost = `${this.httpApi.apiId}.execute-api.${this.region}.${this.urlSuffix}`;
      Annotations.of(this).addWarningV2(
        'servicepulse:executeApiOpen',
        'no -c apiDomainName/apiCertificateArn: the execute-api endpoint stays open and bypasses CloudFront (allowed in dev outside China only).',
      );
    }

    // ── Dashboard + one public origin ───────────────────────────────────────────────────────
    // One log bucket: S3 server access logs of the web bucket and CloudFront standard logs.
    // CloudFront writes its logs with ACLs, hence ObjectOwnership.OBJECT_WRITER.
    this.logBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(180) }], // 网络安全法: logs kept 180 days
      removalPolicy: dataRemoval,
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket; logging it into itself would loop.',
    });

    this.webBucket = new Bucket(this, 'WebBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'web-bucket/',
      // Default removal policy (RETAIN): a non-empty bucket cannot be deleted by CloudFormation
      // anyway, and auto-delete would add a custom-resource Lambda for a rebuildable artefact.
    });

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'ServicePulse: CSP, HSTS, nosniff, no framing, strict referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: WEB_CSP, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
    });

    // aws-cn has no CloudFront Functions: the dashboard routes with #/ (so `/` and index.html are
    // all it needs) and links the API docs by their explicit key, /api-docs/index.html.
    const spaRewrite = china
      ? undefined
      : new CloudFrontFunction(this, 'SpaRewrite', {
          comment: 'ServicePulse dashboard: single-page-app routes and static sub-sites',
          code: FunctionCode.fromInline(spaRewriteCode(staticSubsites(webDistDir))),
        });

    this.distribution = new Distribution(this, 'Web', {
      comment: `ServicePulse ${deployment.envName}: dashboard and /v1 API`,
      defaultRootObject: 'index.html',
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        // aws-cn has no Origin Access Control: an Origin Access Identity reads the bucket there.
        origin: china ? S3BucketOrigin.withOriginAccessIdentity(this.webBucket) : S3BucketOrigin.withOriginAccessControl(this.webBucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        ...(spaRewrite ? { functionAssociations: [{ function: spaRewrite, eventType: FunctionEventType.VIEWER_REQUEST }] } : {}),
      },
      additionalBehaviors: {
        '/v1/*': {
          origin: new HttpOrigin(apiOriginHost),
          // Never cached. With caching disabled, AllViewerExceptHostHeader forwards Authorization,
          // the query string and the body; Host must stay the API origin's host.
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
        },
      },
    });
    const web = deployment.webDomain;
    if (web?.iamCertificateId) {
      // CDK's Distribution takes ACM certificates only; aws-cn CloudFront takes IAM ones.
      const cfn = this.distribution.node.defaultChild as CfnDistribution;
      cfn.addPropertyOverride('DistributionConfig.Aliases', [web.domainName]);
      cfn.addPropertyOverride('DistributionConfig.ViewerCertificate', {
        IamCertificateId: web.iamCertificateId,
        SslSupportMethod: 'sni-only',
        MinimumProtocolVersion: 'TLSv1.2_2021',
      });
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'The viewer certificate is the IAM certificate with TLSv1.2_2021, set by a property override that cdk-nag does not read (test/infra/variant-cn.test.ts asserts it).',
      });
    } else {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          "Outside China the dashboard may be served on the *.cloudfront.net name (CloudFront's default certificate, TLSv1 policy fixed by AWS); a city that needs TLS 1.2 only gives its own domain.",
      });
    }
    if (china) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR7',
        reason:
          'aws-cn has no Origin Access Control: the bucket is read through an Origin Access Identity, the bucket policy allowing that identity only.',
      });
    }
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason: 'No geo restriction: departments and the public may connect from anywhere; access is by key and session.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'No WAF on CloudFront: aws-cn has regional WAF only (not on CloudFront, not on HTTP APIs); the API is throttled per stage and checks keys itself. Outside China, a city may attach a web ACL (docs/deploy.md).',
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

    this.monitoring = new Monitoring(this, 'Monitoring', {
      envName: deployment.envName,
      ...(deployment.alarmEmail ? { alarmEmail: deployment.alarmEmail } : {}),
      table: this.table,
      api: this.api.fn,
      httpApi: this.httpApi,
    });

    // ── Aggregator, recompute worker and monthly reports: wired when their entries exist ──────
    if (existsSync(aggregatorEntry)) this.addAggregator(aggregatorEntry);
    if (existsSync(recomputeEntry)) this.addRecompute(recomputeEntry);
    if (existsSync(alertsEntry)) this.addAlerts(alertsEntry, `https://${web?.domainName ?? this.distribution.distributionDomainName}`);
    if (existsSync(reportsEntry)) this.addReports(reportsEntry);

    new CfnOutput(this, 'ApiUrl', {
      value: this.apiStage.url,
      description: 'HTTP API base URL (the API is under /v1); disabled when the API has its own origin domain',
    });
    new CfnOutput(this, 'WebUrl', {
      value: `https://${web?.domainName ?? this.distribution.distributionDomainName}`,
      description: 'Dashboard and API (/v1) through CloudFront',
    });
    new CfnOutput(this, 'DistributionDomainName', {
      value: this.distribution.distributionDomainName,
      description: web ? `DNS: CNAME ${web.domainName} → this name` : 'CloudFront domain',
    });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'DashboardName', {
      value: this.monitoring.dashboard.dashboardName,
      description: 'CloudWatch → Dashboards: the operations dashboard (运行状况)',
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.monitoring.topic.topicArn,
      description: 'SNS topic of every alarm (add SMS or chat subscriptions here)',
    });
    new CfnOutput(this, 'AdminTokenSecretArn', {
      value: this.adminToken.secretArn,
      description: 'aws secretsmanager get-secret-value --secret-id <this> gives the administrator token',
    });
  }

  /**
   * The aggregator (the table stream consumer). Called by the constructor when
   * `functions/aggregator/lambda.ts` exists.
   *
   * The handler receives only its input (AGGREGATOR_STREAM_FILTERS) from the start of the
   * 24-hour stream window. It returns `{ batchItemFailures: [{ itemIdentifier: <sequence number> }] }`
   * naming the record that failed; Lambda retries from there, splitting the batch, up to 5 times,
   * after which the batch's position is sent to the dead-letter queue (see docs/deploy.md, redrive).
   */
  addAggregator(entry: string): { fn: ServiceFunction; failures: Queue } {
    if (this.aggregator) throw new Error('the aggregator is already defined');
    const fn = new ServiceFunction(this, 'Aggregator', {
      entry,
      description: 'ServicePulse aggregator: table stream (records) → figures',
      table: this.table,
      access: { writes: WRITERS.aggregator },
      tracing: this.deployment.partition !== 'aws-cn',
      timeout: Duration.minutes(2),
    });
    const failures = this.deadLetterQueue('AggregatorFailures', 'the aggregator: stream batch positions that failed every retry');
    fn.fn.addEventSource(
      new DynamoEventSource(this.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: AGGREGATOR_BATCH.records,
        maxBatchingWindow: Duration.seconds(AGGREGATOR_BATCH.windowSeconds),
        bisectBatchOnError: true,
        retryAttempts: 5,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(failures),
        filters: AGGREGATOR_STREAM_FILTERS.map((f) => FilterCriteria.filter(f)),
      }),
    );
    Validations.of(fn.fn).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Invoked by a stream event source mapping, whose on-failure destination (AggregatorFailures) is the dead-letter queue; a function DLQ applies to asynchronous invocations only.',
    });
    Validations.of(fn).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        "dynamodb:ListStreams, added by the stream event source, takes no resource ARN; the stream reads themselves are on this table's stream ARN.",
    });
    this.monitoring.watchAggregator(fn.fn, failures);
    new CfnOutput(this, 'AggregatorFailuresQueueUrl', {
      value: failures.queueUrl,
      description: 'Aggregator DLQ (docs/deploy.md: reading the alarms)',
    });
    this.aggregator = { fn, failures };
    return this.aggregator;
  }

  /**
   * The recompute worker: applies catalog and calendar changes to entity states and rollups.
   * Runs every minute, one at a time (reserved concurrency 1: two workers would race on the same
   * entities), each run up to 5 minutes; the next run continues where it stopped.
   */
  addRecompute(entry: string): { fn: ServiceFunction; schedule: Rule } {
    if (this.recompute) throw new Error('the recompute worker is already defined');
    const failures = this.deadLetterQueue('RecomputeFailures', 'the recompute worker: schedule events EventBridge could not deliver');
    const fn = new ServiceFunction(this, 'Recompute', {
      entry,
      description: 'ServicePulse recompute worker: catalog and calendar changes → entity states and figures',
      table: this.table,
      access: { writes: WRITERS.recompute, scan: true },
      tracing: this.deployment.partition !== 'aws-cn',
      timeout: Duration.minutes(5),
      reservedConcurrentExecutions: 1,
    });
    // While one run works (up to 5 minutes), the next minutes' events are throttled by the
    // reserved concurrency of 1. They must expire, not queue up for hours (Lambda's default) and
    // then land in a dead-letter queue: a missed minute is made good by the next run.
    fn.fn.configureAsyncInvoke({ maxEventAge: Duration.minutes(1), retryAttempts: 0 });
    const expireByDesign =
      "Invoked every minute with reserved concurrency 1: events that wait behind a running slice expire by design (the next run continues from its saved cursor); failed runs raise the RecomputeErrors alarm, and undeliverable schedule events go to the rule target's dead-letter queue.";
    for (const id of ['Serverless-LambdaDLQ', 'Serverless-LambdaAsyncFailureDestination'])
      Validations.of(fn.fn).acknowledge({ id, reason: expireByDesign });
    const schedule = new Rule(this, 'RecomputeSchedule', {
      description: 'ServicePulse recompute worker: every minute',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(fn.fn, { retryAttempts: 0, maxEventAge: Duration.minutes(2), deadLetterQueue: failures })],
    });
    this.monitoring.watchScheduled('Recompute', fn.fn, failures);
    this.recompute = { fn, schedule };
    return this.recompute;
  }

  /**
   * The monthly-report scheduler: a function that generates every missing report of the closed
   * months (idempotent), run daily by an EventBridge rule at 02:00 Asia/Shanghai. It may run up
   * to 15 minutes and stops starting reports a minute before; the next day's run continues.
   */
  addReports(entry: string): { fn: ServiceFunction; schedule: Rule; failures: Queue } {
    if (this.reports) throw new Error('the report scheduler is already defined');
    const failures = this.deadLetterQueue('ReportsFailures', 'the report scheduler: invocations that failed every retry');
    const { CITY_CODE } = this.deployment.apiSettings;
    const fn = new ServiceFunction(this, 'Reports', {
      entry,
      description: 'ServicePulse monthly reports: generate missing reports of closed months',
      table: this.table,
      access: { writes: WRITERS.reports },
      tracing: this.deployment.partition !== 'aws-cn',
      environment: CITY_CODE ? { CITY_CODE } : {},
      timeout: Duration.minutes(15),
      deadLetterQueue: failures,
    });
    const schedule = new Rule(this, 'ReportsSchedule', {
      description: 'ServicePulse monthly reports: daily 02:00 Asia/Shanghai (18:00 UTC)',
      schedule: Schedule.cron(REPORTS_SCHEDULE),
      targets: [new LambdaFunction(fn.fn, { retryAttempts: 2, maxEventAge: Duration.hours(6), deadLetterQueue: failures })],
    });
    this.monitoring.watchScheduled('Reports', fn.fn, failures, reportsFailedMetric());
    new CfnOutput(this, 'ReportsFunctionName', {
      value: fn.fn.functionName,
      description: 'aws lambda invoke --function-name <this> out.json runs the report generation now',
    });
    this.reports = { fn, schedule, failures };
    return this.reports;
  }

  /**
   * The alerts run (预警): every minute, one at a time, evaluates the rules and delivers what is
   * due to the inbox and the webhooks (HTTPS out). Webhook secrets are encrypted with the
   * administrator token's secret (no ALERTS_KEY on AWS: the API and this function read the same
   * Secrets Manager secret); robot messages link to the dashboard's public address.
   */
  addAlerts(entry: string, publicUrl: string): { fn: ServiceFunction; schedule: Rule } {
    if (this.alerts) throw new Error('the alerts run is already defined');
    const failures = this.deadLetterQueue('AlertsFailures', 'the alerts run: schedule events EventBridge could not deliver');
    const fn = new ServiceFunction(this, 'Alerts', {
      entry,
      description: 'ServicePulse alerts: rules evaluated, notices delivered to the inbox and webhooks',
      table: this.table,
      access: { writes: WRITERS.alerts },
      secrets: { [ADMIN_TOKEN_SECRET_ENV]: this.adminToken },
      tracing: this.deployment.partition !== 'aws-cn',
      environment: {
        PUBLIC_URL: publicUrl,
        ...(this.deployment.apiSettings.CITY_CODE ? { CITY_CODE: this.deployment.apiSettings.CITY_CODE } : {}),
      },
      timeout: Duration.minutes(2),
      reservedConcurrentExecutions: 1,
    });
    fn.fn.configureAsyncInvoke({ maxEventAge: Duration.minutes(1), retryAttempts: 0 });
    const expireByDesign =
      "Invoked every minute with reserved concurrency 1: an event that waits behind a running run expires by design (the next run evaluates everything again; notices are stored once by their dedupe key); failed runs raise the AlertsErrors alarm, and undeliverable schedule events go to the rule target's dead-letter queue.";
    for (const id of ['Serverless-LambdaDLQ', 'Serverless-LambdaAsyncFailureDestination'])
      Validations.of(fn.fn).acknowledge({ id, reason: expireByDesign });
    const schedule = new Rule(this, 'AlertsSchedule', {
      description: 'ServicePulse alerts: every minute',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(fn.fn, { retryAttempts: 0, maxEventAge: Duration.minutes(2), deadLetterQueue: failures })],
    });
    this.monitoring.watchScheduled('Alerts', fn.fn, failures);
    this.alerts = { fn, schedule };
    return this.alerts;
  }

  /** A dead-letter queue: encrypted, TLS-only, 14 days (the longest SQS keeps a message). */
  private deadLetterQueue(id: string, what: string): Queue {
    const q = new Queue(this, id, { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    for (const rule of ['AwsSolutions-SQS3', 'Serverless-SQSRedrivePolicy']) {
      Validations.of(q).acknowledge({
        id: rule,
        reason: `This queue is itself a dead-letter queue (${what}); it is alarmed on depth and redriven by hand (docs/deploy.md).`,
      });
    }
    return q;
  }

  /** Daily AWS Backup of the table, kept per environment (35 days dev, a year prod). */
  private addBackups(): void {
    const retain = this.deployment.env.retainData;
    const vault = new BackupVault(this, 'BackupVault', { removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY });
    const plan = new BackupPlan(this, 'BackupPlan', { backupVault: vault });
    const keep = Duration.days(this.deployment.env.backupRetentionDays);
    const copyTo = this.deployment.backupCopyVaultArn;
    plan.addRule(
      new BackupPlanRule({
        ruleName: 'Daily',
        // 03:00 Asia/Shanghai, after the 02:00 report run.
        scheduleExpression: Schedule.cron({ minute: '0', hour: '19' }),
        deleteAfter: keep,
        // A copy in the other region survives the loss of this one (the vault is made by hand there).
        ...(copyTo
          ? {
              copyActions: [{ destinationBackupVault: BackupVault.fromBackupVaultArn(this, 'BackupCopyVault', copyTo), deleteAfter: keep }],
            }
          : {}),
      }),
    );
    const selection = plan.addSelection('Table', { resources: [BackupResource.fromDynamoDbTable(this.table)] });
    Validations.of(selection).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason:
        "AWS Backup's own service-role policy, maintained by AWS for the services Backup supports; the selection limits it to this table.",
    });
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
    this.acknowledgeBucketDeploymentHandler();
  }

  /** CDK's BucketDeployment handler (a singleton Lambda CDK writes and maintains, not ours). */
  private acknowledgeBucketDeploymentHandler(): void {
    const handler = this.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (!handler) return;
    const v = Validations.of(handler);
    const cdkOwned = "CDK's BucketDeployment handler (aws-cdk-lib code, run only during deployments to copy the dashboard build)";
    v.acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: `${cdkOwned}: its role is created by CDK with the basic execution policy.`,
    });
    for (const a of ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*']) {
      v.acknowledge({
        id: `AwsSolutions-IAM5[Action::${a}]`,
        reason: `${cdkOwned}: CDK grants it read on the asset bucket and read/write on the web bucket with these action groups.`,
      });
    }
    v.acknowledge({
      id: 'AwsSolutions-IAM5[Resource::<WebBucket12880F5B.Arn>/*]',
      reason: `${cdkOwned}: it writes every object of the web bucket.`,
    });
    v.acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:${this.partition === 'aws-cn' ? 'aws-cn' : 'aws'}:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${this.region}/*]`,
      reason: `${cdkOwned}: it reads the uploaded build from the CDK bootstrap asset bucket.`,
    });
    v.acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: `${cdkOwned}: CloudFront CreateInvalidation/GetInvalidation, granted by CDK on "*".`,
    });
    for (const id of ['AwsSolutions-L1', 'Serverless-LambdaLatestVersion'])
      v.acknowledge({ id, reason: `${cdkOwned}: its runtime is chosen by aws-cdk-lib.` });
    v.acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason: `${cdkOwned}: invoked synchronously by CloudFormation, which reports failures itself.`,
    });
    v.acknowledge({ id: 'Serverless-LambdaTracing', reason: `${cdkOwned}: a deployment-time copy job; nothing to trace.` });
  }
}

/** Reports that failed in a scheduler run (published by functions/reports/lambda.ts). */
function reportsFailedMetric(): Metric {
  const m = OPS_METRICS.reportsFailed;
  return new Metric({
    namespace: OPS_NAMESPACE,
    metricName: m.name,
    dimensionsMap: { Service: m.service },
    statistic: 'Sum',
    period: Duration.hours(1),
  });
}
