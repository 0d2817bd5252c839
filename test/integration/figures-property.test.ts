// Random case, complaint and evaluation histories — with duplicates, reordering, voids, late
// acceptances and catalog versions — posted through the API and aggregated from the stream; every
// figure read back must equal a brute-force recomputation from the stored records (p50/p90 within
// 1%). Then the aggregator is "killed" mid-batch and restarted, and the rollups still agree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { defaultCalendar } from '../../shared/calendar/index.js';
import { ADMIN_TOKEN, createHarness, type Harness } from '../support/app-harness.js';
import { readFigure } from '../../shared/figures/figures.js';
import { FIGURES } from '../../shared/figures/metrics.js';
import { bruteFigures, bruteLicences, type BruteFilter, type Item, type OracleFigureId, type Rec } from '../support/brute-force.js';

const TODAY = '2024-06-01';
const NOW = new Date(`${TODAY}T04:00:00Z`);
const REGIONS = ['370300000000', '370303000000', '370303001000', '370303101000', '370303001101', '370305102201', '370305001000'];
const CHANNELS = ['window', 'online', 'mobile', 'self_service'];
const AGES = ['under_60', '60_69', '70_79', '80_plus', undefined];

// M1 names an e-licence type (电子证照类型): 居民身份证 in I1's first version and in I2, 户口簿 in
// I1's second, so the type a material counts for follows the catalog version of its case.
const ITEMS: Item[] = [
  {
    itemCode: 'I1',
    departmentCode: 'D1',
    promisedDays: 5,
    effectiveFrom: '2024-01-01',
    materials: [
      { code: 'M1', kind: 'certificate', licenceCode: 'L-SFZ' },
      { code: 'M2', kind: 'proof' },
      { code: 'M3', kind: 'form' },
    ],
  },
  {
    itemCode: 'I1',
    departmentCode: 'D1',
    promisedDays: 3,
    effectiveFrom: '2024-03-15',
    materials: [
      { code: 'M1', kind: 'certificate', licenceCode: 'L-HKB' },
      { code: 'M2', kind: 'proof' },
      { code: 'M3', kind: 'form' },
    ],
  },
  {
    itemCode: 'I2',
    departmentCode: 'D1',
    promisedDays: 0,
    effectiveFrom: '2024-01-01',
    materials: [{ code: 'M1', kind: 'proof', licenceCode: 'L-SFZ' }],
  },
  {
    itemCode: 'I3',
    departmentCode: 'D2',
    promisedDays: 10,
    effectiveFrom: '2024-01-01',
    materials: [
      { code: 'A', kind: 'certificate' },
      { code: 'B', kind: 'other' },
    ],
  },
];
const EXEMPTION: Record<string, string> = { M1: 'e_license', M2: 'none', M3: 'none', A: 'data_sharing', B: 'none' };

const iso = (msv: number) => new Date(msv + 8 * 3600_000).toISOString().replace('Z', '+08:00').replace('.000', '');

function history(seed: number, n: number) {
  const r = rng(seed);
  const out: Array<{ dept: string; rec: Record<string, unknown> }> = [];
  const voids: Array<{ dept: string; rec: Record<string, unknown> }> = [];
  for (let i = 0; i < n; i++) {
    const dept = r.chance(0.7) ? 'D1' : 'D2';
    const itemCode = dept === 'D1' ? (r.chance(0.8) ? 'I1' : r.chance(0.8) ? 'I2' : 'I9') : 'I3';
    const item = ITEMS.filter((x) => x.itemCode === itemCode).at(-1);
    const caseId = `c${seed}-${i}`;
    let t = Date.parse('2024-02-01T00:00:00+08:00') + r.int(0, 95) * 86_400_000 + r.int(8 * 60, 18 * 60) * 60_000;
    const recs: Array<Record<string, unknown>> = [];
    const add = (type: string, extra: Record<string, unknown> = {}) => {
      recs.push({ id: `${caseId}:${recs.length}`, type, at: iso(t), caseId, ...extra });
    };
    if (r.chance(0.3)) {
      add('case.submitted', { itemCode, regionCode: r.pick(REGIONS), channel: 'online' });
      t += r.int(1, 48) * 3600_000;
    }
    const age = r.pick(AGES);
    add('case.accepted', {
      itemCode,
      regionCode: r.pick(REGIONS),
      channel: r.pick(CHANNELS),
      assisted: r.pick(['none', 'guided', 'proxy']),
      greenChannel: r.chance(0.1),
      applicant: r.chance(0.8) ? { type: 'person', ...(age ? { ageBand: age } : {}) } : { type: 'enterprise' },
      materials: (item?.materials ?? [{ code: 'X1' }]).map((m) => ({
        code: m.code,
        via: r.chance(0.5) && EXEMPTION[m.code] && EXEMPTION[m.code] !== 'none' ? EXEMPTION[m.code] : r.pick(['paper', 'upload', 'paper']),
      })),
    });
    if (r.chance(0.3)) {
      t += r.int(1, 72) * 3600_000;
      add('case.suspended', { reason: 'supplement' });
      t += r.int(0, 120) * 3600_000;
      if (r.chance(0.85)) add('case.resumed');
    }
    if (r.chance(0.15)) {
      t += r.int(1, 24) * 3600_000;
      add('case.extended', { days: r.int(1, 5) });
    }
    const end = r.next();
    t += r.int(0, 20 * 24) * 3600_000;
    if (t < Date.parse('2024-05-31T00:00:00+08:00')) {
      if (end < 0.75)
        add('case.completed', { outcome: r.chance(0.9) ? 'approved' : 'denied', ...(r.chance(0.8) ? { visits: r.int(0, 2) } : {}) });
      else if (end < 0.85) add('case.withdrawn');
    }
    // A late second acceptance now and then (a corrected acceptance after the first).
    if (r.chance(0.05)) {
      const first = recs.find((x) => x.type === 'case.accepted')!;
      recs.push({ ...first, id: `${caseId}:re`, at: iso(Date.parse(first.at as string) + 3600_000) });
    }
    for (const x of recs) out.push({ dept, rec: x });
    if (r.chance(0.12)) {
      const target = r.pick(recs);
      voids.push({
        dept,
        rec: {
          id: `${caseId}:void`,
          type: 'void',
          at: iso(Date.parse('2024-05-31T10:00:00+08:00')),
          target: target.id,
          reason: '录入错误',
        },
      });
    }
  }
  for (let i = 0; i < n / 4; i++) {
    const dept = r.chance(0.7) ? 'D1' : 'D2';
    const complaintId = `k${seed}-${i}`;
    let t = Date.parse('2024-02-01T00:00:00+08:00') + r.int(0, 110) * 86_400_000 + r.int(8 * 60, 18 * 60) * 60_000;
    const recs: Array<Record<string, unknown>> = [];
    const add = (type: string, extra: Record<string, unknown> = {}) =>
      recs.push({ id: `${complaintId}:${recs.length}`, type, at: iso(t), complaintId, ...extra });
    add('complaint.received', {
      channel: 'hotline_12345',
      category: r.pick(['delay', 'unnecessary_proof', 'attitude']),
      regionCode: r.pick(REGIONS),
    });
    if (r.chance(0.85)) {
      t += r.int(0, 60) * 3600_000;
      add('complaint.responded');
    }
    if (r.chance(0.7)) {
      t += r.int(1, 200) * 3600_000;
      add('complaint.resolved', { substantiated: r.chance(0.5) });
      if (r.chance(0.3)) {
        t += 3600_000;
        add('complaint.reopened');
        if (r.chance(0.6)) {
          t += r.int(1, 100) * 3600_000;
          add('complaint.resolved', { substantiated: true });
        }
      }
    }
    if (r.chance(0.5)) {
      t += 86_400_000;
      add('complaint.followed_up', { satisfaction: r.pick(['satisfied', 'basically_satisfied', 'unsatisfied']) });
    }
    for (const x of recs) if (Date.parse(x.at as string) < NOW.getTime()) out.push({ dept, rec: x });
  }
  for (let i = 0; i < n / 3; i++) {
    const dept = r.chance(0.7) ? 'D1' : 'D2';
    const evaluationId = `v${seed}-${i}`;
    let t = Date.parse('2024-02-01T00:00:00+08:00') + r.int(0, 110) * 86_400_000;
    const score = r.int(1, 5);
    // Most name a case of their department (which may arrive after them: the records are
    // shuffled; its acceptance may be voided or corrected), some a case never sent, some none.
    const named = r.next();
    const caseId = named < 0.7 ? `c${seed}-${r.int(0, n - 1)}` : named < 0.8 ? `c${seed}-missing-${i}` : undefined;
    out.push({
      dept,
      rec: {
        id: `${evaluationId}:0`,
        type: 'evaluation.submitted',
        at: iso(t),
        evaluationId,
        itemCode: dept === 'D1' ? 'I1' : 'I3',
        channel: 'sms',
        score,
        ...(caseId ? { caseId } : {}),
      },
    });
    if (score <= 2 && r.chance(0.8)) {
      t += r.int(1, 30) * 86_400_000;
      if (t < NOW.getTime()) out.push({ dept, rec: { id: `${evaluationId}:1`, type: 'evaluation.rectified', at: iso(t), evaluationId } });
    }
  }
  // Shuffle, and deliver a fifth of the records twice.
  const all = [...out, ...out.filter(() => r.chance(0.2))];
  for (let i = all.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return { records: all, voids };
}

let h: Harness;
const keys: Record<string, string> = {};

async function post(batch: Array<{ dept: string; rec: Record<string, unknown> }>) {
  for (const dept of ['D1', 'D2']) {
    const records = batch.filter((b) => b.dept === dept).map((b) => b.rec);
    for (let i = 0; i < records.length; i += 100) {
      const res = await h.call('POST', '/v1/events', keys[dept], { records: records.slice(i, i + 100) });
      expect(res.status).toBe(200);
      const bad = res.body.results.filter((x: any) => x.status === 'rejected' || x.status === 'conflict');
      expect(bad).toEqual([]);
    }
  }
}

async function storedRecords(): Promise<Rec[]> {
  const out: Rec[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const r = await h.db.doc.send(
      new ScanCommand({
        TableName: h.db.tableName,
        FilterExpression: 'begins_with(pk, :p)',
        ExpressionAttributeValues: { ':p': 'REC#' },
        ExclusiveStartKey,
      }),
    );
    for (const it of r.Items ?? [])
      out.push({ dept: it.dept, id: it.id, type: it.type, at: it.at, ...(it.voidedBy ? { voided: true } : {}), ...it.body });
    ExclusiveStartKey = r.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out;
}

const RANGES: Array<[string, string]> = [
  ['2024-02-01', '2024-05-31'],
  ['2024-03-01', '2024-03-31'],
  ['2024-03-15', '2024-03-15'],
  ['2024-01-01', '2024-12-31'],
  ['2024-05-20', '2024-06-01'],
];
const FILTERS: BruteFilter[] = [
  {},
  { department: 'D1' },
  { region: '370303000000' },
  { region: '370303001000' },
  { channel: 'online' },
  { level: 'street' },
  { department: 'D2', region: '370305000000' },
];

function close(actual: number | null, expected: number | null, rel: number) {
  if (expected === null || actual === null) return actual === expected;
  if (expected === 0) return Math.abs(actual) < 1e-9;
  return Math.abs(actual - expected) / Math.abs(expected) <= rel;
}

function sameTypes(got: Record<string, { cases: number; materials: number }>, want: Map<string, { cases: number; materials: number }>) {
  return (
    Object.keys(got).length === want.size && [...want].every(([k, v]) => got[k]?.cases === v.cases && got[k]?.materials === v.materials)
  );
}

async function compareAll() {
  const stored = await storedRecords();
  const mismatches: string[] = [];
  for (const [from, to] of RANGES) {
    for (const f of FILTERS) {
      const qs = new URLSearchParams({ from, to, ...(f as Record<string, string>) }).toString();
      const got = (await h.call('GET', `/v1/figures?${qs}`, ADMIN_TOKEN)).body;
      const want = bruteFigures(stored, ITEMS, defaultCalendar, from, to, TODAY, f);
      // Every figure of the registry the oracle computes (OracleFigures: all but the catalog's), read where the registry puts it.
      for (const id of Object.keys(want.figures) as OracleFigureId[]) {
        const rel = id === 'processingP50' || id === 'processingP90' ? 0.01 : id === 'processingMean' ? 1e-9 : 1e-12;
        const value = readFigure(got, id).value;
        if (!close(value, want.figures[id], rel))
          mismatches.push(`${qs} ${FIGURES[id].answer.section}.${FIGURES[id].answer.name}: got ${value}, want ${want.figures[id]}`);
      }
      // 电子证照: cases and materials per licence type.
      const lic = (await h.call('GET', `/v1/figures/licences?${qs}`, ADMIN_TOKEN)).body;
      const wantLic = bruteLicences(stored, ITEMS, from, to, f);
      const gotTypes = Object.fromEntries(
        lic.rows.filter((r: any) => r.cases || r.materials).map((r: any) => [r.code, { cases: r.cases, materials: r.materials }]),
      );
      if (!sameTypes(gotTypes, wantLic.types))
        mismatches.push(`${qs} licences: got ${JSON.stringify(gotTypes)}, want ${JSON.stringify(Object.fromEntries(wantLic.types))}`);
      // Both licence types must be exercised (I1's two versions): else this comparison would prove little.
      if (from === '2024-02-01' && Object.keys(f).length === 0 && wantLic.types.size < 2)
        mismatches.push(`the histories exercise ${wantLic.types.size} licence types; expected both`);
      if (lic.eLicenceMaterials !== wantLic.eLicence)
        mismatches.push(`${qs} licences.eLicenceMaterials: got ${lic.eLicenceMaterials}, want ${wantLic.eLicence}`);
      // Applicants by age band and assisted mode.
      const app = (await h.call('GET', `/v1/figures/applicants?${qs}`, ADMIN_TOKEN)).body;
      const gotApp = {
        ageBands: app.ageBands.map((b: any) => ({
          band: b.band,
          cases: b.cases,
          assisted: b.assisted,
          share: b.share.value,
          assistedShare: b.assistedShare.value,
        })),
        assisted: app.assisted.map((m: any) => ({
          mode: m.mode,
          cases: m.cases,
          elderly: m.elderly,
          share: m.share.value,
          elderlyShare: m.elderlyShare.value,
        })),
      };
      if (JSON.stringify(gotApp) !== JSON.stringify(want.applicants))
        mismatches.push(`${qs} applicants: got ${JSON.stringify(gotApp)}, want ${JSON.stringify(want.applicants)}`);
    }
    // Satisfaction by region: each county and the 地区未知 row, as if filtered by it.
    const byRegion = (await h.call('GET', `/v1/figures/breakdown?from=${from}&to=${to}&metric=evaluations&by=region`, ADMIN_TOKEN)).body
      .rows as Array<{ key: string; value: number }>;
    for (const county of ['370303000000', '370305000000']) {
      const want = bruteFigures(stored, ITEMS, defaultCalendar, from, to, TODAY, { region: county }).evaluations.count;
      if (byRegion.find((r) => r.key === county)?.value !== want)
        mismatches.push(`${from}…${to} evaluations of ${county}: got ${byRegion.find((r) => r.key === county)?.value}, want ${want}`);
    }
    const unknown = bruteFigures(stored, ITEMS, defaultCalendar, from, to, TODAY, {}).evaluations.regionUnknown;
    if (byRegion.find((r) => r.key === 'unknown')?.value !== unknown)
      mismatches.push(
        `${from}…${to} evaluations of unknown region: got ${byRegion.find((r) => r.key === 'unknown')?.value}, want ${unknown}`,
      );
  }
  return mismatches;
}

beforeAll(async () => {
  h = await createHarness({ now: () => NOW, aggregate: true });
  for (const d of ['D1', 'D2']) keys[d] = (await h.department(d)).key;
  expect(
    (
      await h.call('POST', '/v1/admin/licences', ADMIN_TOKEN, {
        licences: [
          { code: 'L-SFZ', name: '居民身份证' },
          { code: 'L-HKB', name: '居民户口簿' },
        ],
      })
    ).status,
  ).toBe(200);
  for (const it of ITEMS) {
    const body = {
      itemCode: it.itemCode,
      name: `事项${it.itemCode}`,
      departmentCode: it.departmentCode,
      kind: 'public_service',
      statutoryDays: 20,
      promisedDays: it.promisedDays,
      levels: ['city', 'county', 'street'],
      materials: it.materials.map((m) => ({ ...m, name: `材料${m.code}`, exemption: EXEMPTION[m.code] })),
      effectiveFrom: it.effectiveFrom,
    };
    expect((await h.call('PUT', `/v1/catalog/items/${it.itemCode}`, keys[it.departmentCode], body)).status).toBe(200);
  }
}, 120_000);

afterAll(async () => {
  await h.stopStream();
});

describe('figures equal a brute-force recomputation', () => {
  it('after random histories with duplicates, reordering and voids', async () => {
    for (const seed of [11, 29]) {
      const { records, voids } = history(seed, 70);
      await post(records);
      await post(voids);
    }
    await h.settle();
    expect(await compareAll()).toEqual([]);
  }, 480_000);

  it('after the aggregator dies mid-batch and is restarted', async () => {
    // The crash is simulated with the aggregator's test hook (a real kill of the process is in
    // local-start.test.ts): the second transaction of a batch throws, the poller stops there
    // without checkpointing, and a fresh aggregator resumes from the last checkpoint.
    await h.stopStream();
    let tx = 0;
    const crashing = createHarnessAggregator(() => {
      if (++tx === 2) throw new Error('simulated crash between two transactions');
    });
    const { records } = history(47, 60);
    await post(records);
    await crashing.run();
    expect(tx).toBeGreaterThanOrEqual(2);
    h.startStream();
    await h.settle();
    expect(await compareAll()).toEqual([]);
  }, 480_000);
});

import { createAggregator } from '../../functions/aggregator/aggregate.js';
import { processChanges } from '../../functions/aggregator/stream-batch.js';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { SETTINGS } from '../../functions/store/settings.js';
import { seededRng as rng } from '../support/seeded-rng.js';

/** Reads the stream from the last checkpoint and applies it with a crashing aggregator, once. */
function createHarnessAggregator(beforeTransaction: (i: number) => void) {
  const aggregator = createAggregator(h.services.stores, h.services.calendars, { beforeTransaction });
  return {
    async run() {
      const creds = { accessKeyId: 'local', secretAccessKey: 'local' };
      const endpoint = inject('ddbEndpoint');
      const ddb = new DynamoDBClient({ endpoint, region: 'local', credentials: creds });
      const streams = new DynamoDBStreamsClient({ endpoint, region: 'local', credentials: creds });
      const arn = (await ddb.send(new DescribeTableCommand({ TableName: h.db.tableName }))).Table!.LatestStreamArn!;
      const shards = (await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription!.Shards!;
      for (const s of shards) {
        const seq = await h.services.stores.settings.get(SETTINGS.streamCheckpoint(s.ShardId!));
        const it = await streams.send(
          new GetShardIteratorCommand({
            StreamArn: arn,
            ShardId: s.ShardId!,
            ...(seq ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: seq } : { ShardIteratorType: 'TRIM_HORIZON' }),
          }),
        );
        let iterator = it.ShardIterator;
        for (let page = 0; iterator && page < 20; page++) {
          const r = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
          iterator = r.NextShardIterator;
          if (!r.Records?.length) continue;
          const crashed = await processChanges(
            aggregator,
            h.services.stores,
            r.Records.map((x) => ({ newImage: x.dynamodb?.NewImage as never })),
          ).then(
            () => false,
            (e: Error) => {
              if (!/simulated crash/.test(e.message)) throw e;
              return true;
            },
          );
          if (crashed) break; // dies here: no checkpoint written
        }
      }
      ddb.destroy();
      streams.destroy();
    },
  };
}
