// The monthly-report scheduler on AWS: a Lambda built from functions/reports/lambda.ts by the one
// ServiceFunction construct (Node 22, arm64, table grant, 15 minutes), invoked by an EventBridge
// rule every day at 18:00 UTC = 02:00 Asia/Shanghai. The real entry is bundled (esbuild), and the
// bundle must not carry a browser driver: PDF is not made on Lambda.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CfnResource } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORTS_ENTRY, REPORTS_SCHEDULE, type ServicePulseStack } from '../../infra/stacks/service-pulse-stack.js';
import { cleanup, FIXTURES, synth, SYNTH_TIMEOUT } from './synth.js';

afterAll(cleanup);

describe('monthly report schedule', { timeout: SYNTH_TIMEOUT }, () => {
  let stack: ServicePulseStack;
  let template: Template;
  let outdir: string;
  const id = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as CfnResource);

  beforeAll(() => {
    ({ stack, template, outdir } = synth(
      { env: 'dev', region: 'ap-southeast-1', cityCode: '3703' },
      {
        webDistDir: join(FIXTURES, 'no-such-web-dist'),
        aggregatorEntry: join(FIXTURES, 'no-such-aggregator.ts'),
        recomputeEntry: join(FIXTURES, 'no-such-recompute.ts'),
        reportsEntry: REPORTS_ENTRY,
      },
    ));
  }, SYNTH_TIMEOUT);

  it('reads cron in UTC: 18:00 UTC is 02:00 the next day in Shanghai (UTC+8, no DST)', () => {
    expect(existsSync(REPORTS_ENTRY)).toBe(true);
    expect(REPORTS_SCHEDULE).toEqual({ minute: '0', hour: '18' });
    const utc = new Date(Date.UTC(2024, 2, 31, Number(REPORTS_SCHEDULE.hour), Number(REPORTS_SCHEDULE.minute)));
    const shanghai = new Date(utc.getTime() + 8 * 3_600_000).toISOString();
    expect(shanghai).toBe('2024-04-01T02:00:00.000Z'); // 1 April 02:00 Shanghai: March has closed
  });

  it('runs the report function daily at 02:00 Asia/Shanghai, retrying a failed delivery', () => {
    const fnId = id(stack.reports!.fn.fn);
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 18 * * ? *)',
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [fnId, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 21600 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [id(stack.reports!.failures as never), 'Arn'] } },
        }),
      ],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] },
      SourceArn: { 'Fn::GetAtt': [id(stack.reports!.schedule as never), 'Arn'] },
    });
  });

  it('builds the function with the shared defaults, 15 minutes, the table and the city', () => {
    const fn = template.toJSON().Resources[id(stack.reports!.fn.fn)];
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Timeout: 900,
      Handler: 'index.handler',
    });
    expect(fn.Properties.Environment.Variables).toMatchObject({ TABLE_NAME: { Ref: id(stack.table) }, CITY_CODE: '3703' });
    expect(fn.Properties.Environment.Variables).not.toHaveProperty('ADMIN_TOKEN_SECRET_ARN');
    expect(fn.Properties.DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [id(stack.reports!.failures as never), 'Arn'] } });
    expect(() => stack.addReports(REPORTS_ENTRY)).toThrow(/already/);
  });

  it('bundles the real entry without a browser driver', () => {
    const fn = template.toJSON().Resources[id(stack.reports!.fn.fn)];
    const key = fn.Properties.Code.S3Key as string;
    const dir = join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
    expect(readdirSync(dir).sort()).toEqual(['chunks', 'index.mjs']);
    const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
    expect(code).toContain('generateMissing');
    expect(code).not.toMatch(/playwright|chromium\.launch/);
  });
});
