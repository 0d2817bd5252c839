// The process configuration, parsed once from the environment into a typed object. Nothing else
// in the project reads process.env (the local launcher passes values in explicitly).
import { z } from 'zod';

const Env = z.object({
  TABLE_NAME: z.string().min(1).default('ServicePulse'),
  AWS_REGION: z.string().min(1).default('cn-north-1'),
  /** Set locally and in tests to reach DynamoDB Local; absent on AWS. */
  DDB_ENDPOINT: z.string().url().optional(),
  /** Administrator bootstrap token (管理员令牌); compared by hash. */
  ADMIN_TOKEN: z.string().min(16).optional(),
  /** On AWS: the Secrets Manager secret holding the administrator token (read at cold start). */
  ADMIN_TOKEN_SECRET_ARN: z.string().startsWith('arn:').optional(),
  /** The city whose region codes are accepted (行政区划代码 prefix): Zibo 3703. */
  CITY_CODE: z.string().regex(/^\d{2,6}$/).default('3703'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('.data'),
  /** Hours an old key keeps working after a rotation (轮换重叠期). */
  KEY_ROTATION_OVERLAP_HOURS: z.coerce.number().min(0).max(24 * 90).default(24),
  SESSION_HOURS: z.coerce.number().min(1).max(24 * 30).default(12),
  /** Key material for webhook secrets at rest (AES-256-GCM); the administrator token when unset. */
  ALERTS_KEY: z.string().min(32).optional(),
  /** The dashboard's address, for links in webhook messages (e.g. https://servicepulse.example.gov.cn). */
  PUBLIC_URL: z.string().url().optional(),
});

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
  alertsKey: string | undefined;
  publicUrl: string | undefined;
};

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable means "not set" (as in `ADMIN_TOKEN= npm start`).
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = Env.safeParse(given);
  if (!parsed.success) {
    throw new ConfigError(`configuration error: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  }
  const e = parsed.data;
  if (e.ADMIN_TOKEN && e.ADMIN_TOKEN_SECRET_ARN) throw new ConfigError('configuration error: set ADMIN_TOKEN or ADMIN_TOKEN_SECRET_ARN, not both');
  return {
    tableName: e.TABLE_NAME,
    region: e.AWS_REGION,
    ddbEndpoint: e.DDB_ENDPOINT,
    adminToken: e.ADMIN_TOKEN,
    adminTokenSecretArn: e.ADMIN_TOKEN_SECRET_ARN,
    cityCode: e.CITY_CODE,
    port: e.PORT,
    dataDir: e.DATA_DIR,
    keyRotationOverlapHours: e.KEY_ROTATION_OVERLAP_HOURS,
    sessionHours: e.SESSION_HOURS,
    alertsKey: e.ALERTS_KEY,
    publicUrl: e.PUBLIC_URL,
  };
}
