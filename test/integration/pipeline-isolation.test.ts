// Nothing one entity holds stops the counting of the others (issue: figures that never stop and
// never drift). Random record sequences per case — duplicates, reordering, voids of any record,
// contradictory timelines, suspensions without resumption and resumptions without suspension,
// unknown items, cases whose delta needs more rows than one transaction holds — are put straight
// into the store (as records that reached it in any order, or before the arrival checks existed)
// and counted in random chunks. Then:
//   - the aggregator never throws;
//   - every rollup row equals the sum of every entity's contribution computed from scratch, and
//     the figures API equals the brute-force recomputation;
//   - every case the clock cannot judge is listed, per department, with its reason and records;
//   - voiding the contradicting record makes it judgeable and counted;
//   - a rules change (a test-only rules version) followed by the recompute job — killed halfway
//     once — leaves every row equal to a fresh count under the new rules, no counter negative.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { defaultCalendar, shanghaiDate } from '../../shared/calendar/index.js';
import { assess, type Assessment, type EntityKind, type EntityRecord, type ItemVersionLite } from '../../shared/figures/contribution.js';
import { mergeInto, type Contribution } from '../../shared/figures/rollup-key.js';
import { C } from '../../shared/figures/counters.js';
import { createAggregator } from '../../functions/aggregator/aggregate.js';
import { createRecomputeJob } from '../../functions/aggregator/recompute-job.js';
import { versionOn } from '../../functions/services/catalog-service.js';
import { keys } from '../../functions/store/keys.js';
import type { StoredRecord } from '../../functions/store/records-store.js';
import { ADMIN_TOKEN, createHarness, ownDynamoLocal, type Harness } from '../support/app-harness.js';
import { bruteFigures, type Item, type Rec } from '../support/brute-force.js';
import type { DynamoLocal } from '../../functions/local/dynamo-local.js';
import { seededRng as rng } from '../support/seeded-rng.js';
import { isWatermark } from '../../functions/store/outbox-store.js';

const TODAY = '2024-06-01';
const NOW = new Date(`${TODAY}T04:00:00Z`);
const REGIONS = ['370303000000', '370303001000', '370305102201', '370305001000'];

const MANY = Array.from({ length: 20 }, (_, i) => ({
  code: `B${String(i).padStart(2, '0')}`,
  kind: i % 3 === 0 ? 'certificate' : i % 3 === 1 ? 'proof' : 'form',
}));
const ITEMS: Item[] = [
  {
    itemCode: 'I1',
    departmentCode: 'D1',
    promisedDays: 5,
    effectiveFrom: '2024-01-01',
    materials: [
      { code: 'M1', kind: 'certificate' },
      { code: 'M2', kind: 'form' },
    ],
  },
  { itemCode: 'I2', departmentCode: 'D1', promisedDays: 0, effectiveFrom: '2024-01-01', materials: [{ code: 'M1', kind: 'proof' }] },
  { itemCode: 'BIG', departmentCode: 'D2', promisedDays: 3, effectiveFrom: '2024-01-01', materials: MANY },
];

const iso = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().replace('Z', '+08:00').replace('.000', '');
type Raw = { dept: string; id: string; type: string; at: string; caseId: string; [k: string]: unknown };

/** One case's records, with a fault now and then; `fault` says which, for the oracle's sake. */
function caseRecords(r: ReturnType<typeof rng>, dept: string, caseId: string): Raw[] {
  const recs: Raw[] = [];
  let t = Date.parse('2024-02-01T00:00:00+08:00') + r.int(0, 100) * 86_400_000 + r.int(8 * 60, 18 * 60) * 60_000;
  const add = (type: string, extra: Record<string, unknown> = {}, at = t) => {
    recs.push({ dept, id: `${caseId}:${recs.length}`, type, at: iso(at), caseId, ...extra });
  };
  const big = dept === 'D2';
  const itemCode = big ? (r.chance(0.7) ? 'BIG' : 'UNKNOWN') : r.pick(['I1', 'I1', 'I2', 'I9']);
  const mats = big
    ? MANY.map((m, i) => ({ code: m.code, via: i < 12 ? 'paper' : r.pick(['upload', 'e_license', 'data_sharing']) }))
    : itemCode === 'I9'
      ? [{ code: 'X', via: 'paper' }]
      : ITEMS.find((i) => i.itemCode === itemCode)!.materials.map((m) => ({ code: m.code, via: r.pick(['paper', 'upload', 'e_license']) }));
  const acceptedAt = t;
  add('case.accepted', {
    itemCode,
    regionCode: r.pick(REGIONS),
    channel: r.pick(['window', 'online']),
    assisted: r.pick(['none', 'proxy']),
    greenChannel: false,
    applicant: r.chance(0.3) ? { type: 'enterprise', ageBand: '70_79' } : { type: 'person', ageBand: r.pick(['under_60', '70_79']) },
    materials: mats,
  });
  const fault = r.next();
  if (fault < 0.08)
    add('case.completed', { outcome: 'approved' }, acceptedAt - r.int(1, 72) * 3600_000); // completion before acceptance
  else if (fault < 0.16)
    add('case.suspended', { reason: 'supplement' }, acceptedAt - r.int(1, 48) * 3600_000); // suspension before acceptance
  else if (fault < 0.24) {
    t += r.int(1, 96) * 3600_000;
    add('case.resumed');
  } // resumption without suspension
  if (r.chance(0.3)) {
    t += r.int(1, 72) * 3600_000;
    add('case.suspended', { reason: 'hearing' });
    if (r.chance(0.7)) {
      t += r.int(1, 120) * 3600_000;
      add('case.resumed');
    }
  }
  if (r.chance(0.15)) {
    t += r.int(1, 24) * 3600_000;
    add('case.extended', { days: r.int(1, 4) });
  }
  t += r.int(0, 25 * 24) * 3600_000;
  if (t < Date.parse('2024-05-31T00:00:00+08:00') && r.chance(0.75))
    add(r.chance(0.9) ? 'case.completed' : 'case.withdrawn', { outcome: 'approved', visits: r.int(0, 2) });
  for (const x of recs) {
    if (x.type !== 'case.withdrawn') continue;
    delete x.outcome;
    delete x.visits;
  }
  return recs;
}

function stored(raw: Raw, receivedAt: string): StoredRecord {
  const { dept, id, type, at, ...body } = raw;
  const atMs = Date.parse(at);
  return {
    dept,
    id,
    type,
    at,
    atMs,
    day: shanghaiDate(atMs),
    body,
    hash: `${id}`,
    receivedAt,
    entity: { kind: 'case', id: raw.caseId },
  } as StoredRecord;
}

let h: Harness;
let ddb: DynamoLocal;
const keysOf: Record<string, string> = {};
const all: Raw[] = [];

async function scan(prefixes: string[]) {
  const out: Array<Record<string, any>> = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const r = await h.db.doc.send(new ScanCommand({ TableName: h.db.tableName, ExclusiveStartKey }));
    for (const it of r.Items ?? []) if (prefixes.some((p) => String(it.pk).startsWith(p))) out.push(it);
    ExclusiveStartKey = r.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out;
}

async function storedRecords(): Promise<StoredRecord[]> {
  return (await scan(['REC#'])).map((it) => {
    const { pk: _a, sk: _b, gsi1pk: _c, gsi1sk: _d, ...rest } = it;
    return rest as StoredRecord;
  });
}

function lite(i: Item | undefined): ItemVersionLite | undefined {
  return i
    ? {
        itemCode: i.itemCode,
        effectiveFrom: i.effectiveFrom,
        promisedDays: i.promisedDays,
        materials: i.materials.map((m) => ({ ...m, exemption: 'none' })),
      }
    : undefined;
}

/** Every entity's assessment from scratch (the oracle of the rollups), under the given rules. */
function oracle(records: StoredRecord[], rules: typeof assess = assess) {
  const byEntity = new Map<string, { dept: string; kind: EntityKind; recs: EntityRecord[] }>();
  for (const r of records) {
    if (!r.entity) continue;
    const k = `${r.dept}/${r.entity.kind}/${r.entity.id}`;
    if (!byEntity.has(k)) byEntity.set(k, { dept: r.dept, kind: r.entity.kind as EntityKind, recs: [] });
    byEntity.get(k)!.recs.push({ id: r.id, type: r.type, at: r.at, atMs: r.atMs, body: r.body, ...(r.voidedBy ? { voided: true } : {}) });
  }
  const rows: Contribution = new Map();
  const problems = new Map<string, Assessment['problem']>();
  for (const [k, e] of byEntity) {
    const itemOn = (dept: string, code: string, day: string) =>
      lite(
        versionOn(
          ITEMS.filter((i) => i.itemCode === code && i.departmentCode === dept),
          day,
        ),
      );
    const a = rules(e.kind, e.dept, e.recs, { calendar: defaultCalendar, itemOn });
    mergeInto(rows, a.contribution);
    if (a.problem) problems.set(k, a.problem);
  }
  const expected = new Map<string, Record<string, number>>();
  for (const [key, counters] of rows) {
    const nz = Object.fromEntries(Object.entries(counters).filter(([, v]) => v !== 0));
    if (Object.keys(nz).length) {
      const rk = keys.rollup(key);
      expected.set(`${rk.pk} ${rk.sk}`, nz);
    }
  }
  return { expected, problems };
}

async function actualRows() {
  const out = new Map<string, Record<string, number>>();
  let negative = 0;
  for (const it of await scan(['R#', 'P#'])) {
    const { pk, sk, ...counters } = it;
    const nz = Object.fromEntries(Object.entries(counters as Record<string, number>).filter(([k, v]) => v !== 0 && !isWatermark(k)));
    negative += Object.entries(nz).filter(([k, v]) => v < 0 && k !== C.overdueDelta).length;
    if (Object.keys(nz).length) out.set(`${pk} ${sk}`, nz);
  }
  return { rows: out, negative };
}

async function deliver(records: StoredRecord[], seed: number, aggregator = h.aggregator) {
  const r = rng(seed);
  const queue = [...records, ...records.filter(() => r.chance(0.2))];
  for (let i = queue.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [queue[i], queue[j]] = [queue[j]!, queue[i]!];
  }
  while (queue.length) await aggregator.processRecords(queue.splice(0, r.int(1, 40)));
}

async function listed(dept: string) {
  const res = await h.call('GET', `/v1/pipeline/quality/${dept}?limit=500`, ADMIN_TOKEN);
  expect(res.status).toBe(200);
  return new Map((res.body.problems as Array<{ id: string; reason: string; recordIds: string[] }>).map((p) => [p.id, p]));
}

function briefs(records: StoredRecord[]): Rec[] {
  return records.map((r) => ({ dept: r.dept, id: r.id, type: r.type, at: r.at, ...(r.voidedBy ? { voided: true } : {}), ...r.body }));
}

async function figuresMatchBruteForce() {
  const records = briefs(await storedRecords());
  const mismatches: string[] = [];
  for (const [from, to] of [
    ['2024-02-01', '2024-05-31'],
    ['2024-03-01', '2024-03-31'],
  ] as const) {
    for (const f of [{}, { department: 'D1' }, { department: 'D2' }] as Array<Record<string, string>>) {
      const got = (await h.call('GET', `/v1/figures?${new URLSearchParams({ from, to, ...f })}`, ADMIN_TOKEN)).body;
      const want = bruteFigures(records, ITEMS, defaultCalendar, from, to, TODAY, f);
      for (const k of ['accepted', 'completed', 'onTime', 'onTimeRate', 'overdueOpen', 'cannotJudge', 'elderlyShare'] as const) {
        if (got.cases[k] !== want.cases[k])
          mismatches.push(`${from}..${to} ${JSON.stringify(f)} cases.${k}: got ${got.cases[k]}, want ${want.cases[k]}`);
      }
      for (const k of ['required', 'paper'] as const)
        if (got.materials[k] !== want.materials[k]) mismatches.push(`materials.${k}: got ${got.materials[k]}, want ${want.materials[k]}`);
    }
  }
  return mismatches;
}

beforeAll(async () => {
  ddb = await ownDynamoLocal();
  h = await createHarness({ now: () => NOW, endpoint: ddb.endpoint });
  for (const d of ['D1', 'D2']) keysOf[d] = (await h.department(d)).key;
  for (const it of ITEMS) {
    const body = {
      itemCode: it.itemCode,
      name: `事项${it.itemCode}`,
      departmentCode: it.departmentCode,
      kind: 'public_service',
      statutoryDays: 20,
      promisedDays: it.promisedDays,
      levels: ['city', 'county', 'street'],
      materials: it.materials.map((m) => ({ ...m, name: `材料${m.code}`, exemption: 'none' })),
      effectiveFrom: it.effectiveFrom,
    };
    expect((await h.call('PUT', `/v1/catalog/items/${it.itemCode}`, keysOf[it.departmentCode], body)).status).toBe(200);
  }
  const r = rng(7);
  for (let i = 0; i < 90; i++) all.push(...caseRecords(r, 'D1', `a${i}`));
  for (let i = 0; i < 14; i++) all.push(...caseRecords(r, 'D2', `b${i}`));
  // 900 records sent on one case id by a looping integration: the arrival cap keeps all but 200 out.
  const loop = Array.from({ length: 900 }, (_, i) => ({
    id: `loop-${i}`,
    type: 'case.suspended',
    at: iso(Date.parse('2024-03-01T09:00:00+08:00') + i * 60_000),
    caseId: 'LOOP',
    reason: 'other',
  }));
  const answers = [];
  for (let i = 0; i < loop.length; i += 300)
    answers.push(...(await h.call('POST', '/v1/events', keysOf.D1, { records: loop.slice(i, i + 300) })).body.results);
  expect(answers.filter((a: any) => a.status === 'accepted')).toHaveLength(200);
  expect(
    answers.filter((a: any) => a.status === 'rejected' && a.errors[0].code === 'too_many_records' && a.errors[0].path === 'caseId'),
  ).toHaveLength(700);
  const receivedAt = new Date().toISOString();
  await h.services.stores.records.putMany(all.map((x) => stored(x, receivedAt)));
  // Voids of random records (a correction, or a mistake): through the API, as departments send them.
  const voids = all
    .filter(() => r.chance(0.06))
    .map((x, i) => ({
      dept: x.dept,
      rec: { id: `void-${i}`, type: 'void', at: iso(Date.parse('2024-05-31T10:00:00+08:00')), target: x.id, reason: '录入错误' },
    }));
  for (const d of ['D1', 'D2']) {
    const res = await h.call('POST', '/v1/events', keysOf[d], { records: voids.filter((v) => v.dept === d).map((v) => v.rec) });
    expect(res.body.results.every((x: any) => x.status === 'accepted')).toBe(true);
  }
}, 300_000);

afterAll(async () => {
  await ddb?.stop();
});

describe('one entity never stops the others', () => {
  it('counts every judgeable case exactly, and lists every other with its reason', async () => {
    const records = await storedRecords();
    await deliver(records, 1); // never throws
    const { expected, problems } = oracle(records);
    const actual = await actualRows();
    expect(actual.negative).toBe(0);
    expect(actual.rows).toEqual(expected);
    expect(await figuresMatchBruteForce()).toEqual([]);

    // The faults really happened, in each kind, and the big cases went the chunked way.
    const codes = [...problems.values()].map((p) => p!.code);
    for (const c of ['ended_before_acceptance', 'event_before_acceptance', 'resumed_without_suspension', 'unknown_item'])
      expect(codes).toContain(c);
    const big = records.filter((x) => x.type === 'case.accepted' && x.body.itemCode === 'BIG' && !x.voidedBy);
    expect(big.length).toBeGreaterThan(3);

    // Every entity that cannot be judged is listed for its department, with its reason and records.
    for (const dept of ['D1', 'D2']) {
      const list = await listed(dept);
      const want = [...problems].filter(([k]) => k.startsWith(`${dept}/`));
      expect(list.size).toBe(want.length);
      for (const [k, p] of want) {
        const id = k.split('/')[2]!;
        expect(list.get(id)?.reason, id).toBe(p!.code);
        expect(list.get(id)?.recordIds).toEqual(p!.recordIds);
      }
    }
    // …and the case page says the same, in words.
    const someProblem = [...problems].find(([k, p]) => k.startsWith('D1/') && p!.code === 'resumed_without_suspension')!;
    const page = await h.call('GET', `/v1/cases/D1/${someProblem[0].split('/')[2]}`, ADMIN_TOKEN);
    expect(page.status).toBe(200);
    expect(page.body.clock.status).toBe('cannot_judge');
  }, 300_000);

  it('counts a case whose delta needs more rows than a transaction holds, whole, also after a crash between its chunks', async () => {
    // Overdue, then suspended and resumed again and again (each stretch starts and ends on its own
    // days), 12 of 20 materials on paper, completed late: more rollup rows than a transaction holds.
    const pauses = [
      '2024-03-12',
      '2024-03-14',
      '2024-03-19',
      '2024-03-21',
      '2024-03-26',
      '2024-03-28',
      '2024-04-02',
      '2024-04-09',
      '2024-04-11',
      '2024-04-16',
      '2024-05-07',
      '2024-05-09',
      '2024-05-14',
      '2024-05-16',
    ];
    const big = (id: string, completedAt: string) => {
      const recs: Raw[] = [
        {
          dept: 'D2',
          id: `${id}:0`,
          type: 'case.accepted',
          at: '2024-03-04T09:00:00+08:00',
          caseId: id,
          itemCode: 'BIG',
          regionCode: '370305102201',
          channel: 'window',
          assisted: 'none',
          greenChannel: false,
          applicant: { type: 'person' },
          materials: MANY.map((m, i) => ({ code: m.code, via: i < 12 ? 'paper' : 'upload' })),
        },
        ...pauses.map((d, i) => ({
          dept: 'D2',
          id: `${id}:p${i}`,
          type: i % 2 ? 'case.resumed' : 'case.suspended',
          at: `${d}T09:00:00+08:00`,
          caseId: id,
          ...(i % 2 ? {} : { reason: 'hearing' }),
        })),
        { dept: 'D2', id: `${id}:1`, type: 'case.completed', at: completedAt, caseId: id, outcome: 'approved' },
      ];
      return recs.map((x) => stored(x, new Date().toISOString()));
    };
    const rowsOf = (recs: StoredRecord[]) => [...oracle(recs).expected.keys()].length;
    const one = big('BIG-1', '2024-05-27T09:00:00+08:00');
    expect(rowsOf(one)).toBeGreaterThan(99);
    await h.services.stores.records.putMany(one);
    await h.aggregator.processRecords(one); // once, no duplicate to finish it later
    expect((await actualRows()).rows).toEqual(oracle(await storedRecords()).expected);

    // The same, killed by the merger after its first chunk (state + outbox, claim, chunk 1, crash):
    // part of its rows are in; the job (or the next batch on its outbox partition) finishes it.
    const two = big('BIG-2', '2024-05-29T09:00:00+08:00');
    expect(rowsOf(two)).toBeGreaterThan(99);
    await h.services.stores.records.putMany(two);
    let tx = 0;
    const dying = createAggregator(h.services.stores, h.services.calendars, {
      beforeTransaction: () => {
        if (++tx === 4) throw new Error('simulated crash between chunks');
      },
    });
    await expect(dying.processRecords(two)).rejects.toThrow(/simulated crash/);
    expect((await actualRows()).rows).not.toEqual(oracle(await storedRecords()).expected);
    expect(await h.services.stores.outbox.backlog()).toBeGreaterThan(0);
    expect(await h.aggregator.finishAllPending()).toBeGreaterThan(0);
    expect(await h.services.stores.outbox.backlog()).toBe(0);
    expect((await actualRows()).rows).toEqual(oracle(await storedRecords()).expected);
    expect(await h.aggregator.finishAllPending()).toBe(0);
  }, 300_000);

  it('counts a case again once a void corrects it', async () => {
    const before = await storedRecords();
    const { problems } = oracle(before);
    const fixes: Array<{ dept: string; id: string; type: string; at: string; target: string; reason: string }> = [];
    for (const [k, p] of problems) {
      if (p!.code === 'unknown_item') continue;
      const [dept] = k.split('/');
      fixes.push({
        dept: dept!,
        id: `fix-${p!.recordIds[0]}`,
        type: 'void',
        at: iso(Date.parse('2024-05-31T12:00:00+08:00')),
        target: p!.recordIds[0]!,
        reason: '更正',
      });
    }
    expect(fixes.length).toBeGreaterThan(5);
    for (const d of ['D1', 'D2']) {
      const res = await h.call('POST', '/v1/events', keysOf[d], {
        records: fixes.filter((f) => f.dept === d).map(({ dept: _d, ...rec }) => rec),
      });
      expect(res.body.results.every((x: any) => x.status === 'accepted')).toBe(true);
    }
    // What the stream would deliver: the voids and their targets, now voided.
    const after = await storedRecords();
    const changed = after.filter((r) => r.id.startsWith('fix-') || fixes.some((f) => f.target === r.id));
    await deliver(changed, 2);
    const o = oracle(after);
    expect([...o.problems.values()].every((p) => p!.code === 'unknown_item')).toBe(true);
    expect((await actualRows()).rows).toEqual(o.expected);
    expect(await figuresMatchBruteForce()).toEqual([]);
    for (const dept of ['D1', 'D2']) {
      const list = await listed(dept);
      expect([...list.values()].every((p) => p.reason === 'unknown_item')).toBe(true);
    }
    // The stream may hand over a target's insert after its update (another shard, a replayed
    // batch): the older image, not yet voided, changes no state and no row.
    const statesBefore = await scan(['ENT#']);
    await deliver(
      before.filter((r) => fixes.some((f) => f.target === r.id)),
      3,
    );
    expect(await scan(['ENT#'])).toEqual(statesBefore);
    expect((await actualRows()).rows).toEqual(o.expected);
  }, 300_000);

  it('brings every row to a fresh count when the rules change, even with the job killed halfway', async () => {
    // A test-only rules version: "elderly" from 70 instead of 60 (a corrected rule).
    const rules2: typeof assess = (kind, dept, recs, ctx) => {
      const a = assess(kind, dept, recs, ctx);
      if (kind !== 'case') return a;
      const acc = recs.filter((x) => x.type === 'case.accepted' && !x.voided).at(-1);
      const band = acc?.body.applicant as { type: string; ageBand?: string } | undefined;
      if (band?.type === 'person' && band.ageBand === '60_69')
        for (const row of a.contribution.values()) if (row[C.elderly]) delete row[C.elderly];
      for (const row of a.contribution.values()) if (row[C.accepted]) row.rulesTest = 1; // a new counter every case carries
      return a;
    };
    const v2 = { version: 99, assess: rules2 };
    let tx = 0;
    const dying = createAggregator(h.services.stores, h.services.calendars, {
      rules: v2,
      beforeTransaction: () => {
        if (++tx === 25) throw new Error('simulated crash of the recompute job');
      },
    });
    const job1 = createRecomputeJob(h.services.stores, dying);
    expect(await job1.ensureRulesCurrent()).toBe(true);
    await expect(
      (async () => {
        for (let i = 0; i < 50 && !(await job1.runSlice({ budgetMs: 60_000, pageSize: 20 })).done; i++);
      })(),
    ).rejects.toThrow(/simulated crash/);

    // Halfway: every entity fully old or fully new, so rows are the sum of the two.
    const records = await storedRecords();
    const mid = await actualRows();
    expect(mid.negative).toBe(0);

    const fresh = createAggregator(h.services.stores, h.services.calendars, { rules: v2 });
    const job2 = createRecomputeJob(h.services.stores, fresh);
    for (let i = 0; i < 50 && !(await job2.runSlice({ budgetMs: 60_000, pageSize: 20 })).done; i++);
    expect(await job2.pending()).toBe(false);
    const want = oracle(records, rules2).expected;
    const got = await actualRows();
    expect(got.negative).toBe(0);
    expect(got.rows).toEqual(want);
    // A case touched after the change subtracts exactly what it wrote under the new rules.
    const one = records.find((r) => r.type === 'case.accepted' && !r.voidedBy && r.dept === 'D1')!;
    await fresh.processRecords([
      {
        ...one,
        id: `${one.id}-late`,
        type: 'case.withdrawn',
        body: {},
        at: iso(Date.parse('2024-05-31T15:00:00+08:00')),
        atMs: Date.parse('2024-05-31T15:00:00+08:00'),
      },
    ]);
    expect((await actualRows()).negative).toBe(0);
  }, 300_000);
});
