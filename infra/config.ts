// Deployment settings, typed: what differs between dev and prod (environment defaults, kept in
// this file) and what differs between cities (domain, certificates, alarm e-mail: given with
// `-c key=value` on the cdk command line). infra/bin/app.ts reads the context once through
// `resolveDeployment`; the stack receives a complete, validated `Deployment` and reads nothing else.

/** The AWS partition decides which CloudFront and Lambda features exist (see docs/deploy.md). */
export type Partition = 'aws' | 'aws-cn';
export type EnvName = 'dev' | 'prod';

export interface EnvironmentDefaults {
  /** Keep table, bucket and backups when the stack is deleted or a resource replaced. */
  retainData: boolean;
  /** AWS Backup: days a daily recovery point is kept. */
  backupRetentionDays: number;
  /** HTTP API stage throttle (requests per second, burst). */
  throttle: { rateLimit: number; burstLimit: number };
}

export const ENVIRONMENTS: Record<EnvName, EnvironmentDefaults> = {
  // dev can be thrown away: a deleted dev stack takes its table with it (no orphaned costs).
  dev: { retainData: false, backupRetentionDays: 35, throttle: { rateLimit: 50, burstLimit: 100 } },
  // Records are evidence for supervision (督查证据): prod never deletes them with the stack.
  prod: { retainData: true, backupRetentionDays: 365, throttle: { rateLimit: 100, burstLimit: 200 } },
};

/** A custom domain and the certificate that serves it. */
export interface DomainSettings {
  domainName: string;
  /** aws-cn CloudFront: an IAM server certificate id (uploaded with --path /cloudfront/…). */
  iamCertificateId?: string;
  /** API Gateway regional custom domain: an ACM certificate ARN in the stack's region. */
  certificateArn?: string;
}

export interface Deployment {
  envName: EnvName;
  stackName: string;
  region: string;
  partition: Partition;
  env: EnvironmentDefaults;
  /**
   * The dashboard's public domain (ICP-registered in China). Required in aws-cn, where CloudFront
   * serves only custom domains with an IAM certificate; optional (unused) elsewhere.
   */
  webDomain?: DomainSettings;
  /**
   * The API origin's own domain (CloudFront → API Gateway). With it the execute-api endpoint is
   * disabled, so the API answers only through CloudFront. Required in prod and in aws-cn.
   */
  apiOriginDomain?: DomainSettings;
  /**
   * An AWS Backup vault in another region (e.g. cn-northwest-1 for a Beijing stack) that receives
   * a copy of each daily recovery point, kept as long as the originals. Optional.
   */
  backupCopyVaultArn?: string;
  /** Who receives the alarms; without it the topic exists with no subscriber (a warning says so). */
  alarmEmail?: string;
  /** Non-secret API settings (functions/config.ts defaults when unset). */
  apiSettings: { CITY_CODE?: string; KEY_ROTATION_OVERLAP_HOURS?: string; SESSION_HOURS?: string };
}

export class DeploymentConfigError extends Error {}

export function partitionOf(region: string): Partition {
  return region.startsWith('cn-') ? 'aws-cn' : 'aws';
}

/**
 * Example values the synth scripts pass (`npm run synth`, `npm run synth:cn`) and docs/deploy.md
 * shows. They synthesise a valid template; they deploy nothing useful (the ids do not exist).
 */
export const EXAMPLE_SETTINGS = {
  cn: {
    region: 'cn-north-1',
    domainName: 'servicepulse.example.com.cn',
    iamCertificateId: 'ASCAEXAMPLEEXAMPLE0001',
    apiDomainName: 'api-origin.servicepulse.example.com.cn',
    apiCertificateArn: 'arn:aws-cn:acm:cn-north-1:123456789012:certificate/00000000-0000-0000-0000-000000000000',
    alarmEmail: 'ops@example.com.cn',
  },
  global: {
    region: 'ap-southeast-1',
    apiDomainName: 'api-origin.servicepulse.example.com',
    apiCertificateArn: 'arn:aws:acm:ap-southeast-1:123456789012:certificate/00000000-0000-0000-0000-000000000000',
    alarmEmail: 'ops@example.com',
  },
} as const;

/** Context keys (`-c key=value`) read by resolveDeployment. */
export type ContextReader = (key: string) => string | undefined;

export function resolveDeployment(ctx: ContextReader, fallbackRegion?: string): Deployment {
  const envName = ctx('env') ?? 'dev';
  if (envName !== 'dev' && envName !== 'prod') throw new DeploymentConfigError(`-c env=${envName}: expected dev or prod`);
  const region = ctx('region') ?? fallbackRegion;
  // A region is required: the partition (and so CloudFront's and Lambda's feature set) depends on
  // it, and an environment-agnostic template would hide that until deploy time.
  if (!region) throw new DeploymentConfigError('no region: pass -c region=cn-north-1 (or set CDK_DEFAULT_REGION / AWS_REGION)');
  const partition = partitionOf(region);
  const missing: string[] = [];
  const need = (key: string, why: boolean) => {
    const v = ctx(key);
    if (why && !v) missing.push(key);
    return v;
  };
  const china = partition === 'aws-cn';
  const domainName = need('domainName', china);
  const iamCertificateId = need('iamCertificateId', china);
  const apiDomainName = need('apiDomainName', china || envName === 'prod');
  const apiCertificateArn = need('apiCertificateArn', china || envName === 'prod' || apiDomainName !== undefined);
  if (missing.length > 0) {
    throw new DeploymentConfigError(
      `missing settings for ${envName} in ${region}: ${missing.map((k) => `-c ${k}=…`).join(' ')} (see docs/deploy.md)`,
    );
  }
  if (iamCertificateId && !/^[A-Z0-9]{16,32}$/.test(iamCertificateId)) {
    throw new DeploymentConfigError(`-c iamCertificateId=${iamCertificateId}: expected the ServerCertificateId (ASCA…), not a name or ARN`);
  }
  const backupCopyVaultArn = ctx('backupCopyVaultArn');
  if (backupCopyVaultArn && !new RegExp(`^arn:${partition}:backup:[a-z0-9-]+:\\d{12}:backup-vault:.+$`).test(backupCopyVaultArn)) {
    throw new DeploymentConfigError(
      `-c backupCopyVaultArn=${backupCopyVaultArn}: expected arn:${partition}:backup:<region>:<account>:backup-vault:<name>`,
    );
  }
  const alarmEmail = ctx('alarmEmail');
  if (alarmEmail && !/^[^@\s]+@[^@\s]+$/.test(alarmEmail))
    throw new DeploymentConfigError(`-c alarmEmail=${alarmEmail}: not an e-mail address`);
  return {
    envName,
    stackName: ctx('stackName') ?? `ServicePulse-${envName}`,
    region,
    partition,
    env: ENVIRONMENTS[envName],
    ...(domainName ? { webDomain: { domainName, ...(iamCertificateId ? { iamCertificateId } : {}) } } : {}),
    ...(apiDomainName && apiCertificateArn ? { apiOriginDomain: { domainName: apiDomainName, certificateArn: apiCertificateArn } } : {}),
    ...(alarmEmail ? { alarmEmail } : {}),
    ...(backupCopyVaultArn ? { backupCopyVaultArn } : {}),
    apiSettings: definedOnly({
      CITY_CODE: ctx('cityCode'),
      KEY_ROTATION_OVERLAP_HOURS: ctx('keyRotationOverlapHours'),
      SESSION_HOURS: ctx('sessionHours'),
    }),
  };
}

function definedOnly<T extends Record<string, string | undefined>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
