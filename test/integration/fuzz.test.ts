// Fuzzing the API's inputs (fast-check): events, catalog, figures and admin — whatever a client
// sends, the answer is never a 500, and a refused envelope or a rejected record stores nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheck } from '../../shared/contract/pii.js';
import { ADMIN_TOKEN, createHarness, type Harness } from '../support/app-harness.js';
import { item, rec } from '../support/builders.js';

const NOW = new Date('2024-06-03T02:00:00Z');
let h: Harness;
let d: { code: string; key: string };
let supervisor: string;
let serial = 0;
/** Inputs sent, per family, for the closing count. */
const fuzzed = { events: 0, catalog: 0, figures: 0, admin: 0 };

const ID17 = '37030319900101123';
const RESIDENT_ID = `${ID17}${residentIdCheck(ID17)}`;

/** Values that break parsers: wrong types, extremes, odd text and dates. */
const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    '',
    ' ',
    '__proto__',
    'constructor',
    '0',
    '-1',
    '1e309',
    'NaN',
    '9'.repeat(40),
    RESIDENT_ID,
    `张三${RESIDENT_ID}`,
    '+8613812345678',
    '１３８１２３４５６７８',
    '2024-03-01T09:30:00+14:01',
    '2024-03-01T09:30:00-23:59',
    '0000-01-01T00:00:00Z',
    '1900-01-01T00:00:00+08:00',
    '9999-12-31T23:59:59Z',
    '2024-02-30T09:00:00+08:00',
    '2024-03-01',
    '9999-01-01',
    '370305100000',
    '370399999999',
    '110101000000',
    'x'.repeat(3000),
  ),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string(), { maxKeys: 3 }),
);

const RECORD_BUILDERS = [
  () => rec.accepted(`f-${serial}`, `C-${serial}`),
  () => rec.completed(`f-${serial}`, `C-${serial}`),
  () => rec.suspended(`f-${serial}`, `C-${serial}`),
  () => rec.extended(`f-${serial}`, `C-${serial}`),
  () => rec.notAccepted(`f-${serial}`, `C-${serial}`),
  () => rec.complaint(`f-${serial}`, `CP-${serial}`),
  () => rec.evaluation(`f-${serial}`, `E-${serial}`),
  () => rec.void(`f-${serial}`, `f-${serial - 1}`),
  () => rec.resolved(`f-${serial}`, `CP-${serial}`),
];

/** A valid record with one to three fields replaced (or removed, or added) by nasty values. */
const mutatedRecord = fc
  .tuple(
    fc.nat(RECORD_BUILDERS.length - 1),
    fc.array(
      fc.tuple(
        fc.constantFrom(
          'id',
          'type',
          'at',
          'caseId',
          'complaintId',
          'evaluationId',
          'itemCode',
          'regionCode',
          'channel',
          'materials',
          'applicant',
          'days',
          'summary',
          'reason',
          'target',
          'score',
          'extra',
          'outcome',
        ),
        fc.option(nasty),
      ),
      { minLength: 1, maxLength: 3 },
    ),
  )
  .map(([b, changes]) => {
    serial++;
    const r: Record<string, unknown> = { ...RECORD_BUILDERS[b]!(), id: `f-${serial}` };
    for (const [k, v] of changes)
      if (v === null) delete r[k];
      else r[k] = v;
    return r;
  });

async function storedIds(ids: unknown[]): Promise<string[]> {
  const out: string[] = [];
  for (const id of ids) {
    if (typeof id !== 'string' || !/^f-\d+$/.test(id)) continue;
    if ((await h.call('GET', `/v1/records/${d.code}/${id}`, ADMIN_TOKEN)).status === 200) out.push(id);
  }
  return out;
}

beforeAll(async () => {
  h = await createHarness({ now: () => NOW });
  d = await h.department('D-FZ');
  await h.call('PUT', '/v1/catalog/items/ITEM-001', d.key, item('D-FZ'));
  await h.call('POST', '/v1/admin/users', ADMIN_TOKEN, {
    username: 'fuzz.sup',
    displayName: 'f',
    role: 'supervisor',
    scope: { kind: 'region', regionCode: '370305100000' },
    password: 'fuzz-password',
  });
  supervisor = (await h.call('POST', '/v1/auth/login', undefined, { username: 'fuzz.sup', password: 'fuzz-password' })).body.token;
}, 60_000);
afterAll(async () => {
  await h.stopStream();
});

const no500 = (r: { status: number; body: unknown }, what: string) =>
  expect(r.status, `${what} → ${JSON.stringify(r.body).slice(0, 400)}`).toBeLessThan(500);

describe('fuzzing', () => {
  it('events: no 500; a refused envelope and every rejected record store nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.array(mutatedRecord, { minLength: 1, maxLength: 4 }).map((records) => ({ records })),
          fc
            .array(mutatedRecord, { minLength: 1, maxLength: 2 })
            .chain((records) => fc.tuple(fc.constant(records), nasty).map(([rs, x]) => ({ records: rs, extra: x }))),
          fc
            .array(mutatedRecord, { minLength: 1, maxLength: 2 })
            .map((records) => ({ records: [...records, ...Array.from({ length: 500 }, () => 1)] })),
          nasty.map((x) => ({ records: x })),
          nasty,
        ),
        async (body) => {
          fuzzed.events++;
          const r = await h.call('POST', '/v1/events', d.key, body);
          no500(r, `POST /v1/events ${JSON.stringify(body).slice(0, 300)}`);
          const records = body && typeof body === 'object' ? (body as { records?: unknown }).records : undefined;
          const ids = Array.isArray(records) ? records.map((x) => (x as { id?: unknown })?.id) : [];
          if (r.status !== 200) {
            expect(await storedIds(ids)).toEqual([]);
            return;
          }
          const results = r.body.results as Array<{ id: string | null; status: string }>;
          expect(results).toHaveLength(ids.length);
          const notStored = results.filter((x) => x.status === 'rejected' || x.status === 'forbidden').map((x) => x.id);
          expect(await storedIds(notStored)).toEqual([]);
        },
      ),
      { numRuns: 250, seed: 12_0001 },
    );
  }, 120_000);

  it('catalog: no 500 for items, envelopes and sheets', async () => {
    const mutatedItem = fc
      .array(
        fc.tuple(
          fc.constantFrom(
            'itemCode',
            'name',
            'departmentCode',
            'kind',
            'statutoryDays',
            'promisedDays',
            'levels',
            'materials',
            'effectiveFrom',
            'extra',
          ),
          fc.option(nasty),
        ),
        { minLength: 1, maxLength: 3 },
      )
      .map((changes) => {
        const it = { ...item('D-FZ', { itemCode: `FI-${serial++}` }) } as Record<string, unknown>;
        for (const [k, v] of changes)
          if (v === null) delete it[k];
          else it[k] = v;
        return it;
      });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          mutatedItem.map((it) => ['PUT', `/v1/catalog/items/${encodeURIComponent(String(it.itemCode ?? 'X'))}`, it] as const),
          fc.array(mutatedItem, { maxLength: 3 }).map((items) => ['POST', '/v1/catalog/items', { items }] as const),
          nasty.map((x) => ['POST', '/v1/catalog/items', { items: x }] as const),
          fc
            .string({ maxLength: 400 })
            .map(
              (csv) =>
                [
                  'CSV',
                  '/v1/catalog/import',
                  `itemCode,name,departmentCode,kind,statutoryDays,promisedDays,levels,effectiveFrom\n${csv}`,
                ] as const,
            ),
          fc.string({ unit: 'binary', maxLength: 200 }).map((csv) => ['CSV', '/v1/catalog/import', csv] as const),
        ),
        async ([method, path, body]) => {
          fuzzed.catalog++;
          const r =
            method === 'CSV'
              ? await h.call('POST', `${path}?dryRun=true`, d.key, body, { 'content-type': 'text/csv' })
              : await h.call(method, path, d.key, body);
          no500(r, `${method} ${path} ${JSON.stringify(body).slice(0, 300)}`);
        },
      ),
      { numRuns: 200, seed: 12_0002 },
    );
  }, 120_000);

  it('figures: no 500 for any query, for an administrator and a township user', async () => {
    const param = (k: string, values: string[]) =>
      fc.option(
        fc
          .oneof(
            fc.constantFrom(...values),
            fc.string({ maxLength: 12 }),
            nasty.map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined'))),
          )
          .map((v) => [k, v] as const),
      );
    const query = fc.tuple(
      fc.constantFrom(
        '/v1/figures',
        '/v1/figures/series',
        '/v1/figures/breakdown',
        '/v1/figures/paper-materials',
        '/v1/warnings',
        '/v1/feeds',
        '/v1/reports',
        `/v1/cases/${d.code}/C-1`,
      ),
      param('from', ['2024-01-01', '2019-01-01', '9999-01-01', '2018-12-31']),
      param('to', ['2024-03-31', '2026-12-31', '9999-12-31']),
      param('region', ['370305100000', '370305102000', '370300000000', '370303000000', '370305100201']),
      param('department', ['D-FZ', 'D-X']),
      param('metric', ['accepted', 'onTimeRate', 'complaintsReceived']),
      param('by', ['region', 'department', 'item', 'channel', 'level']),
      param('level', ['red', 'yellow', 'city', 'town']),
      param('cursor', ['e30', 'W10', 'bnVsbA', 'eyJnc2kxcGsiOiJPUEVOIn0']),
      param('compare', ['previous', 'year']),
      param('interval', ['day', 'week', 'month']),
      param('limit', ['0', '1', '500', '-1', '1e9']),
      param('month', ['2024-03', '2026-13']),
      param('scope', ['city', 'county:370305']),
      fc.boolean(),
    );
    await fc.assert(
      fc.asyncProperty(query, async ([path, ...rest]) => {
        fuzzed.figures++;
        const asAdmin = rest.pop() as boolean;
        const qs = new URLSearchParams(
          (rest as Array<readonly [string, string] | null>)
            .filter((x): x is readonly [string, string] => x !== null)
            .map(([k, v]) => [k, v]),
        );
        const r = await h.call('GET', `${path}?${qs}`, asAdmin ? ADMIN_TOKEN : supervisor);
        no500(r, `GET ${path}?${qs}`);
      }),
      { numRuns: 400, seed: 12_0003 },
    );
  }, 180_000);

  it('admin: no 500 for any body', async () => {
    const body = fc.oneof(
      nasty,
      fc.dictionary(
        fc.constantFrom(
          'code',
          'name',
          'regionCode',
          'username',
          'displayName',
          'role',
          'scope',
          'password',
          'disabled',
          'holidays',
          'workdays',
          'complaints',
          'rectifyDays',
          'month',
          'targets',
          'label',
          'overlapHours',
          'parent',
        ),
        nasty,
        { maxKeys: 5 },
      ),
    );
    const route = fc.constantFrom(
      ['POST', '/v1/admin/departments'],
      ['PUT', '/v1/admin/departments/D-FZ'],
      ['POST', '/v1/admin/users'],
      ['PATCH', '/v1/admin/users/fuzz.sup'],
      ['POST', '/v1/admin/departments/D-FZ/keys'],
      ['PUT', '/v1/admin/calendar/2030'],
      ['PUT', '/v1/admin/deadlines'],
      ['PUT', '/v1/admin/report-settings'],
      ['POST', '/v1/admin/regions'],
      ['POST', '/v1/reports'],
      ['POST', '/v1/auth/login'],
      ['PATCH', '/v1/admin/users/%E5%BC%A0'],
    );
    await fc.assert(
      fc.asyncProperty(route, body, async ([method, path], b) => {
        fuzzed.admin++;
        // Never change the fuzzing user's password or scope into something that stops the figures run: a copy is patched.
        const r = await h.call(method!, path!.replace('fuzz.sup', 'fuzz.other'), ADMIN_TOKEN, b);
        no500(r, `${method} ${path} ${JSON.stringify(b).slice(0, 300)}`);
      }),
      { numRuns: 300, seed: 12_0004 },
    );
    // The closing count of inputs fuzzed (reported in the note).
    expect(fuzzed.events + fuzzed.catalog + fuzzed.figures + fuzzed.admin).toBeGreaterThanOrEqual(1_100);
  }, 120_000);
});
