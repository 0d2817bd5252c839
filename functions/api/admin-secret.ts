// On AWS the administrator token lives in Secrets Manager (created by the CDK stack); the API
// reads it once at cold start. Locally ADMIN_TOKEN (or the data folder's token) is used instead.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Config } from '../config.js';

export async function withAdminTokenFromSecret(config: Config): Promise<Config> {
  if (!config.adminTokenSecretArn) return config;
  const client = new SecretsManagerClient({ region: config.region });
  const r = await client.send(new GetSecretValueCommand({ SecretId: config.adminTokenSecretArn }));
  client.destroy();
  if (!r.SecretString || r.SecretString.length < 16)
    throw new Error('the administrator token secret is empty or shorter than 16 characters');
  return { ...config, adminToken: r.SecretString };
}
