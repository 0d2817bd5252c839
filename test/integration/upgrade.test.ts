// Upgrading a data folder counted by the release before rules versions: its entity states hold
// their records in plain form and no written contribution, and its paper rows are one per
// material (rules version 1), and its case rows hold no e-licence counters. The next record of such a case is
// counted against what the old state implies, and the recompute job that a rules release asks
// for converts every state — rows stay equal to a fresh count, no counter goes negative.
import { beforeAll, describe, expect, it } from 'vitest';
import { DeleteCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inflateRawSync } from 'node:zlib';
import { RULES_VERSION } from '../../shared/figures/contribution.js';
import { isRulesV5Counter } from '../../shared/figures/counters.js';
import { createRecomputeJob } from '../../functions/aggregator/recompute-job.js';
import { ADMIN_TOKEN, createHarness, type Harness } from '../support/app-harness.js';
import { rec } from '../support/builders.js';
import { isWatermark } from '../../functions/store/outbox-store.js';

let h: Harness;
let key: string;

async function items(prefix: string) {
  const out: Array<Record<string, any>> = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const r = await h.db.doc.send(new ScanCommand({ TableName: h.db.tableName, ExclusiveStartKey }));
    out.push(...(r.Items ?? []).filter((i) => String(i.pk).startsWith(prefix)));
    ExclusiveStartKey = r.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out;
}

async function rows() {
  const m = new Map<string, Record<string, number>>();
  for (const { pk, sk, ...c } of [...(await items('R#')), ...(await items('P#'))]) {
    const nz = Object.fromEntries(Object.entries(c as Record<string, number>).filter(([k, v]) => v !== 0 && !isWatermark(k)));
    if (Object.keys(nz).length) m.set(`${pk} ${sk}`, nz);
  }
  return m;
}

/** Rewrites every state, and the paper and figure rows, as the previous release stored them. */
async function makeLegacy() {
  // Version 1 had no age-band or assisted-mode counters, and evaluations in no county.
  for (const { pk, sk, ...counters } of await items('R#')) {
    const evaluationRow = /^R#(county|dept_county|town)=/.test(String(pk)); // rows v1 evaluations never reached
    const kept = Object.fromEntries(
      Object.entries(counters as Record<string, number>).filter(
        ([c]) => !isRulesV5Counter(c) && !(evaluationRow && /^(eN|eBad|eSat|eCb|eRct)/.test(c)),
      ),
    );
    await h.db.doc.send(new PutCommand({ TableName: h.db.tableName, Item: { pk, sk, ...kept } }));
  }
  for (const it of await items('ENT#')) {
    const { recz, wz: _w, rulesVersion: _r, problem: _p, ...rest } = it;
    const records = JSON.parse(inflateRawSync(recz as Uint8Array).toString());
    await h.db.doc.send(new PutCommand({ TableName: h.db.tableName, Item: { ...rest, records } }));
  }
  // Nor did that release count e-licence types (rules version 4): its case rows hold no lc:/lm: counters.
  for (const { pk, sk, ...counters } of await items('R#')) {
    const licence = Object.keys(counters).filter((c) => c.startsWith('lc:') || c.startsWith('lm:'));
    if (licence.length)
      await h.db.doc.send(
        new PutCommand({
          TableName: h.db.tableName,
          Item: { pk, sk, ...Object.fromEntries(Object.entries(counters).filter(([c]) => !licence.includes(c))) },
        }),
      );
  }
  for (const { pk, sk, ...counters } of await items('P#')) {
    await h.db.doc.send(new DeleteCommand({ TableName: h.db.tableName, Key: { pk, sk } }));
    for (const [c, n] of Object.entries(counters as Record<string, number>)) {
      if (c.startsWith('m:') && n)
        await h.db.doc.send(new PutCommand({ TableName: h.db.tableName, Item: { pk, sk: `${sk}#${c.slice(2)}`, n } }));
    }
  }
}

beforeAll(async () => {
  h = await createHarness({ now: () => new Date('2024-06-01T04:00:00Z'), aggregate: true });
  ({ key } = await h.department('D-JYJ'));
  // M01 names an e-licence type: the release before rules versions had no e-licence counters either.
  expect((await h.call('PUT', '/v1/admin/licences/LT-SFZ', ADMIN_TOKEN, { name: '居民身份证' })).status).toBe(200);
  const item = {
    name: '延缓入学审批',
    departmentCode: 'D-JYJ',
    kind: 'administrative_license',
    statutoryDays: 20,
    promisedDays: 5,
    levels: ['city', 'county'],
    effectiveFrom: '2024-01-01',
    materials: [
      { code: 'M01', name: '居民身份证', kind: 'certificate', exemption: 'e_license', licenceCode: 'LT-SFZ' },
      { code: 'M02', name: '申请表', kind: 'form', exemption: 'none' },
      { code: 'M03', name: '证明', kind: 'proof', exemption: 'none' },
    ],
  };
  expect((await h.call('PUT', '/v1/catalog/items/ITEM-001', key, item)).status).toBe(200);
  const records = [];
  for (let i = 0; i < 12; i++) {
    records.push(rec.accepted(`a-${i}`, `C${i}`, { at: `2024-03-${String(4 + i).padStart(2, '0')}T09:30:00+08:00` }));
    if (i % 3) records.push(rec.completed(`c-${i}`, `C${i}`, { at: `2024-03-${String(6 + i * 2).padStart(2, '0')}T16:00:00+08:00` }));
  }
  // Evaluations: version 1 counted them in no region; today in their case's (or 地区未知).
  records.push(
    rec.evaluation('e-1', 'E1', { caseId: 'C1', score: 5, at: '2024-03-08T10:00:00+08:00' }),
    rec.evaluation('e-2', 'E2', { score: 1, at: '2024-03-08T10:00:00+08:00' }),
  );
  expect((await h.call('POST', '/v1/events', key, { records })).body.results.every((r: any) => r.status === 'accepted')).toBe(true);
  await h.settle();
});

describe('a data folder from the release before rules versions', () => {
  it('counts a new record of a legacy case exactly, and the recompute converts every state', async () => {
    const fresh = await rows();
    expect(fresh.size).toBeGreaterThan(20);
    expect([...fresh.keys()].some((k) => k.startsWith('P#'))).toBe(true);
    expect([...fresh.values()].some((c) => c['lc:LT-SFZ'] && c['lm:LT-SFZ'])).toBe(true);
    await h.stopStream();
    await makeLegacy();
    expect((await items('ENT#')).every((s) => Array.isArray(s.records) && !s.recz)).toBe(true);

    // The stream path on a legacy state: the old side comes from its plain records.
    h.startStream();
    const late = await h.call('POST', '/v1/events', key, { records: [rec.completed('c-0', 'C0', { at: '2024-03-20T16:00:00+08:00' })] });
    expect(late.body.results[0].status).toBe('accepted');
    await h.settle();
    const f = (await h.call('GET', '/v1/figures?from=2024-03-01&to=2024-04-30', ADMIN_TOKEN)).body.cases;
    expect(f).toMatchObject({ accepted: 12, completed: 9 });

    // The recompute a rules release asks for converts the rest; nothing moves.
    await h.stopStream();
    const job = createRecomputeJob(h.services.stores, h.aggregator);
    await h.services.stores.jobs.requestFull('upgrade');
    for (let i = 0; i < 20 && !(await job.runSlice({ budgetMs: 30_000 })).done; i++);
    const states = await items('ENT#');
    expect(states.every((s) => s.rulesVersion === RULES_VERSION && s.recz && s.wz && !s.records)).toBe(true);
    const converted = await rows();
    // The legacy per-material paper rows are emptied (zero), today's per-item rows hold the counts.
    expect([...converted.keys()].filter((k) => k.startsWith('P#') && k.split('#').length > 3)).toEqual([]);
    expect([...converted.values()].some((c) => Object.entries(c).some(([k, v]) => k !== 'od' && v < 0))).toBe(false);

    // …and equal to counting every stored record from scratch.
    for (const prefix of ['ENT#', 'R#', 'P#'])
      for (const it of await items(prefix))
        await h.db.doc.send(new DeleteCommand({ TableName: h.db.tableName, Key: { pk: it.pk, sk: it.sk } }));
    const stored = (await items('REC#')).map(({ pk: _p, sk: _s, gsi1pk: _g, gsi1sk: _h, ...r }) => r);
    await h.aggregator.loadFresh(stored as never);
    expect(await rows()).toEqual(converted);
  }, 180_000);
});
