// Small request helpers shared by routes: JSON bodies and the caller's kind.
import type { Context } from 'hono';
import { AppError, errors } from '../../errors.js';
import type { Principal } from '../../services/principal.js';

export async function readJsonBody(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new AppError(
      415,
      'unsupported_media_type',
      'send the body as JSON with Content-Type: application/json',
      '请以 JSON 发送请求体，并设置 Content-Type: application/json',
    );
  }
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch (e) {
    throw errors.badRequest(`the body is not valid JSON: ${(e as Error).message}`, '请求体不是有效的 JSON');
  }
}

export function requireDepartment(p: Principal): Extract<Principal, { kind: 'department' }> {
  if (p.kind !== 'department') throw errors.forbidden('this endpoint takes a department API key', '此接口需使用部门接入密钥');
  return p;
}
