// The Lambda entry as API Gateway calls it: real HTTP API (payload v2.0) events into the exported
// `handler`, against DynamoDB Local. Checks what the Hono app tests cannot: the event → Request
// mapping (path, query, headers, base64 bodies), the Response → result mapping, and that config
// is read from the environment once, at import, as on a cold start.
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, ensureTable } from '../../functions/store/client.js';

const ADMIN_TOKEN = `admin-${randomUUID()}`;
const REGION = 'cn-north-1';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
let handler: Handler;

beforeAll(async () => {
  const endpoint = inject('ddbEndpoint');
  const tableName = `lambda-handler-${randomUUID()}`;
  await ensureTable(createDb({ tableName, endpoint, region: REGION }));
  // Before the import: lambda.ts reads its configuration once, at module load.
  Object.assign(process.env, { TABLE_NAME: tableName, DDB_ENDPOINT: endpoint, AWS_REGION: REGION, ADMIN_TOKEN });
  ({ handler } = (await import('../../functions/api/lambda.js')) as unknown as { handler: Handler });
});

interface Call {
  method: string;
  path: string;
  query?: string;
  headers?: Record<string, string>;
  body?: unknown;
  base64?: boolean;
}

/** An event shaped as API Gateway HTTP API sends it for the `ANY /v1/{proxy+}` route. */
function httpApiEvent({ method, path, query = '', headers = {}, body, base64 = false }: Call): APIGatewayProxyEventV2 {
  const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const now = new Date();
  const requestId = `req-${randomUUID()}`;
  return {
    version: '2.0',
    routeKey: path === '/v1' ? 'ANY /v1' : 'ANY /v1/{proxy+}',
    rawPath: path,
    rawQueryString: query,
    ...(query ? { queryStringParameters: Object.fromEntries(new URLSearchParams(query)) } : {}),
    headers: {
      accept: 'application/json',
      host: 'abc123.execute-api.cn-north-1.amazonaws.com.cn',
      'user-agent': 'vitest',
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
      ...(text !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) } : {}),
      ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.cn-north-1.amazonaws.com.cn',
      domainPrefix: 'abc123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
      requestId,
      routeKey: path === '/v1' ? 'ANY /v1' : 'ANY /v1/{proxy+}',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(path.startsWith('/v1/') ? { pathParameters: { proxy: path.slice('/v1/'.length) } } : {}),
    ...(text !== undefined ? { body: base64 ? Buffer.from(text).toString('base64') : text } : {}),
    isBase64Encoded: base64,
  };
}

function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'ServicePulse-ApiFunction',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws-cn:lambda:cn-north-1:123456789012:function:ServicePulse-ApiFunction',
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/ServicePulse-ApiFunction',
    logStreamName: '2024/03/01/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 29_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

async function call(c: Call): Promise<{ status: number; headers: Record<string, unknown>; json: any }> {
  const res = await handler(httpApiEvent(c), lambdaContext());
  const raw = res.isBase64Encoded ? Buffer.from(res.body ?? '', 'base64').toString('utf8') : (res.body ?? '');
  return { status: res.statusCode ?? 0, headers: res.headers ?? {}, json: raw ? JSON.parse(raw) : undefined };
}

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const complaint = {
  id: 'e1',
  type: 'complaint.received',
  at: '2024-03-01T09:30:00+08:00',
  complaintId: 'c1',
  channel: 'window',
  category: 'delay',
  regionCode: '370303001000',
};

describe('API Lambda handler with HTTP API v2 events', () => {
  it('serves the OpenAPI document without credentials', async () => {
    const res = await call({ method: 'GET', path: '/v1/openapi.json' });
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
    expect(res.json.openapi).toBe('3.1.0');
    expect(res.json.paths).toHaveProperty(['/v1/events']);
  });

  it('answers 401 without credentials, and with a wrong one', async () => {
    const none = await call({ method: 'POST', path: '/v1/events', body: { records: [complaint] } });
    expect(none.status).toBe(401);
    expect(none.json.error.code).toBe('unauthorized');
    const wrong = await call({ method: 'GET', path: '/v1/admin/departments', headers: { authorization: 'Bearer spk_not-a-real-key' } });
    expect(wrong.status).toBe(401);
  });

  it('bootstraps a department and a key with the admin token, then accepts a record with that key', async () => {
    const dept = await call({
      method: 'POST',
      path: '/v1/admin/departments',
      headers: admin,
      body: { code: 'D-TEST', name: '测试局', regionCode: '370303000000' },
    });
    expect(dept.status).toBe(201);
    expect(dept.json).toMatchObject({ code: 'D-TEST', name: '测试局', regionCode: '370303000000' });

    const key = await call({ method: 'POST', path: '/v1/admin/departments/D-TEST/keys', headers: admin, body: { label: 'lambda test' } });
    expect(key.status).toBe(201);
    expect(key.json.key).toMatch(/^spk_/);
    expect(key.json).toMatchObject({ departmentCode: 'D-TEST', status: 'active' });
    const dept1 = { authorization: `Bearer ${key.json.key as string}` };

    const posted = await call({ method: 'POST', path: '/v1/events', headers: dept1, body: { records: [complaint] } });
    expect(posted.status).toBe(200);
    expect(posted.json.results).toHaveLength(1);
    expect(posted.json.results[0]).toMatchObject({ id: 'e1', status: 'accepted' });

    // API Gateway may deliver a body base64-encoded; the same record again is then a duplicate.
    const again = await call({ method: 'POST', path: '/v1/events', headers: dept1, body: { records: [complaint] }, base64: true });
    expect(again.status).toBe(200);
    expect(again.json.results[0]).toMatchObject({ id: 'e1', status: 'duplicate' });

    // A department key is not an administrator: the route is found, the caller refused.
    const forbidden = await call({ method: 'GET', path: '/v1/admin/users', headers: dept1 });
    expect(forbidden.status).toBe(403);
  });

  it('passes the raw query string through (audit log by month)', async () => {
    const res = await call({ method: 'GET', path: '/v1/admin/audit', query: 'month=2099-01', headers: admin });
    expect(res.status).toBe(200);
    expect(res.json.entries).toEqual([]);
    const bad = await call({ method: 'GET', path: '/v1/admin/audit', query: 'month=March', headers: admin });
    expect(bad.status).toBe(400);
  });

  it('answers an unknown /v1 path with the JSON 404', async () => {
    const res = await call({ method: 'GET', path: '/v1/nope', headers: admin });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('not_found');
  });
});
