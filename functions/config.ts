// The process configuration, parsed once from the environment into a typed object. Nothing else
// in the project reads process.env (the local launcher passes values in explicitly).
//
// Plain checks, no schema library: every Lambda imports this file at cold start, and zod here
// put ~440 KB into the aggregator's bundle (90% of it) for a dozen variables (issue 10).
// test/unit/config.test.ts pins the accepted values and the messages.

export type Config = {
  tableName: string;
  region: string;
  ddbEndpoint: string | undefined;
  adminToken: string | undefined;
  adminTokenSecretArn: string | undefined;
  cityCode: string;
  port: number;
  dataDir: string;
  keyRotationOverlapHours: number;
  sessionHours: number;
  /** Key material for webhook secrets at rest (AES-256-GCM); the administrator token when unset. */
  alertsKey: string | undefined;
  /** The dashboard's address, for links in webhook messages (e.g. https://servicepulse.example.gov.cn). */
  publicUrl: string | undefined;
  /**
   * Where `npm start -- --demo` builds its first load (演示数据首次载入): 'memory' — in a
   * memory-backed folder (Linux's /dev/shm) when one has room, moved to the data folder before the
   * server opens — or 'disk', straight into the data folder (functions/local/demo-stage.ts).
   */
  demoStage: 'memory' | 'disk';
};

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  // An empty variable means "not set" (as in `ADMIN_TOKEN= npm start`).
  const get = (k: string) => (env[k] === undefined || env[k] === '' ? undefined : env[k]);
  const issues: string[] = [];
  const check = <T>(name: string, ok: boolean, value: T, message: string): T => {
    if (!ok) issues.push(`${name} ${message}`);
    return value;
  };
  const text = (name: string, fallback?: string) => get(name) ?? fallback;
  const number = (name: string, fallback: number, min: number, max: number, integer = false): number => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    const n = Number(raw.trim());
    if (raw.trim() === '' || !Number.isFinite(n)) return check(name, false, fallback, `must be a number, got "${raw}"`);
    if (integer && !Number.isInteger(n)) return check(name, false, fallback, 'must be an integer');
    return check(name, n >= min && n <= max, n, `must be between ${min} and ${max}`);
  };

  const tableName = text('TABLE_NAME', 'ServicePulse')!;
  const region = text('AWS_REGION', 'cn-north-1')!;
  /** Set locally and in tests to reach DynamoDB Local; absent on AWS. */
  const ddbEndpoint = text('DDB_ENDPOINT');
  if (ddbEndpoint !== undefined) check('DDB_ENDPOINT', isUrl(ddbEndpoint), ddbEndpoint, 'must be an http(s) URL');
  /** Administrator bootstrap token (管理员令牌); compared by hash. */
  const adminToken = text('ADMIN_TOKEN');
  if (adminToken !== undefined) check('ADMIN_TOKEN', adminToken.length >= 16, adminToken, 'must be at least 16 characters');
  /** On AWS: the Secrets Manager secret holding the administrator token (read at cold start). */
  const adminTokenSecretArn = text('ADMIN_TOKEN_SECRET_ARN');
  if (adminTokenSecretArn !== undefined)
    check('ADMIN_TOKEN_SECRET_ARN', adminTokenSecretArn.startsWith('arn:'), adminTokenSecretArn, 'must be an ARN (arn:…)');
  /** The city whose region codes are accepted (行政区划代码 prefix): Zibo 3703. */
  const cityCode = text('CITY_CODE', '3703')!;
  check('CITY_CODE', /^\d{2,6}$/.test(cityCode), cityCode, 'must be 2 to 6 digits');
  const port = number('PORT', 3000, 0, 65535, true);
  const dataDir = text('DATA_DIR', '.data')!;
  /** Hours an old key keeps working after a rotation (轮换重叠期). */
  const keyRotationOverlapHours = number('KEY_ROTATION_OVERLAP_HOURS', 24, 0, 24 * 90);
  const sessionHours = number('SESSION_HOURS', 12, 1, 24 * 30);
  const alertsKey = text('ALERTS_KEY');
  if (alertsKey !== undefined) check('ALERTS_KEY', alertsKey.length >= 32, alertsKey, 'must be at least 32 characters');
  const publicUrl = text('PUBLIC_URL');
  if (publicUrl !== undefined) check('PUBLIC_URL', isUrl(publicUrl), publicUrl, 'must be an http(s) URL');

  const demoStage = text('DEMO_STAGE', 'memory')!;
  check('DEMO_STAGE', demoStage === 'memory' || demoStage === 'disk', demoStage, 'must be "memory" or "disk"');

  if (issues.length > 0) throw new ConfigError(`configuration error: ${issues.join('; ')}`);
  if (adminToken && adminTokenSecretArn) throw new ConfigError('configuration error: set ADMIN_TOKEN or ADMIN_TOKEN_SECRET_ARN, not both');
  return {
    tableName,
    region,
    ddbEndpoint,
    adminToken,
    adminTokenSecretArn,
    cityCode,
    port,
    dataDir,
    keyRotationOverlapHours,
    sessionHours,
    alertsKey,
    publicUrl,
    demoStage: demoStage as Config['demoStage'],
  };
}

/** An endpoint is an http(s) URL (`localhost:8000` alone would parse as scheme "localhost:"). */
function isUrl(s: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(s).protocol);
  } catch {
    return false;
  }
}
