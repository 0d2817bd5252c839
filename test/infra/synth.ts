// Test support for the infra tests: builds the app in-process with cdk.json's feature flags for a
// deployment resolved exactly as infra/bin/app.ts resolves it (so the tests see what `cdk synth`
// sees), into a folder of the repo (bundles' external @aws-sdk imports resolve from node_modules).
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { App, type CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EXAMPLE_SETTINGS, resolveDeployment, type Deployment } from '../../infra/config.js';
import { REPO_ROOT } from '../../infra/paths.js';
import { ServicePulseStack, type ServicePulseStackProps } from '../../infra/stacks/service-pulse-stack.js';

export const FIXTURES = join(REPO_ROOT, 'test/infra/fixtures');
export const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as { app: string; context: Record<string, unknown> };
/** Synth bundles with esbuild (and validation compiles a WebAssembly module): seconds. */
export const SYNTH_TIMEOUT = 180_000;

/** Context of `npm run synth:cn` / `npm run synth` (package.json passes the same example values). */
export function exampleContext(variant: 'cn' | 'global', env: 'dev' | 'prod' = 'dev'): Record<string, string> {
  const e = EXAMPLE_SETTINGS[variant];
  return {
    env,
    region: e.region,
    ...('domainName' in e ? { domainName: e.domainName, iamCertificateId: e.iamCertificateId } : {}),
    apiDomainName: e.apiDomainName,
    apiCertificateArn: e.apiCertificateArn,
    alarmEmail: e.alarmEmail,
  };
}

export function deploymentFrom(context: Record<string, string>): Deployment {
  return resolveDeployment((k) => context[k]);
}

export interface Synthesised {
  app: App;
  stack: ServicePulseStack;
  template: Template;
  outdir: string;
  id: (c: { node: { defaultChild?: unknown } }) => string;
}

/**
 * Synthesises one stack. `outdir` defaults to a throw-away folder under test-artifacts/ (removed
 * by `cleanup`); `validation` turns CDK's CloudFormation validation for the stack's region on.
 */
export function synth(
  context: Record<string, string>,
  props: Omit<ServicePulseStackProps, 'deployment' | 'env'> = {},
  opts: { outdir?: string; validation?: boolean; beforeSynth?: (app: App) => void; afterStack?: (stack: ServicePulseStack) => void } = {},
): Synthesised {
  let outdir = opts.outdir;
  if (!outdir) outdir = scratchDir();
  else rmSync(outdir, { recursive: true, force: true });
  const deployment = deploymentFrom(context);
  const app = new App({ context: { ...cdkJson.context, ...context }, outdir, builtinCloudFormationValidation: opts.validation ?? false });
  opts.beforeSynth?.(app);
  const stack = new ServicePulseStack(app, deployment.stackName, { deployment, env: { region: deployment.region }, ...props });
  opts.afterStack?.(stack);
  const template = Template.fromStack(stack); // synthesises the app: validation plugins run here
  return { app, stack, template, outdir, id: (c) => stack.getLogicalId(c.node.defaultChild as CfnResource) };
}

const scratch: string[] = [];
/** A throw-away output folder under test-artifacts/, removed by cleanup(). */
export function scratchDir(): string {
  const root = join(REPO_ROOT, 'test-artifacts');
  mkdirSync(root, { recursive: true });
  const d = mkdtempSync(join(root, 'cdk-'));
  scratch.push(d);
  return d;
}

export function cleanup(): void {
  for (const d of scratch.splice(0)) rmSync(d, { recursive: true, force: true });
}
