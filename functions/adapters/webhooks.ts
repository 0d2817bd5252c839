// Webhook messages (群机器人 / 通用 JSON): the request each channel kind expects, and whether its
// answer means "delivered". 企业微信 group robot: markdown, the key is in the URL (no signature
// exists). 钉钉 group robot: markdown with title, and with 加签 the URL carries timestamp + sign
// (HMAC-SHA256 of "timestamp\nsecret", Base64, URL-encoded). Generic JSON: the notice, signed
// with HMAC-SHA256 over the raw body in `x-servicepulse-signature: sha256=<hex>`.
import { createHmac } from 'node:crypto';
import type { ChannelKind } from '../../shared/contract/alerts.js';
import type { StoredNotice } from '../store/alerts-store.js';

export const SIGNATURE_HEADER = 'x-servicepulse-signature';
/** 企业微信 markdown content is limited to 4096 bytes; 钉钉's is larger. Cut on characters below both. */
const MAX_MARKDOWN_CHARS = 1300;

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export function hmacHex(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}

/** 钉钉 加签: sign = Base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)). */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

function markdown(n: StoredNotice, publicUrl: string | undefined): string {
  let text = n.text.length > MAX_MARKDOWN_CHARS ? `${n.text.slice(0, MAX_MARKDOWN_CHARS)}\n……` : n.text;
  text += publicUrl ? `\n\n[在 ServicePulse 中查看](${publicUrl.replace(/\/$/, '')}/${n.link})` : `\n\n在 ServicePulse 中查看：${n.link}`;
  return text;
}

/**
 * The request for one notice. `realNowMs` is the wall clock (钉钉 refuses a timestamp more than
 * an hour off the real time, so this is never the services' test clock).
 */
export function buildWebhookRequest(
  kind: ChannelKind,
  url: string,
  secret: string | undefined,
  n: StoredNotice,
  o: { publicUrl?: string; realNowMs: number; deliveryId: string },
): WebhookRequest {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (kind === 'wecom') {
    return { url, headers, body: JSON.stringify({ msgtype: 'markdown', markdown: { content: markdown(n, o.publicUrl) } }) };
  }
  if (kind === 'dingtalk') {
    let target = url;
    if (secret) {
      const u = new URL(url);
      u.searchParams.set('timestamp', String(o.realNowMs));
      u.searchParams.set('sign', dingtalkSign(secret, o.realNowMs));
      target = u.toString();
    }
    return {
      url: target,
      headers,
      body: JSON.stringify({ msgtype: 'markdown', markdown: { title: n.title, text: markdown(n, o.publicUrl) } }),
    };
  }
  const body = JSON.stringify({
    id: n.id,
    dedupeKey: n.dedupeKey,
    ruleId: n.ruleId,
    kind: n.kind,
    department: n.department,
    regionCode: n.regionCode,
    period: n.period,
    title: n.title,
    titleEn: n.titleEn,
    text: n.text,
    textEn: n.textEn,
    link: n.link,
    ...(o.publicUrl ? { url: `${o.publicUrl.replace(/\/$/, '')}/${n.link}` } : {}),
    createdAt: n.createdAt,
    sentAt: new Date(o.realNowMs).toISOString(),
  });
  return {
    url,
    headers: {
      ...headers,
      'x-servicepulse-delivery': o.deliveryId,
      ...(secret ? { [SIGNATURE_HEADER]: `sha256=${hmacHex(secret, body)}` } : {}),
    },
    body,
  };
}

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

/** Sends one request; robots answer 200 with `errcode` ≠ 0 when they refuse (bad key, bad sign). */
export async function sendWebhook(
  kind: ChannelKind,
  req: WebhookRequest,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = 10_000,
): Promise<SendResult> {
  let res: Response;
  try {
    res = await fetchImpl(req.url, {
      method: 'POST',
      headers: req.headers,
      body: req.body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
  } catch (e) {
    return { ok: false, statusCode: null, error: `not reached: ${e instanceof Error ? e.message : String(e)}`.slice(0, 300) };
  }
  const text = await res.text().catch(() => '');
  if (res.status < 200 || res.status >= 300)
    return { ok: false, statusCode: res.status, error: `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}` };
  if (kind !== 'webhook') {
    try {
      const j = JSON.parse(text) as { errcode?: number; errmsg?: string };
      if (typeof j.errcode === 'number' && j.errcode !== 0)
        return { ok: false, statusCode: res.status, error: `robot refused: errcode ${j.errcode} ${j.errmsg ?? ''}`.trim().slice(0, 300) };
    } catch {
      /* a robot-compatible sink may answer without JSON: 2xx is delivered */
    }
  }
  return { ok: true, statusCode: res.status, error: null };
}

/** The URL as shown by the API: scheme, host and path; the query (robot key, token) hidden. */
export function maskUrl(url: string): string {
  const u = new URL(url);
  const path = u.pathname.length > 40 ? `${u.pathname.slice(0, 40)}…` : u.pathname;
  return `${u.protocol}//${u.host}${path}${u.search ? '?***' : ''}`;
}
