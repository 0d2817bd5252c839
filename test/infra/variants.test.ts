// The two deployable variants, synthesised as `npm run synth:cn` and `npm run synth` do (same
// example settings, CDK's CloudFormation validation for the region ON) into cdk.out/cn and
// cdk.out/global. aws-cn has no CloudFront Functions, no Origin Access Control and no X-Ray for
// Lambda, and serves only a custom domain with an IAM certificate; the global variant keeps them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DeploymentConfigError, EXAMPLE_SETTINGS, resolveDeployment } from '../../infra/config.js';
import { REPO_ROOT } from '../../infra/paths.js';
import { REPORTS_ENTRY, WEB_CSP } from '../../infra/stacks/service-pulse-stack.js';
import { exampleContext, FIXTURES, synth, SYNTH_TIMEOUT, type Synthesised } from './synth.js';

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const full = {
  webDistDir: join(FIXTURES, 'web-dist'),
  aggregatorEntry: join(FIXTURES, 'aggregator/lambda.ts'),
  recomputeEntry: join(FIXTURES, 'recompute/lambda.ts'),
  reportsEntry: REPORTS_ENTRY,
};

/** Every `-c key=value` of an npm script. */
function scriptContext(script: string): Record<string, string> {
  return Object.fromEntries([...script.matchAll(/-c (\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
}

function commonChecks(get: () => Synthesised) {
  it('disables the execute-api endpoint: the API answers on its origin domain, which CloudFront uses', () => {
    const { template, stack } = get();
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
    const domain = stack.deployment.apiOriginDomain!;
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: domain.domainName,
      DomainNameConfigurations: [Match.objectLike({ CertificateArn: domain.certificateArn })],
    });
    template.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
    const dist = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;
    const apiOrigin = dist.Origins.find((o: { CustomOriginConfig?: unknown }) => o.CustomOriginConfig);
    expect(apiOrigin.DomainName).toBe(domain.domainName);
  });

  it('writes every ARN in its own partition (AWS::Partition, or the literal CDK resolves from the region)', () => {
    const { template, stack } = get();
    const json = JSON.stringify(template.toJSON());
    const partitions = new Set([...json.matchAll(/arn:(aws[-a-z]*):/g)].map((m) => m[1]));
    expect([...partitions]).toEqual([stack.deployment.partition]);
    expect(json).toContain('"Ref":"AWS::Partition"');
  });

  it('sends every response through one security-headers policy with the dashboard CSP', () => {
    const { template } = get();
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: { ContentSecurityPolicy: WEB_CSP, Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
        }),
      }),
    });
    expect(WEB_CSP).toContain("img-src 'self' data:");
    expect(WEB_CSP).toContain("script-src 'self'");
    expect(WEB_CSP).not.toMatch(/script-src[^;]*unsafe/);
  });

  it('wrote its templates to cdk.out/', () => {
    const { outdir, stack } = get();
    expect(existsSync(join(outdir, `${stack.stackName}.template.json`))).toBe(true);
    expect(outdir.startsWith(join(REPO_ROOT, 'cdk.out'))).toBe(true);
  });
}

describe('aws-cn variant (npm run synth:cn), CloudFormation validation for cn-north-1', { timeout: SYNTH_TIMEOUT }, () => {
  let s: Synthesised;
  beforeAll(() => {
    s = synth(exampleContext('cn'), full, { outdir: join(REPO_ROOT, 'cdk.out/cn'), validation: true });
  }, SYNTH_TIMEOUT);

  it('is what npm run synth:cn synthesises: same example settings, output cdk.out/cn', () => {
    expect(pkg.scripts['synth:cn']).toContain('-o cdk.out/cn');
    expect(scriptContext(pkg.scripts['synth:cn']!)).toEqual(exampleContext('cn'));
    expect(s.stack.region).toBe('cn-north-1');
    expect(s.stack.deployment.partition).toBe('aws-cn');
  });

  it('has no CloudFront Function and no Origin Access Control; an Origin Access Identity reads the bucket', () => {
    s.template.resourceCountIs('AWS::CloudFront::Function', 0);
    s.template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 0);
    s.template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 1);
    const dist = Object.values(s.template.findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;
    expect(dist.DefaultCacheBehavior.FunctionAssociations).toBeUndefined();
    const s3Origin = dist.Origins.find((o: { S3OriginConfig?: unknown }) => o.S3OriginConfig);
    expect(JSON.stringify(s3Origin.S3OriginConfig.OriginAccessIdentity)).toContain('origin-access-identity/cloudfront/');
    expect(dist.DefaultRootObject).toBe('index.html');
  });

  it('serves the ICP domain with the IAM server certificate, TLS 1.2 and SNI', () => {
    const dist = Object.values(s.template.findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;
    expect(dist.Aliases).toEqual([EXAMPLE_SETTINGS.cn.domainName]);
    expect(dist.ViewerCertificate).toEqual({
      IamCertificateId: EXAMPLE_SETTINGS.cn.iamCertificateId,
      SslSupportMethod: 'sni-only',
      MinimumProtocolVersion: 'TLSv1.2_2021',
    });
    s.template.hasOutput('WebUrl', { Value: `https://${EXAMPLE_SETTINGS.cn.domainName}` });
  });

  it('serves the API docs by their explicit index key (no rewrite needed): the dashboard links api-docs/index.html', () => {
    const files = Object.entries(s.template.findResources('Custom::CDKBucketDeployment')).find(([k]) => k.startsWith('WebFiles'))![1];
    const staged = (files.Properties.SourceObjectKeys as string[]).map((k) =>
      join(s.outdir, `asset.${k.replace(/\.zip$/, '')}`, 'api-docs/index.html'),
    );
    expect(staged.some(existsSync)).toBe(true);
    const header = readFileSync(join(REPO_ROOT, 'web/src/features/shell/header.tsx'), 'utf8');
    expect(header).toContain('href="api-docs/index.html"');
  });

  it('turns X-Ray off for every function (no X-Ray for Lambda in aws-cn)', () => {
    const fns = Object.values(s.template.findResources('AWS::Lambda::Function'));
    expect(fns.length).toBeGreaterThanOrEqual(4);
    for (const fn of fns) expect(fn.Properties.TracingConfig?.Mode).not.toBe('Active');
  });

  it('refuses to synthesise without its required settings, naming them', () => {
    const ctx = { env: 'dev', region: 'cn-northwest-1' };
    expect(() => resolveDeployment((k) => (ctx as Record<string, string>)[k])).toThrow(DeploymentConfigError);
    expect(() => resolveDeployment((k) => (ctx as Record<string, string>)[k])).toThrow(
      /-c domainName=… -c iamCertificateId=… -c apiDomainName=… -c apiCertificateArn=…/,
    );
    const wrongId = { ...exampleContext('cn'), iamCertificateId: 'arn:aws-cn:iam::123456789012:server-certificate/cloudfront/x' };
    expect(() => resolveDeployment((k) => (wrongId as Record<string, string>)[k])).toThrow(/ServerCertificateId/);
  });

  commonChecks(() => s);
});

describe('global variant (npm run synth), CloudFormation validation for ap-southeast-1', { timeout: SYNTH_TIMEOUT }, () => {
  let s: Synthesised;
  beforeAll(() => {
    s = synth(exampleContext('global'), full, { outdir: join(REPO_ROOT, 'cdk.out/global'), validation: true });
  }, SYNTH_TIMEOUT);

  it('is what npm run synth synthesises: same example settings, output cdk.out/global', () => {
    expect(pkg.scripts.synth).toContain('-o cdk.out/global');
    expect(scriptContext(pkg.scripts.synth!)).toEqual(exampleContext('global'));
    expect(s.stack.deployment.partition).toBe('aws');
  });

  it('keeps the current features: Origin Access Control, the rewrite Function, X-Ray', () => {
    s.template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    s.template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    s.template.resourceCountIs('AWS::CloudFront::Function', 1);
    for (const fn of Object.values(s.template.findResources('AWS::Lambda::Function'))) {
      if (JSON.stringify(fn.Properties.Description ?? '').includes('ServicePulse'))
        expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
    }
  });

  commonChecks(() => s);
});
