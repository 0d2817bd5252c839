// The CDK stack as CloudFormation will see it: the table matches shared/table-schema.ts, the
// Lambda defaults come from ServiceFunction, grants are narrow, and nothing has a hard-coded
// physical name. The app is built in-process with cdk.json's feature flags, and the API is
// really bundled by the local esbuild — then the bundle itself is loaded and invoked once.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CfnResource } from 'aws-cdk-lib';
import { Annotations, Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGGREGATOR_BATCH, TABLE } from '../../shared/table-schema.js';
import { ENVIRONMENTS } from '../../infra/config.js';
import { PATHS } from '../../infra/paths.js';
import {
  ADMIN_TOKEN_SECRET_ENV,
  AGGREGATOR_STREAM_FILTERS,
  type ServicePulseStack,
  type ServicePulseStackProps,
} from '../../infra/stacks/service-pulse-stack.js';
import { cdkJson, cleanup, FIXTURES, synth as synthStack, SYNTH_TIMEOUT } from './synth.js';

/** A dev stack outside China with no domains (the minimal settings), without validation. */
const DEV_GLOBAL = { env: 'dev', region: 'ap-southeast-1' };
const NONE = {
  aggregatorEntry: join(FIXTURES, 'no-such-aggregator.ts'),
  recomputeEntry: join(FIXTURES, 'no-such-recompute.ts'),
  alertsEntry: join(FIXTURES, 'no-such-alerts.ts'),
  reportsEntry: join(FIXTURES, 'no-such-reports.ts'),
};

function synth(props: Omit<ServicePulseStackProps, 'deployment'>, context: Record<string, string> = DEV_GLOBAL) {
  const { stack, template, outdir } = synthStack(context, { ...NONE, ...props });
  return { stack, template, outdir };
}

const logicalId = (stack: ServicePulseStack, c: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(c.node.defaultChild as CfnResource);

afterAll(cleanup);

describe('ServicePulse stack (fresh clone: no web build, no aggregator)', { timeout: SYNTH_TIMEOUT }, () => {
  let stack: ServicePulseStack;
  let template: Template;
  let outdir: string;
  let tableId: string;
  let apiFnId: string;

  beforeAll(() => {
    // Explicit missing paths, so the result does not depend on what is built in this checkout.
    ({ stack, template, outdir } = synth({ webDistDir: join(FIXTURES, 'no-such-web-dist') }));
    tableId = logicalId(stack, stack.table);
    apiFnId = logicalId(stack, stack.api.fn);
  }, SYNTH_TIMEOUT);

  it('cdk.json runs infra/bin/app.ts with telemetry and notices off', () => {
    expect(cdkJson.app).toBe('npx tsx infra/bin/app.ts');
    expect(cdkJson).toMatchObject({ notices: false, context: { 'cli-telemetry': false } });
    expect(existsSync(PATHS.apiEntry)).toBe(true);
    expect(existsSync(PATHS.lockFile)).toBe(true);
  });

  it('defines the table from shared/table-schema.ts: on-demand, PITR, SSE, stream, TTL, every GSI (dev: deleted with the stack)', () => {
    const { partitionKey, sortKey, ttlAttribute, indexes } = TABLE;
    const gsis = Object.values(indexes);
    expect(gsis.length).toBeGreaterThan(0);
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        TimeToLiveSpecification: { AttributeName: ttlAttribute, Enabled: true },
        DeletionProtectionEnabled: false,
        KeySchema: [
          { AttributeName: partitionKey, KeyType: 'HASH' },
          { AttributeName: sortKey, KeyType: 'RANGE' },
        ],
        AttributeDefinitions: Match.arrayEquals([
          { AttributeName: partitionKey, AttributeType: 'S' },
          { AttributeName: sortKey, AttributeType: 'S' },
          ...gsis.flatMap((ix) => [
            { AttributeName: ix.partitionKey, AttributeType: 'S' },
            { AttributeName: ix.sortKey, AttributeType: 'S' },
          ]),
        ]),
        GlobalSecondaryIndexes: Match.arrayEquals(
          gsis.map((ix) => ({
            IndexName: ix.name,
            KeySchema: [
              { AttributeName: ix.partitionKey, KeyType: 'HASH' },
              { AttributeName: ix.sortKey, KeyType: 'RANGE' },
            ],
            Projection:
              ix.projection === 'ALL' ? { ProjectionType: 'ALL' } : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...ix.projection] },
          })),
        ),
      },
    });
  });

  it('runs the API on Node.js 22, arm64, X-Ray active, JSON logs kept 180 days', () => {
    template.resourceCountIs('AWS::Lambda::Function', 1); // no aggregator, no deployment helper
    const logsId = logicalId(stack, stack.api.logGroup);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Handler: 'index.handler',
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: logsId } },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 180 });
    expect(template.toJSON().Resources[logsId].Properties.RetentionInDays).toBe(180);
  });

  it('tells the API its table by reference and its admin token by secret ARN only', () => {
    const fn = template.toJSON().Resources[apiFnId];
    const vars = fn.Properties.Environment.Variables as Record<string, unknown>;
    expect(vars.TABLE_NAME).toEqual({ Ref: tableId });
    expect(vars[ADMIN_TOKEN_SECRET_ENV]).toEqual({ Ref: logicalId(stack, stack.adminToken) });
    expect(vars).not.toHaveProperty('ADMIN_TOKEN');
    expect(vars).not.toHaveProperty('NODE_OPTIONS'); // no source maps shipped, none enabled
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ PasswordLength: 48, ExcludePunctuation: true }),
    });
  });

  it("gives the API the report PDF's CJK font as a layer: Noto Sans SC regular and bold with their licence, nothing else, at PDF_FONT_DIR", () => {
    const fn = template.toJSON().Resources[apiFnId];
    expect(fn.Properties.Environment.Variables.PDF_FONT_DIR).toBe('/opt');
    template.resourceCountIs('AWS::Lambda::LayerVersion', 1);
    template.hasResourceProperties('AWS::Lambda::LayerVersion', {
      CompatibleRuntimes: ['nodejs22.x'],
      CompatibleArchitectures: ['arm64'],
      LicenseInfo: 'OFL-1.1',
    });
    const layerId = Object.entries(template.toJSON().Resources as Record<string, { Type: string }>).find(
      ([, r]) => r.Type === 'AWS::Lambda::LayerVersion',
    )![0];
    expect(fn.Properties.Layers).toEqual([{ Ref: layerId }]);
    // The staged asset: what the layer zip holds, extracted under /opt on Lambda.
    const files = (dir: string, base = ''): string[] =>
      readdirSync(join(dir, base), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(dir, join(base, e.name)) : [join(base, e.name)],
      );
    const asset = readdirSync(outdir)
      .filter((d) => d.startsWith('asset.'))
      .map((d) => join(outdir, d))
      .find((d) => existsSync(join(d, 'LICENSE_FONT')));
    expect(asset).toBeDefined();
    expect(files(asset!).sort()).toEqual(['400Regular/NotoSansSC_400Regular.ttf', '700Bold/NotoSansSC_700Bold.ttf', 'LICENSE_FONT']);
  });

  it('routes ANY /v1 and ANY /v1/{proxy+} (payload v2) to the API, throttled with access logs', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 2);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'ANY /v1' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'ANY /v1/{proxy+}' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [apiFnId, 'Arn'] },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: ENVIRONMENTS.dev.throttle.rateLimit,
        ThrottlingBurstLimit: ENVIRONMENTS.dev.throttle.burstLimit,
      },
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  it('keeps the web bucket private, encrypted and TLS-only', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('serves the dashboard through OAC and forwards /v1/* to the HTTP API uncached on the same distribution', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const dist = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;
    const apiOrigin = dist.Origins.find((o: { CustomOriginConfig?: unknown }) => o.CustomOriginConfig);
    expect(JSON.stringify(apiOrigin.DomainName)).toContain(logicalId(stack, stack.httpApi));
    expect(apiOrigin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    expect(dist.CacheBehaviors).toHaveLength(1);
    expect(dist.CacheBehaviors[0]).toMatchObject({
      PathPattern: '/v1/*',
      TargetOriginId: apiOrigin.Id,
      ViewerProtocolPolicy: 'https-only',
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // Managed-CachingDisabled
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac', // Managed-AllViewerExceptHostHeader
    });
    expect(dist.CacheBehaviors[0].AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']));
    // No distribution-wide error pages: they would turn the API's 403/404 answers into index.html.
    expect(dist.CustomErrorResponses).toBeUndefined();
    expect(dist.DefaultCacheBehavior.FunctionAssociations).toHaveLength(1);
  });

  it('rewrites dashboard routes to /index.html and leaves files alone (the CloudFront Function)', () => {
    const rewrite = cloudFrontFunction(template);
    expect(rewrite('/')).toMatchObject({ uri: '/index.html' });
    expect(rewrite('/departments/D-1/keys')).toMatchObject({ uri: '/index.html' });
    expect(rewrite('/assets/index-abc123.js')).toMatchObject({ uri: '/assets/index-abc123.js' });
    expect(rewrite('/favicon.ico')).toMatchObject({ uri: '/favicon.ico' });
  });

  it('leaves the web upload out with a warning when there is no build, and has the outputs', () => {
    template.resourceCountIs('Custom::CDKBucketDeployment', 0);
    Annotations.fromStack(stack).hasWarning('/ServicePulse-dev', Match.stringLikeRegexp('dashboard is NOT uploaded'));
    // No API origin domain in dev: the execute-api endpoint stays open, and synth says so.
    Annotations.fromStack(stack).hasWarning('/ServicePulse-dev', Match.stringLikeRegexp('execute-api endpoint stays open'));
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: false });
    template.hasOutput('ApiUrl', Match.anyValue());
    template.hasOutput('WebUrl', Match.anyValue());
    template.hasOutput('TableName', { Value: { Ref: tableId } });
  });

  it('hard-codes no physical names', () => {
    const named: Record<string, string> = {
      'AWS::DynamoDB::Table': 'TableName',
      'AWS::Lambda::Function': 'FunctionName',
      'AWS::IAM::Role': 'RoleName',
      'AWS::S3::Bucket': 'BucketName',
      'AWS::SecretsManager::Secret': 'Name',
      'AWS::Logs::LogGroup': 'LogGroupName',
      'AWS::SQS::Queue': 'QueueName',
      'AWS::SNS::Topic': 'TopicName',
      'AWS::CloudWatch::Alarm': 'AlarmName',
      'AWS::CloudWatch::Dashboard': 'DashboardName',
    };
    for (const [type, prop] of Object.entries(named)) {
      for (const r of Object.values(template.findResources(type))) expect(r.Properties ?? {}).not.toHaveProperty(prop);
    }
  });

  it('bundles the API as one ES module with the AWS SDK external, and the bundle answers an HTTP API event', async () => {
    const s3Key = template.toJSON().Resources[apiFnId].Properties.Code.S3Key as string;
    const assetDir = join(outdir, `asset.${s3Key.replace(/\.zip$/, '')}`);
    // An ES module entry and lazily loaded chunks; no source map shipped.
    expect(readdirSync(assetDir).sort()).toEqual(['chunks', 'index.mjs']);
    expect(readdirSync(join(assetDir, 'chunks')).every((f) => f.endsWith('.mjs'))).toBe(true);
    const code = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
    // The SDK is imported (by the entry or a chunk it loads at start), never inside the bundle.
    const chunkFiles = readdirSync(join(assetDir, 'chunks'));
    const all = [code, ...chunkFiles.map((f) => readFileSync(join(assetDir, 'chunks', f), 'utf8'))];
    expect(all.some((c) => /from\s*"@aws-sdk\/lib-dynamodb"/.test(c))).toBe(true);
    for (const c of all) expect(c).not.toMatch(/node_modules\/@aws-sdk\//);
    // exceljs is in a chunk loaded by a dynamic import only (XLSX upload and download).
    const chunks = readdirSync(join(assetDir, 'chunks')).map((f) => readFileSync(join(assetDir, 'chunks', f), 'utf8'));
    const XLSX_MARK = 'xl/workbook.xml'; // a path inside every XLSX file, in exceljs's code
    expect(chunks.some((c) => c.includes(XLSX_MARK))).toBe(true);
    expect(code).not.toContain(XLSX_MARK);
    const staticChunkImports = [...code.matchAll(/import\s*(?:\{[^}]*\}\s*from\s*)?"\.\/chunks\/([^"]+)"/g)].map((m) => m[1]!);
    expect(staticChunkImports.length).toBeGreaterThan(0);
    // zod's locales other than English are left out (~260 KB): zh-CN's message is nowhere.
    for (const text of [code, ...chunks]) expect(text).not.toContain('无效输入：期望');
    for (const f of staticChunkImports) expect(readFileSync(join(assetDir, 'chunks', f), 'utf8')).not.toContain(XLSX_MARK);

    // Loaded by plain Node in a fresh process, as the Lambda runtime does: a cold start.
    const event = {
      version: '2.0',
      routeKey: 'ANY /v1/{proxy+}',
      rawPath: '/v1/openapi.json',
      rawQueryString: '',
      headers: { host: 'example.execute-api.cn-north-1.amazonaws.com.cn' },
      isBase64Encoded: false,
      requestContext: {
        http: { method: 'GET', path: '/v1/openapi.json', protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
        stage: '$default',
      },
    };
    const script =
      'const { handler } = await import(process.env.BUNDLE_URL); process.stdout.write(JSON.stringify(await handler(JSON.parse(process.env.EVENT), {})));';
    const run = spawnSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', script], {
      cwd: assetDir,
      encoding: 'utf8',
      timeout: 30_000,
      env: {
        PATH: process.env.PATH,
        TABLE_NAME: 'bundle-smoke',
        AWS_REGION: 'cn-north-1',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', // Lambda runs Node 22; this is Node 20
        BUNDLE_URL: pathToFileURL(join(assetDir, 'index.mjs')).href,
        EVENT: JSON.stringify(event),
      },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    const res = JSON.parse(run.stdout) as { statusCode: number; body: string };
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).openapi).toBe('3.1.0');
  });
});

describe('ServicePulse stack with a web build and an aggregator', { timeout: SYNTH_TIMEOUT }, () => {
  let stack: ServicePulseStack;
  let template: Template;
  let outdir: string;

  beforeAll(() => {
    ({ stack, template, outdir } = synth(
      { webDistDir: join(FIXTURES, 'web-dist'), aggregatorEntry: join(FIXTURES, 'aggregator/lambda.ts') },
      { ...DEV_GLOBAL, cityCode: '3703', sessionHours: '8' },
    ));
  }, SYNTH_TIMEOUT);

  it('uploads hashed assets (immutable, never pruned) before the other files (no-cache), then invalidates', () => {
    const deployments = template.findResources('Custom::CDKBucketDeployment');
    expect(Object.keys(deployments)).toHaveLength(2);
    const byPrefix = (prefix: string) => {
      const ids = Object.keys(deployments).filter((k) => k.startsWith(prefix));
      expect(ids).toHaveLength(1);
      return deployments[ids[0]!]!;
    };
    const hashed = byPrefix('WebAssets');
    const files = byPrefix('WebFiles');
    expect(hashed.Properties).toMatchObject({
      DestinationBucketKeyPrefix: 'assets/',
      Prune: false,
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
    expect(hashed.Properties.DistributionPaths).toBeUndefined();
    expect(files.Properties).toMatchObject({
      Exclude: ['assets/*'],
      SystemMetadata: { 'cache-control': 'no-cache' },
      DistributionPaths: ['/*'],
    });
    expect(files.Properties.Prune).not.toBe(false);
    expect(files.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^WebAssets/)]));

    // What each upload carries: the asset folders staged for the two sources.
    const staged = (s3Keys: unknown) => (s3Keys as string[]).map((k) => listFiles(join(outdir, `asset.${k.replace(/\.zip$/, '')}`)));
    expect(staged(hashed.Properties.SourceObjectKeys)).toEqual([['index-abc123.js']]);
    expect(staged(files.Properties.SourceObjectKeys)).toEqual([['api-docs/index.html', 'api-docs/init.js', 'index.html']]);
    Annotations.fromStack(stack).hasNoWarning('/ServicePulse-dev', Match.stringLikeRegexp('dashboard is NOT uploaded'));
  });

  it('serves a static sub-site of the build (api-docs) at /api-docs/, redirecting /api-docs there', () => {
    const rewrite = cloudFrontFunction(template);
    expect(rewrite('/api-docs')).toEqual({
      statusCode: 301,
      statusDescription: 'Moved Permanently',
      headers: { location: { value: '/api-docs/' } },
    });
    expect(rewrite('/api-docs/')).toMatchObject({ uri: '/api-docs/index.html' });
    expect(rewrite('/api-docs/init.js')).toMatchObject({ uri: '/api-docs/init.js' });
    expect(rewrite('/api-docsx/y')).toMatchObject({ uri: '/index.html' });
    expect(rewrite('/departments')).toMatchObject({ uri: '/index.html' });
  });

  it('wires the aggregator to the table stream (record items only) with the same defaults and a dead-letter queue', () => {
    const aggregatorId = logicalId(stack, stack.aggregator!.fn.fn);
    const fn = template.toJSON().Resources[aggregatorId];
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Timeout: 120,
    });
    expect(fn.Properties.Environment.Variables.TABLE_NAME).toEqual({ Ref: logicalId(stack, stack.table) });
    expect(fn.Properties.Environment.Variables).not.toHaveProperty(ADMIN_TOKEN_SECRET_ENV);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: aggregatorId },
      EventSourceArn: { 'Fn::GetAtt': [logicalId(stack, stack.table), 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      // Batches as the scale simulation and the local poller make them (shared/table-schema.ts).
      BatchSize: AGGREGATOR_BATCH.records,
      MaximumBatchingWindowInSeconds: AGGREGATOR_BATCH.windowSeconds,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(stack, stack.aggregator!.failures), 'Arn'] } } },
      // Only record items (pk REC#…) reach the aggregator; its own writes never come back to it.
      FilterCriteria: { Filters: AGGREGATOR_STREAM_FILTERS.map((f) => ({ Pattern: JSON.stringify(f) })) },
    });
    expect(() => stack.addAggregator(join(FIXTURES, 'aggregator/lambda.ts'))).toThrow(/already/);
  });

  it('passes non-secret API settings through', () => {
    const vars = template.toJSON().Resources[logicalId(stack, stack.api.fn)].Properties.Environment.Variables;
    expect(vars).toMatchObject({ CITY_CODE: '3703', SESSION_HOURS: '8' });
    expect(vars).not.toHaveProperty('KEY_ROTATION_OVERLAP_HOURS');
  });
});

/** Runs the template's CloudFront Function on a viewer request for `uri`. */
function cloudFrontFunction(template: Template): (uri: string) => unknown {
  const fns = Object.values(template.findResources('AWS::CloudFront::Function'));
  expect(fns).toHaveLength(1);
  expect(fns[0]!.Properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
  const handler = new Function(`${fns[0]!.Properties.FunctionCode as string}; return handler;`)() as (e: unknown) => unknown;
  return (uri) => handler({ request: { uri, method: 'GET', querystring: {}, headers: {}, cookies: {} } });
}

function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [`<missing ${dir}>`];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}
