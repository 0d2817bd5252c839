// The post-deployment smoke test (冒烟测试): through the public URL (CloudFront), the API answers,
// a department key is accepted, a record posted is stored and can be read back, and the record
// is then voided so no figure keeps it. Used by `npm run smoke` (cli.ts) and its test.

export interface SmokeOptions {
  /** The public base URL, e.g. https://servicepulse.example.com.cn (no trailing /v1). */
  baseUrl: string;
  /** A department API key (spk_…) and its department code. */
  key: string;
  department: string;
  /** A region code inside the deployment's city (12 digits), e.g. 370303001000. */
  regionCode: string;
  /** Also load the dashboard's index.html (off where no dashboard is served, e.g. tests). */
  checkWeb?: boolean;
  fetchFn?: (url: string, init?: RequestInit) => Promise<Response>;
  log?: (line: string) => void;
  now?: () => Date;
}

export interface SmokeStep {
  step: string;
  ok: boolean;
  ms: number;
  detail: string;
}

export async function runSmoke(o: SmokeOptions): Promise<{ ok: boolean; steps: SmokeStep[]; recordId: string }> {
  const fetchFn = o.fetchFn ?? fetch;
  const log = o.log ?? (() => undefined);
  const now = o.now ?? (() => new Date());
  const base = o.baseUrl.replace(/\/+$/, '');
  const auth = { authorization: `Bearer ${o.key}` };
  const recordId = `smoke-${now()
    .toISOString()
    .replace(/[^0-9]/g, '')
    .slice(0, 14)}-${Math.random().toString(36).slice(2, 8)}`;
  const steps: SmokeStep[] = [];

  async function step(name: string, run: () => Promise<string>): Promise<boolean> {
    const t0 = performance.now();
    try {
      const detail = await run();
      steps.push({ step: name, ok: true, ms: Math.round(performance.now() - t0), detail });
    } catch (e) {
      steps.push({ step: name, ok: false, ms: Math.round(performance.now() - t0), detail: e instanceof Error ? e.message : String(e) });
    }
    const s = steps[steps.length - 1]!;
    log(`${s.ok ? 'ok  ' : 'FAIL'} ${s.step} (${s.ms} ms): ${s.detail}`);
    return s.ok;
  }
  /** The answer's JSON, as much of it as the smoke steps look at. */
  type Answer = { openapi?: unknown; results?: Array<{ status?: string }> };
  async function json(res: Response): Promise<Answer> {
    const text = await res.text();
    try {
      return JSON.parse(text) as Answer;
    } catch {
      throw new Error(`HTTP ${res.status}, not JSON: ${text.slice(0, 200)}`);
    }
  }
  const post = (records: unknown[]) =>
    fetchFn(`${base}/v1/events`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ records }),
    });

  const ok =
    (o.checkWeb === false ||
      (await step('dashboard', async () => {
        const res = await fetchFn(`${base}/`);
        const body = await res.text();
        if (res.status !== 200 || !/<html/i.test(body)) throw new Error(`GET / answered ${res.status}, not the dashboard's index.html`);
        return `GET / 200, ${res.headers.get('content-security-policy') ? 'with' : 'WITHOUT'} a Content-Security-Policy header`;
      }))) &&
    (await step('api', async () => {
      const res = await fetchFn(`${base}/v1/openapi.json`);
      const doc = await json(res);
      if (res.status !== 200 || typeof doc.openapi !== 'string') throw new Error(`GET /v1/openapi.json answered ${res.status}`);
      return `GET /v1/openapi.json 200 (OpenAPI ${doc.openapi})`;
    })) &&
    (await step('post record', async () => {
      const at = now().toISOString();
      const res = await post([
        {
          id: recordId,
          type: 'complaint.received',
          at,
          complaintId: recordId,
          channel: 'other',
          category: 'other',
          regionCode: o.regionCode,
        },
      ]);
      const body = await json(res);
      const r = body.results?.[0];
      if (res.status !== 200 || r?.status !== 'accepted')
        throw new Error(`POST /v1/events answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
      return `POST /v1/events accepted ${recordId}`;
    })) &&
    (await step('read back', async () => {
      const res = await fetchFn(`${base}/v1/records/${encodeURIComponent(o.department)}/${encodeURIComponent(recordId)}`, {
        headers: auth,
      });
      const body = await json(res);
      if (res.status !== 200 || !JSON.stringify(body).includes(recordId))
        throw new Error(`GET /v1/records/${o.department}/${recordId} answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
      return `GET /v1/records/${o.department}/${recordId} 200`;
    })) &&
    (await step('void', async () => {
      const res = await post([
        { id: `${recordId}-void`, type: 'void', at: now().toISOString(), target: recordId, reason: 'smoke test 冒烟测试' },
      ]);
      const body = await json(res);
      if (res.status !== 200 || body.results?.[0]?.status !== 'accepted')
        throw new Error(`void answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
      return 'the smoke record is voided (no figure counts it)';
    }));
  return { ok, steps, recordId };
}
