// A local webhook sink (本地接收端) for the demo city: `npm start -- --demo` points the default
// alert rules at it, so a newcomer sees notices arrive (printed in the console, listed at
// GET /dev/webhook-sink) without a real 企业微信 robot. It answers like one ({"errcode":0}).
// Local only (never part of the API or the Lambda); the server listens on 127.0.0.1.
import { Hono } from 'hono';
import type { Services } from '../runtime/services.js';
import { maskUrl } from '../adapters/webhooks.js';
import type { Principal } from '../services/principal.js';

export const SINK_PATH = '/dev/webhook-sink';
const KEEP = 50;
const DEMO_ADMIN: Principal = { kind: 'user', username: 'demo', role: 'administrator', scope: { kind: 'all' } };
const SINK_NAME = '演示：本地接收端 Local webhook sink';

export function webhookSink(log: (line: string) => void = console.log) {
  const received: Array<{ at: string; body: unknown }> = [];
  const app = new Hono();
  app.post(SINK_PATH, async (c) => {
    const body = (await c.req.json().catch(() => null)) as { markdown?: { content?: string; title?: string } } | null;
    received.unshift({ at: new Date().toISOString(), body });
    received.length = Math.min(received.length, KEEP);
    const first = (body?.markdown?.title ?? body?.markdown?.content ?? '').split('\n')[0]?.replace(/^#+\s*/, '');
    log(`📨 本地接收端 webhook sink: ${first || '(not a robot message)'}`);
    return c.json({ errcode: 0, errmsg: 'ok' });
  });
  app.get(SINK_PATH, (c) => c.json({ received }));
  return app;
}

/**
 * The demo's channel to the sink, on every default rule; its address follows the port of this
 * start (the port may differ from the last one).
 */
export async function ensureDemoSinkChannel(services: Services, baseUrl: string): Promise<void> {
  const url = `${baseUrl}${SINK_PATH}?key=demo`;
  const existing = (await services.alerts.listChannels(DEMO_ADMIN)).find((c) => c.name === SINK_NAME);
  if (existing) {
    if (existing.urlMasked !== maskUrl(url)) await services.alerts.updateChannel(DEMO_ADMIN, existing.id, { url });
    return;
  }
  const ch = await services.alerts.createChannel(DEMO_ADMIN, { kind: 'wecom', name: SINK_NAME, url, subscribe: [], enabled: true });
  for (const r of await services.alerts.listRules(DEMO_ADMIN)) {
    if (r.id.startsWith('city-') && !r.channelIds.includes(ch.id))
      await services.alerts.updateRule(DEMO_ADMIN, r.id, { channelIds: [...r.channelIds, ch.id] });
  }
}
