// functions/config.ts: defaults, accepted values and what is refused (it has no schema library,
// so these cases are its contract).
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../functions/config.js';

describe('loadConfig', () => {
  it('fills defaults and treats empty variables as unset', () => {
    expect(loadConfig({ TABLE_NAME: '', CITY_CODE: '' })).toEqual({
      tableName: 'ServicePulse',
      region: 'cn-north-1',
      ddbEndpoint: undefined,
      adminToken: undefined,
      adminTokenSecretArn: undefined,
      cityCode: '3703',
      port: 3000,
      dataDir: '.data',
      keyRotationOverlapHours: 24,
      sessionHours: 12,
      demoStage: 'memory',
    });
  });

  it('reads and converts every variable', () => {
    expect(
      loadConfig({
        TABLE_NAME: 't',
        AWS_REGION: 'cn-northwest-1',
        DDB_ENDPOINT: 'http://127.0.0.1:8000',
        ADMIN_TOKEN_SECRET_ARN: 'arn:aws-cn:secretsmanager:cn-north-1:1:secret:x',
        CITY_CODE: '370303',
        PORT: '0',
        DATA_DIR: '/d',
        KEY_ROTATION_OVERLAP_HOURS: '0.5',
        SESSION_HOURS: '8',
        DEMO_STAGE: 'disk',
      }),
    ).toMatchObject({
      tableName: 't',
      region: 'cn-northwest-1',
      ddbEndpoint: 'http://127.0.0.1:8000',
      cityCode: '370303',
      port: 0,
      dataDir: '/d',
      keyRotationOverlapHours: 0.5,
      sessionHours: 8,
      demoStage: 'disk',
    });
    expect(loadConfig({ ADMIN_TOKEN: 'x'.repeat(16) }).adminToken).toBe('x'.repeat(16));
    expect(loadConfig({ ALERTS_KEY: 'k'.repeat(32), PUBLIC_URL: 'https://sp.example.gov.cn' })).toMatchObject({
      alertsKey: 'k'.repeat(32),
      publicUrl: 'https://sp.example.gov.cn',
    });
  });

  it.each([
    [{ DDB_ENDPOINT: 'localhost:8000x' }, /DDB_ENDPOINT must be an http\(s\) URL/],
    [{ ADMIN_TOKEN: 'short' }, /ADMIN_TOKEN must be at least 16/],
    [{ ADMIN_TOKEN_SECRET_ARN: 'secret-name' }, /ADMIN_TOKEN_SECRET_ARN must be an ARN/],
    [{ CITY_CODE: '37a3' }, /CITY_CODE must be 2 to 6 digits/],
    [{ PORT: '80.5' }, /PORT must be an integer/],
    [{ PORT: '70000' }, /PORT must be between 0 and 65535/],
    [{ SESSION_HOURS: 'eight' }, /SESSION_HOURS must be a number/],
    [{ SESSION_HOURS: '0' }, /SESSION_HOURS must be between 1 and 720/],
    [{ KEY_ROTATION_OVERLAP_HOURS: '-1' }, /KEY_ROTATION_OVERLAP_HOURS must be between 0 and 2160/],
    [{ ADMIN_TOKEN: 'x'.repeat(16), ADMIN_TOKEN_SECRET_ARN: 'arn:x' }, /not both/],
    [{ ALERTS_KEY: 'too-short' }, /ALERTS_KEY must be at least 32/],
    [{ PUBLIC_URL: 'sp.example.gov.cn' }, /PUBLIC_URL must be an http\(s\) URL/],
    [{ DEMO_STAGE: 'tmpfs' }, /DEMO_STAGE must be "memory" or "disk"/],
  ])('refuses %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('names every problem at once', () => {
    expect(() => loadConfig({ CITY_CODE: 'x', PORT: 'y' })).toThrow(/CITY_CODE .*; PORT /);
  });
});
