// The CDK app (`cdk synth` / `cdk deploy`, see cdk.json and docs/deploy.md). Settings come from
// context, e.g. `cdk deploy -c env=prod -c region=cn-north-1 -c domainName=… -c iamCertificateId=…`
// (infra/config.ts lists them and says which are required where).
import { App, Tags } from 'aws-cdk-lib';
import { DeploymentConfigError, resolveDeployment } from '../config.js';
import { ServicePulseStack } from '../stacks/service-pulse-stack.js';

const app = new App();

const ctx = (key: string): string | undefined => {
  const v: unknown = app.node.tryGetContext(key);
  return v === undefined || v === null || v === '' ? undefined : String(v);
};

let deployment: ReturnType<typeof resolveDeployment>;
try {
  deployment = resolveDeployment(ctx, process.env.CDK_DEFAULT_REGION ?? process.env.AWS_REGION);
} catch (e) {
  if (!(e instanceof DeploymentConfigError)) throw e;
  console.error(`ServicePulse: ${e.message}`);
  process.exit(1);
}

const account = ctx('account') ?? process.env.CDK_DEFAULT_ACCOUNT;
new ServicePulseStack(app, deployment.stackName, {
  // A concrete region always (the partition depends on it); the account when the CLI knows it.
  env: { region: deployment.region, ...(account ? { account } : {}) },
  deployment,
});
Tags.of(app).add('project', 'ServicePulse');
Tags.of(app).add('environment', deployment.envName);
