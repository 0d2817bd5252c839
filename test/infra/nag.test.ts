// cdk-nag (AwsSolutions and Serverless packs) on both variants, with a web build, the aggregator,
// the recompute worker and the report scheduler: every finding is either fixed or acknowledged in
// the stack with its reason (Validations.of(x).acknowledge). cdk-nag 3 runs as a CDK policy
// validation plugin: findings land in cdk.out's validation-report.json and fail the synth.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { REPORTS_ENTRY, type ServicePulseStack } from '../../infra/stacks/service-pulse-stack.js';
import { cleanup, exampleContext, FIXTURES, scratchDir, synth, SYNTH_TIMEOUT } from './synth.js';

afterAll(cleanup);

interface Violation {
  ruleName: string;
  description: string;
  violatingConstructs: { constructPath: string }[];
}

function nagFindings(
  variant: 'cn' | 'global',
  env: 'dev' | 'prod',
  extra?: (stack: ServicePulseStack) => void,
): { findings: string[]; acknowledged: number } {
  const outdir = scratchDir();
  let stack: ServicePulseStack | undefined;
  let failed = false;
  try {
    synth(
      exampleContext(variant, env),
      {
        webDistDir: join(FIXTURES, 'web-dist'),
        aggregatorEntry: join(FIXTURES, 'aggregator/lambda.ts'),
        recomputeEntry: join(FIXTURES, 'recompute/lambda.ts'),
        reportsEntry: REPORTS_ENTRY,
      },
      {
        outdir,
        beforeSynth: (app) => Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app)),
        afterStack: (s) => {
          stack = s;
          extra?.(s);
        },
      },
    );
  } catch (e) {
    // A finding fails the synth with ValidationFailed; anything else is a real error.
    if (!String(e).includes('ValidationFailed')) throw e;
    failed = true;
  }
  const reportFile = join(outdir, 'validation-report.json');
  const report = existsSync(reportFile)
    ? (JSON.parse(readFileSync(reportFile, 'utf8')) as { pluginReports: { pluginName: string; violations: Violation[] }[] })
    : { pluginReports: [] };
  const findings = report.pluginReports
    .filter((p) => /AwsSolutions|Serverless/i.test(p.pluginName))
    .flatMap((p) => p.violations.flatMap((v) => v.violatingConstructs.map((c) => `${v.ruleName} ${c.constructPath}`)));
  expect(failed).toBe(findings.length > 0);
  let acknowledged = 0;
  for (const c of stack!.node.findAll()) {
    for (const m of c.node.metadata.filter((e) => e.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)) {
      for (const reason of Object.values(m.data as Record<string, string>)) {
        acknowledged += 1;
        expect(reason.length).toBeGreaterThan(30); // a reason, not a placeholder
      }
    }
  }
  return { findings: findings.sort(), acknowledged };
}

describe('cdk-nag: AwsSolutions + Serverless', { timeout: SYNTH_TIMEOUT }, () => {
  it('finds nothing unacknowledged in the aws-cn variant (prod), each acknowledgement with its reason', () => {
    const r = nagFindings('cn', 'prod');
    expect(r.findings).toEqual([]);
    expect(r.acknowledged).toBeGreaterThan(10); // the packs did run: these are their rule ids
  });
  it('finds nothing unacknowledged in the global variant (dev)', () => {
    expect(nagFindings('global', 'dev').findings).toEqual([]);
  });
  it('does report a finding nobody acknowledged (the check is live)', () => {
    const r = nagFindings('global', 'dev', (stack) => new Queue(stack, 'Unreviewed'));
    expect(r.findings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^AwsSolutions-SQS3 .*Unreviewed/),
        expect.stringMatching(/^AwsSolutions-SQS4 .*Unreviewed/),
      ]),
    );
  });
});
