// The CDK app (`cdk synth` / `cdk deploy`, see cdk.json). Environment-agnostic unless the CLI
// knows an account and region; optional API settings come from context, e.g.
// `cdk deploy -c cityCode=3703 -c sessionHours=8`.
import { App, Tags } from 'aws-cdk-lib';
import { ServicePulseStack, type ApiSettings } from '../stacks/service-pulse-stack.js';

const app = new App();

const ctx = (key: string): string | undefined => {
  const v: unknown = app.node.tryGetContext(key);
  return v === undefined || v === null || v === '' ? undefined : String(v);
};
const apiSettings: ApiSettings = {
  CITY_CODE: ctx('cityCode'),
  KEY_ROTATION_OVERLAP_HOURS: ctx('keyRotationOverlapHours'),
  SESSION_HOURS: ctx('sessionHours'),
};

const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;

new ServicePulseStack(app, ctx('stackName') ?? 'ServicePulse', {
  ...(account && region ? { env: { account, region } } : {}),
  apiSettings,
});
Tags.of(app).add('project', 'ServicePulse');
