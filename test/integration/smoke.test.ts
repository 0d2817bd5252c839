// npm run smoke's steps against the app (DynamoDB Local): a department key posts a record, reads
// it back and voids it; a wrong key fails at the post and says why.
import { describe, expect, it } from 'vitest';
import { runSmoke } from '../../functions/smoke/smoke.js';
import { createHarness } from '../support/app-harness.js';

describe('smoke test (npm run smoke)', () => {
  it('posts a record with a department key, reads it back and voids it', async () => {
    const h = await createHarness();
    const d = await h.department('D-SMOKE', '冒烟局', '370303000000');
    const lines: string[] = [];
    const r = await runSmoke({
      baseUrl: 'https://servicepulse.example.com.cn/',
      key: d.key,
      department: d.code,
      regionCode: '370303001000',
      checkWeb: false,
      fetchFn: async (url, init) => h.app.request(url, init),
      log: (l) => lines.push(l),
    });
    expect(r.steps.map((s) => [s.step, s.ok])).toEqual([
      ['api', true],
      ['post record', true],
      ['read back', true],
      ['void', true],
    ]);
    expect(r.ok).toBe(true);
    const stored = await h.call('GET', `/v1/records/${d.code}/${r.recordId}`, d.key);
    expect(stored.status).toBe(200);
    expect(lines.every((l) => l.startsWith('ok'))).toBe(true);
  });

  it('fails at the post with a key that is not valid, saying what the API answered', async () => {
    const h = await createHarness();
    const r = await runSmoke({
      baseUrl: 'https://x.example',
      key: 'spk_not-a-key',
      department: 'D-NONE',
      regionCode: '370303001000',
      checkWeb: false,
      fetchFn: async (url, init) => h.app.request(url, init),
    });
    expect(r.ok).toBe(false);
    expect(r.steps.at(-1)).toMatchObject({ step: 'post record', ok: false });
    expect(r.steps.at(-1)!.detail).toMatch(/answered 401/);
  });
});
