// No 500 for a client's mistake: every wrong input answers a 4xx that names the field, before
// anything is stored — offsets, dates outside the calendar, personal data in ids and codes,
// periods, cursors, a case dated a little ahead on an immediate item, and oversized imports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheck } from '../../shared/contract/pii.js';
import { ADMIN_TOKEN, createHarness, type Harness } from '../support/app-harness.js';
import { item, rec } from '../support/builders.js';

const NOW = new Date('2024-03-04T02:00:00Z'); // Monday 10:00 in Shanghai
const ID17 = '37030319900101123';
const RESIDENT_ID = `${ID17}${residentIdCheck(ID17)}`;
let h: Harness;
let d: { code: string; key: string };

const post = (records: unknown[]) => h.call('POST', '/v1/events', d.key, { records });
const stored = async (id: string) => (await h.call('GET', `/v1/records/${d.code}/${encodeURIComponent(id)}`, ADMIN_TOKEN)).status;

beforeAll(async () => {
  h = await createHarness({ now: () => NOW, aggregate: true });
  d = await h.department('D-M');
  expect((await h.call('PUT', '/v1/catalog/items/ITEM-001', d.key, item('D-M'))).status).toBe(200);
  expect(
    (await h.call('PUT', '/v1/catalog/items/NOW-1', d.key, item('D-M', { itemCode: 'NOW-1', promisedDays: 0, statutoryDays: 0 }))).status,
  ).toBe(200);
  expect(
    (
      await h.call(
        'PUT',
        '/v1/catalog/items/EVIL',
        d.key,
        item('D-M', { itemCode: 'EVIL', name: '=HYPERLINK("http://example.invalid","点击") 电话13812345678', promisedDays: 1 }),
      )
    ).status,
  ).toBe(200);
  // Far overdue at the end of February: listed with its item name in the February report.
  expect(
    (await post([rec.accepted('evil-1', 'C-EVIL', { itemCode: 'EVIL', at: '2024-01-03T09:00:00+08:00', materials: [] })])).body.results[0]
      .status,
  ).toBe('accepted');
}, 60_000);

afterAll(async () => {
  await h.stopStream();
});

describe('records', () => {
  it('refuses an offset beyond ±14:00 with its path, and stores the rest of the batch', async () => {
    const r = await post([
      rec.accepted('ok-1', 'C-OK1'),
      { ...rec.accepted('off-1', 'C-OFF1'), at: '2024-03-01T09:30:00+14:01' },
      { ...rec.accepted('off-2', 'C-OFF2'), at: '2024-03-01T09:30:00-23:59' },
      rec.accepted('ok-2', 'C-OK2'),
    ]);
    expect(r.status).toBe(200);
    expect(r.body.results.map((x: any) => x.status)).toEqual(['accepted', 'rejected', 'rejected', 'accepted']);
    expect(r.body.results[1].errors).toEqual([expect.objectContaining({ path: 'at', code: 'offset_range' })]);
    expect(await stored('off-1')).toBe(404);
    const edge = await post([{ ...rec.accepted('off-3', 'C-OFF3'), at: '2024-03-01T09:30:00+14:00' }]);
    expect(edge.body.results[0].status).toBe('accepted');
  });

  it.each(['0000-01-01T00:00:00Z', '0001-06-01T08:00:00+08:00', '1900-01-01T00:00:00+08:00', '2018-12-31T23:59:59+08:00'])(
    'refuses a record dated %s (before the calendar)',
    async (at) => {
      const r = await post([{ ...rec.accepted(`old-${at.slice(0, 4)}`, `C-OLD-${at.slice(0, 4)}`), at }]);
      expect(r.body.results[0]).toMatchObject({ status: 'rejected', errors: [expect.objectContaining({ path: 'at' })] });
    },
  );

  it('accepts 2019-01-01 00:00 in Shanghai and refuses more than 5 minutes ahead', async () => {
    const r = await post([
      { ...rec.accepted('first-day', 'C-FIRST'), at: '2019-01-01T00:00:00+08:00', itemCode: 'OLD-ITEM', materials: [] },
      { ...rec.accepted('ahead', 'C-AHEAD'), at: new Date(NOW.getTime() + 6 * 60_000).toISOString() },
    ]);
    expect(r.body.results.map((x: any) => x.status)).toEqual(['accepted', 'rejected']);
    expect(r.body.results[1].errors[0]).toMatchObject({ path: 'at', code: 'in_future' });
  });

  it('refuses ids and codes that hold a resident ID or a mobile number, with their path; keeps a 20-digit case number', async () => {
    const r = await post([
      rec.accepted(RESIDENT_ID, 'C-PII1'),
      rec.accepted('pii-2', `X${RESIDENT_ID}`),
      rec.accepted('pii-3', 'C-PII3', { itemCode: 'NOT-IN-CATALOG', materials: [{ code: `ZS${RESIDENT_ID}`, via: 'paper' }] }),
      rec.complaint('pii-4', '+8613812345678'.replace('+', '')),
      rec.complaint('pii-5', 'CP-138-1234-5678'),
      rec.evaluation('pii-6', 'E-0086-13812345678'),
      rec.void('pii-7', '13812345678'),
      rec.accepted('case-20', '37030320240301000123'),
    ]);
    const res = r.body.results;
    expect(res.map((x: any) => x.status)).toEqual([
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'accepted',
    ]);
    expect(res.map((x: any) => x.errors?.[0]?.path)).toEqual([
      'id',
      'caseId',
      'materials[0].code',
      'complaintId',
      'complaintId',
      'evaluationId',
      'target',
      undefined,
    ]);
    for (const x of res.slice(0, 7)) expect(x.errors[0].code).toBe('personal_data');
    expect(res[0].id).toBe(RESIDENT_ID); // the answer echoes what was sent; nothing is stored
    const list = await h.call('GET', `/v1/cases/${d.code}/C-PII1`, ADMIN_TOKEN);
    expect(list.status).toBe(404);
  });

  it('masks personal data in every free-text field before storing', async () => {
    const r = await post([
      rec.complaint('txt-1', 'CP-TXT1', { summary: `身份证 ID${RESIDENT_ID}，电话 +86 138 1234 5678` }),
      rec.notAccepted('txt-2', 'C-TXT2', { reason: `申请人 1３8１2３4５6７8 材料不齐` }),
      rec.evaluation('txt-3', 'E-TXT3', { comment: `回电138-1234-5678` }),
      rec.void('txt-4', 'txt-3', {
        at: '2024-03-02T10:00:00+08:00',
        reason: `录错 ${RESIDENT_ID.slice(0, 9)}\u200B${RESIDENT_ID.slice(9)}`,
      }),
    ]);
    expect(
      r.body.results.map((x: any) => x.status),
      JSON.stringify(r.body),
    ).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    const texts = await Promise.all(
      [
        ['txt-1', 'summary'],
        ['txt-2', 'reason'],
        ['txt-3', 'comment'],
        ['txt-4', 'reason'],
      ].map(async ([id, f]) => (await h.call('GET', `/v1/records/${d.code}/${id}`, ADMIN_TOKEN)).body[f!] as string),
    );
    for (const t of texts) {
      expect(t.replace(/\D/g, '')).not.toContain('19900101');
      expect(t.replace(/\D/g, '')).not.toMatch(/1381234/);
    }
  });
});

describe('reads', () => {
  it.each([
    ['/v1/figures?from=9999-01-01&to=9999-12-31', 'from'],
    ['/v1/figures?from=2024-01-01&to=9999-12-31', 'to'],
    ['/v1/figures?from=1900-01-01&to=2024-01-01', 'from'],
    ['/v1/figures/series?metric=accepted&from=9999-01-01&to=9999-01-02', 'from'],
    ['/v1/figures/breakdown?metric=accepted&by=department&from=9999-01-01&to=9999-01-02', 'from'],
    ['/v1/figures/paper-materials?from=9999-01-01&to=9999-01-02', 'from'],
    ['/v1/warnings?level=red&cursor=e30', 'cursor'],
    ['/v1/warnings?level=red&cursor=bm90IGpzb24', 'cursor'],
    [
      `/v1/warnings?level=yellow&cursor=${Buffer.from(JSON.stringify({ gsi1pk: 'OPEN', gsi1sk: 'x', pk: 1, sk: 'y' })).toString('base64url')}`,
      'cursor',
    ],
    [
      `/v1/warnings?level=red&cursor=${Buffer.from(JSON.stringify({ gsi1pk: 'OTHER', gsi1sk: '2024', pk: 'p', sk: 's' })).toString('base64url')}`,
      'cursor',
    ],
    [
      `/v1/warnings?level=red&cursor=${Buffer.from(JSON.stringify({ gsi1pk: 'OPEN', gsi1sk: '9999-12-31', pk: 'p', sk: 's' })).toString('base64url')}`,
      'cursor',
    ],
    ['/v1/warnings?level=red&cursor=W10', 'cursor'],
  ])('GET %s answers 400 naming %s', async (path, field) => {
    const r = await h.call('GET', path, ADMIN_TOKEN);
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.error.details.map((x: any) => x.path)).toContain(field);
  });

  it('a case on an immediate item dated a few minutes ahead is on the warnings list, its page and a report, without a 500', async () => {
    const at = new Date(NOW.getTime() + 3 * 60_000).toISOString();
    const r = await post([rec.accepted('soon-1', 'C-SOON', { itemCode: 'NOW-1', at, materials: [] })]);
    expect(r.body.results[0].status).toBe('accepted');
    await h.settle();
    const yellow = await h.call('GET', '/v1/warnings?level=yellow', ADMIN_TOKEN);
    expect(yellow.status).toBe(200);
    expect(yellow.body.cases.map((c: any) => c.caseId)).toContain('C-SOON');
    expect((await h.call('GET', '/v1/warnings?level=red', ADMIN_TOKEN)).status).toBe(200);
    const page = await h.call('GET', `/v1/cases/${d.code}/C-SOON`, ADMIN_TOKEN);
    expect(page.status).toBe(200);
    expect(page.body.clock.status).toBe('open');
    expect((await h.call('POST', '/v1/reports', ADMIN_TOKEN, { month: '2024-02', scope: 'city' })).status).toBe(201);
  });

  it('the report CSV makes a formula-like item name inert, and the catalog stored the name masked', async () => {
    const csv = await h.app.request('/v1/reports/2024-02~city.csv', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text).toContain(`"'=HYPERLINK(`);
    for (const line of text.split('\r\n')) for (const cell of line.split(',')) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+@]/);
    expect(text).toContain('138****5678');
  });
});

describe('catalog import bounds', () => {
  it('answers a 10 MB CSV of ~1.1 million header columns with a 400, storing nothing', async () => {
    const header = 'a,'.repeat(1_100_000) + 'b\n';
    const body = header + 'x,'.repeat(Math.max(0, Math.floor((10 * 1024 * 1024 - header.length - 10) / 2))) + '\n';
    const r = await h.call('POST', '/v1/catalog/import', d.key, body, { 'content-type': 'text/csv' });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0]).toMatchObject({ path: 'file', code: 'sheet_too_large' });
  });

  it('refuses too many rows and too long cells, and caps the errors it lists', async () => {
    const head = 'itemCode,name,departmentCode,kind,statutoryDays,promisedDays,levels,effectiveFrom\n';
    const many = await h.call('POST', '/v1/catalog/import', d.key, head + 'x\n'.repeat(20_001), { 'content-type': 'text/csv' });
    expect(many.status).toBe(400);
    expect(many.body.error.details[0].code).toBe('sheet_too_large');
    const long = await h.call(
      'POST',
      '/v1/catalog/import',
      d.key,
      `${head}I-1,${'长'.repeat(2001)},D-M,administrative_license,1,1,city,2024-01-01\n`,
      { 'content-type': 'text/csv' },
    );
    expect(long.status).toBe(400);
    expect(long.body.error.details[0].code).toBe('cell_too_long');
    const wideRow = await h.call('POST', '/v1/catalog/import', d.key, `${head}${'x,'.repeat(100)}x\n`, { 'content-type': 'text/csv' });
    expect(wideRow.status).toBe(400);
    expect(wideRow.body.error.details[0].code).toBe('sheet_too_large');
    const badHeader = Array.from({ length: 60 }, (_, i) => `bad${i}`).join(',') + '\n';
    const capped = await h.call('POST', '/v1/catalog/import', d.key, badHeader + 'x\n', { 'content-type': 'text/csv' });
    expect(capped.status).toBe(400);
    expect(capped.body.error.details.length).toBeLessThanOrEqual(200);
  });
});
