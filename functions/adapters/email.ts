// E-mail channel (邮件推送): a notice (or a day's digest) as one message to the channel's
// recipients through the city's SMTP setting, with nodemailer. On AWS China there is no SES, so
// e-mail always goes through SMTP (docs/deploy.md). nodemailer is imported when the first message
// is sent, so the alerts Lambda's cold start does not pay for it when no e-mail channel exists.
import type { StoredNotice } from '../store/alerts-store.js';
import type { SendResult } from './webhooks.js';

export interface SmtpSettings {
  host: string;
  port: number;
  security: 'tls' | 'starttls' | 'none';
  user?: string;
  password?: string;
  from: string;
}
export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Chinese first, the English beside it; the markdown kept as plain text, and a simple HTML part. */
export function buildEmail(
  n: Pick<StoredNotice, 'title' | 'titleEn' | 'text' | 'textEn' | 'link'>,
  publicUrl: string | undefined,
): EmailMessage {
  const url = publicUrl ? `${publicUrl.replace(/\/$/, '')}/${n.link}` : undefined;
  const strip = (md: string) => md.replace(/^#{1,6}\s*/gm, '');
  const text = [
    strip(n.text),
    '',
    url ? `在 ServicePulse 中查看 View in ServicePulse: ${url}` : `在 ServicePulse 中查看：${n.link}`,
    '',
    '—',
    strip(n.textEn),
  ].join('\n');
  const para = (md: string) =>
    strip(md)
      .split('\n')
      .map((l) => escapeHtml(l))
      .join('<br>\n');
  const html =
    `<!doctype html><html lang="zh-CN"><body><div>${para(n.text)}</div>` +
    `<p>${url ? `<a href="${escapeHtml(url)}">在 ServicePulse 中查看 View in ServicePulse</a>` : escapeHtml(`在 ServicePulse 中查看：${n.link}`)}</p>` +
    `<hr><div lang="en">${para(n.textEn)}</div></body></html>`;
  return { subject: n.title, text, html };
}

/** Sends one message; a refusal carries the server's reply code (e.g. 550) as the status code. */
export async function sendEmail(smtp: SmtpSettings, to: string[], msg: EmailMessage, timeoutMs = 20_000): Promise<SendResult> {
  const { createTransport } = await import('nodemailer');
  const transport = createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.security === 'tls',
    requireTLS: smtp.security === 'starttls',
    ignoreTLS: smtp.security === 'none',
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  try {
    await transport.sendMail({ from: smtp.from, to, subject: msg.subject, text: msg.text, html: msg.html });
    return { ok: true, statusCode: 250, error: null };
  } catch (e) {
    const err = e as { responseCode?: number; response?: string; code?: string; message?: string };
    const why = err.response ?? `${err.code ? `${err.code}: ` : ''}${err.message ?? String(e)}`;
    return { ok: false, statusCode: typeof err.responseCode === 'number' ? err.responseCode : null, error: `SMTP: ${why}`.slice(0, 300) };
  } finally {
    transport.close();
  }
}
