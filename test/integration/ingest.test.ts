// POST /v1/events against DynamoDB Local: every record type, every rule of ingest-api.md,
// duplicates and conflicts, voids, envelope limits, keys, and concurrency.
import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/app-harness.js';
import { item, rec } from '../support/builders.js';

let h: Harness;
let d: { code: string; key: string };
let other: { code: string; key: string };

const post = (records: unknown[], key = d.key) => h.call('POST', '/v1/events', key, { records });
async function one(record: unknown, key = d.key) {
  const r = await post([record], key);
  expect(r.status).toBe(200);
  return r.body.results[0];
}

beforeAll(async () => {
  h = await createHarness({ now: () => new Date('2024-06-01T00:00:00Z') });
  d = await h.department('D-JYJ', '淄博市教育局');
  other = await h.department('D-RSJ', '淄博市人力资源和社会保障局');
  expect((await h.call('PUT', '/v1/catalog/items/ITEM-001', d.key, item(d.code))).status).toBe(200);
});

describe('every record type is accepted and stored whole', () => {
  it('accepts each type and reads it back', async () => {
    const records = [
      rec.submitted('t-1', 'case-1'),
      rec.accepted('t-2', 'case-1'),
      rec.suspended('t-3', 'case-1'),
      rec.resumed('t-4', 'case-1'),
      rec.extended('t-5', 'case-1'),
      rec.completed('t-6', 'case-1'),
      rec.notAccepted('t-7', 'case-2'),
      rec.withdrawn('t-8', 'case-3'),
      rec.complaint('t-9', 'cmp-1', { itemCode: 'ITEM-001', caseId: 'case-1', summary: '要求开无犯罪证明' }),
      rec.responded('t-10', 'cmp-1'),
      rec.resolved('t-11', 'cmp-1'),
      rec.reopened('t-12', 'cmp-1'),
      rec.followedUp('t-13', 'cmp-1'),
      rec.evaluation('t-14', 'ev-1', { caseId: 'case-1', comment: '等太久' }),
      rec.calledBack('t-15', 'ev-1'),
      rec.rectified('t-16', 'ev-1'),
    ];
    const r = await post(records);
    expect(r.status).toBe(200);
    expect(r.body.results.map((x: any) => x.status)).toEqual(records.map(() => 'accepted'));
    expect(r.body.results.map((x: any) => x.id)).toEqual(records.map((x) => x.id));
    const stored = await h.call('GET', `/v1/records/${d.code}/t-2`, d.key);
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({
      id: 't-2',
      type: 'case.accepted',
      caseId: 'case-1',
      materials: rec.accepted('t-2', 'case-1').materials,
    });
    const timeline = await h.call('GET', `/v1/cases/${d.code}/case-1`, d.key);
    expect(timeline.body.events.map((e: any) => e.type)).toEqual([
      'case.submitted',
      'case.accepted',
      'case.suspended',
      'case.resumed',
      'case.extended',
      'case.completed',
    ]);
  });

  it('keeps a case timeline in event order when records arrive out of order', async () => {
    const r = await post([rec.completed('o-3', 'case-o'), rec.suspended('o-2', 'case-o'), rec.accepted('o-1', 'case-o')]);
    expect(r.body.results.map((x: any) => x.status)).toEqual(['accepted', 'accepted', 'accepted']);
    const t = await h.call('GET', `/v1/cases/${d.code}/case-o`, d.key);
    expect(t.body.events.map((e: any) => e.id)).toEqual(['o-1', 'o-2', 'o-3']);
  });

  it('masks ID-card and mobile numbers in free text before storing', async () => {
    const res = await one(rec.complaint('pii-1', 'cmp-pii', { summary: '身份证370303199001011234，电话13812345678，回电' }));
    expect(res.status).toBe('accepted');
    const stored = await h.call('GET', `/v1/records/${d.code}/pii-1`, d.key);
    expect(stored.body.summary).toBe('身份证370303********1234，电话138****5678，回电');
    const ev = await one(rec.evaluation('pii-2', 'ev-pii', { comment: 'x 37030319900101123X y' }));
    expect(ev.status).toBe('accepted');
    expect((await h.call('GET', `/v1/records/${d.code}/pii-2`, d.key)).body.comment).toBe('x 370303********123X y');
  });

  it('accepts and flags a record whose item is not in the catalog yet', async () => {
    const res = await one(rec.accepted('unk-1', 'case-unk', { itemCode: 'ITEM-NEW', materials: [{ code: 'X', via: 'paper' }] }));
    expect(res.status).toBe('accepted');
    expect(res.warnings[0]).toMatchObject({ path: 'itemCode', code: 'item_not_in_catalog' });
    expect((await h.call('GET', `/v1/records/${d.code}/unk-1`, d.key)).body.unknownItem).toBe(true);
  });
});

describe('each rule is rejected with its path', () => {
  const cases: Array<[string, unknown, string, string]> = [
    [
      'a material via outside the list',
      rec.accepted('r-1', 'c-r1', { materials: [{ code: 'M01', via: 'fax' }] }),
      'materials[0].via',
      'not_one_of',
    ],
    [
      'a material code not in the item version',
      rec.accepted('r-2', 'c-r2', {
        materials: [
          { code: 'M01', via: 'paper' },
          { code: 'M99', via: 'paper' },
        ],
      }),
      'materials[1].code',
      'material_not_in_item',
    ],
    [
      'the same material twice',
      rec.accepted('r-3', 'c-r3', {
        materials: [
          { code: 'M01', via: 'paper' },
          { code: 'M01', via: 'upload' },
        ],
      }),
      'materials[1].code',
      'duplicate_material',
    ],
    ['`at` without offset', rec.completed('r-4', 'c-r4', { at: '2024-03-06T16:00:00' }), 'at', 'instant_format'],
    ['`at` in the future', rec.completed('r-5', 'c-r5', { at: '2024-06-01T08:06:00+08:00' }), 'at', 'in_future'],
    ['an unknown type', { id: 'r-6', type: 'case.teleported', at: '2024-03-01T09:30:00+08:00', caseId: 'c' }, 'type', 'unknown_type'],
    ['an unknown field', { ...rec.withdrawn('r-7', 'c-r7'), applicantName: '张三' }, 'applicantName', 'unknown_field'],
    [
      'an unknown nested field',
      rec.accepted('r-7b', 'c-r7b', { applicant: { type: 'person', idNumber: '370303199001011234' } }),
      'applicant.idNumber',
      'unknown_field',
    ],
    ['a bad region code', rec.complaint('r-8', 'cmp-r8', { regionCode: '3703' }), 'regionCode', 'region_code_format'],
    ['a region outside the city', rec.complaint('r-8b', 'cmp-r8b', { regionCode: '110101000000' }), 'regionCode', 'outside_city'],
    ['a score out of range', rec.evaluation('r-9', 'ev-r9', { score: 6 }), 'score', 'too_big'],
    ['an id with forbidden characters', rec.withdrawn('r 10/x', 'c-r10'), 'id', 'id_format'],
    ['a missing required field', { id: 'r-11', type: 'case.extended', at: '2024-03-01T09:30:00+08:00', caseId: 'c' }, 'days', 'required'],
    ['extension days over 60', rec.extended('r-12', 'c-r12', { days: 61 }), 'days', 'too_big'],
  ];
  it.each(cases)('%s', async (_name, record, path, code) => {
    const res = await one(record);
    expect(res.status).toBe('rejected');
    expect(res.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path, code })]));
    for (const e of res.errors) {
      expect(e.message.length).toBeGreaterThan(5);
      expect(e.messageZh).toMatch(/[\u4e00-\u9fff]/);
    }
    const id = (record as { id: string }).id;
    if (/^[A-Za-z0-9._:-]+$/.test(id)) expect((await h.call('GET', `/v1/records/${d.code}/${id}`, d.key)).status).toBe(404);
  });

  it('reports every failing field of a record, not just the first', async () => {
    const res = await one({
      id: 'multi',
      type: 'evaluation.submitted',
      at: 'yesterday',
      evaluationId: 'e',
      itemCode: 'ITEM-001',
      channel: 'pigeon',
      score: 0,
      phone: '13812345678',
    });
    expect(res.errors.map((e: any) => e.path).sort()).toEqual(['at', 'channel', 'phone', 'score']);
  });
});

describe('what the contract says to ignore, and timelines that contradict themselves', () => {
  it('accepts an age band on an enterprise with a warning (ignored by the figures), instead of refusing the case', async () => {
    const res = await one(rec.accepted('ent-1', 'c-ent1', { applicant: { type: 'enterprise', ageBand: '60_69' } }));
    expect(res.status).toBe('accepted');
    expect(res.warnings).toEqual([expect.objectContaining({ path: 'applicant.ageBand', code: 'age_band_ignored' })]);
  });

  it('refuses a completion, suspension, extension or withdrawal dated before the stored acceptance, naming it', async () => {
    expect((await one(rec.accepted('tl-a', 'c-tl', { at: '2024-03-04T09:30:00+08:00' }))).status).toBe('accepted');
    for (const r of [
      rec.completed('tl-c', 'c-tl', { at: '2024-03-02T16:00:00+08:00' }),
      { id: 'tl-s', type: 'case.suspended', at: '2024-03-03T10:00:00+08:00', caseId: 'c-tl', reason: 'supplement' },
      rec.extended('tl-e', 'c-tl', { at: '2024-03-01T10:00:00+08:00', days: 3 }),
      rec.withdrawn('tl-w', 'c-tl', { at: '2024-03-04T09:29:59+08:00' }),
    ]) {
      const res = await one(r);
      expect(res.status, r.id).toBe('rejected');
      expect(res.errors).toEqual([expect.objectContaining({ path: 'at', code: 'before_acceptance' })]);
      expect(res.errors[0].message).toContain('tl-a');
      expect(res.errors[0].messageZh).toContain('tl-a');
      expect((await h.call('GET', `/v1/records/${d.code}/${r.id}`, d.key)).status).toBe(404);
    }
    // After it: fine.
    expect((await one(rec.completed('tl-ok', 'c-tl', { at: '2024-03-06T16:00:00+08:00' }))).status).toBe('accepted');
  });

  it('refuses an acceptance dated after the stored completion, and judges a batch in order', async () => {
    const r = await post([
      rec.accepted('tb-a', 'c-tb', { at: '2024-03-04T09:30:00+08:00' }),
      rec.completed('tb-c', 'c-tb', { at: '2024-03-01T16:00:00+08:00' }), // before the acceptance earlier in the batch
      rec.completed('tb-c2', 'c-tb', { at: '2024-03-05T16:00:00+08:00' }),
      rec.accepted('tb-a2', 'c-tb', { at: '2024-03-06T09:00:00+08:00' }), // after the completion just stored
    ]);
    expect(r.body.results.map((x: any) => x.status)).toEqual(['accepted', 'rejected', 'accepted', 'rejected']);
    expect(r.body.results[1].errors[0]).toMatchObject({ path: 'at', code: 'before_acceptance' });
    expect(r.body.results[3].errors[0]).toMatchObject({ path: 'at', code: 'after_case_ended' });
    expect(r.body.results[3].errors[0].message).toContain('tb-c2');
    // A void of the wrong record lets the right one in (the correction path).
    const v = await post([
      { id: 'tb-v', type: 'void', at: '2024-03-06T10:00:00+08:00', target: 'tb-c2', reason: '办结时间有误' },
      rec.accepted('tb-a3', 'c-tb', { at: '2024-03-06T09:00:00+08:00' }),
    ]);
    expect(v.body.results.map((x: any) => x.status)).toEqual(['accepted', 'accepted']);
  });
});

describe('duplicates and conflicts', () => {
  it('answers duplicate for the same content in another key order, and conflict for different content', async () => {
    const r = rec.accepted('dup-1', 'case-dup');
    expect((await one(r)).status).toBe('accepted');
    const reordered = Object.fromEntries(Object.entries(r).reverse());
    expect((await one(reordered)).status).toBe('duplicate');
    const changed = await one({ ...r, channel: 'online' });
    expect(changed.status).toBe('conflict');
    expect(changed.errors[0]).toMatchObject({ path: 'id', code: 'id_conflict' });
    expect((await h.call('GET', `/v1/records/${d.code}/dup-1`, d.key)).body.channel).toBe('window');
  });

  it('judges two records with the same id in one batch in order', async () => {
    const r = await post([rec.withdrawn('same-1', 'c-s1'), rec.withdrawn('same-1', 'c-s1'), rec.withdrawn('same-1', 'c-s2')]);
    expect(r.body.results.map((x: any) => x.status)).toEqual(['accepted', 'duplicate', 'conflict']);
  });

  it('keeps ids apart per department', async () => {
    expect((await one(rec.withdrawn('shared-id', 'c-1'))).status).toBe('accepted');
    expect((await one(rec.withdrawn('shared-id', 'c-2'), other.key)).status).toBe('accepted');
  });

  it('stores a record posted by 20 parallel requests exactly once', async () => {
    const r = rec.accepted('par-1', 'case-par');
    const answers = await Promise.all(Array.from({ length: 20 }, () => post([r])));
    const statuses = answers.map((a) => a.body.results[0].status);
    expect(statuses.filter((s) => s === 'accepted')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(19);
    const t = await h.call('GET', `/v1/cases/${d.code}/case-par`, d.key);
    expect(t.body.events).toHaveLength(1);
  });
});

describe('voids', () => {
  it('voids a stored record, which stays visible and marked', async () => {
    await one(rec.completed('v-target', 'case-v'));
    const res = await one(rec.void('v-1', 'v-target'));
    expect(res.status).toBe('accepted');
    const target = await h.call('GET', `/v1/records/${d.code}/v-target`, d.key);
    expect(target.body.voidedBy).toBe('v-1');
    const t = await h.call('GET', `/v1/cases/${d.code}/case-v`, d.key);
    expect(t.body.events.map((e: any) => e.id)).toEqual(['v-target', 'v-1']);
  });

  it('rejects a void of a missing, foreign, void or already voided record with path target', async () => {
    await one(rec.withdrawn('v-foreign', 'c-f'), other.key);
    await one(rec.withdrawn('v-t2', 'c-v2'));
    await one(rec.void('v-2', 'v-t2'));
    const results = (
      await post([rec.void('v-3', 'no-such-record'), rec.void('v-4', 'v-foreign'), rec.void('v-5', 'v-2'), rec.void('v-6', 'v-t2')])
    ).body.results;
    expect(results.map((r: any) => [r.status, r.errors[0].path, r.errors[0].code])).toEqual([
      ['rejected', 'target', 'target_not_found'],
      ['rejected', 'target', 'target_not_found'],
      ['rejected', 'target', 'target_is_void'],
      ['rejected', 'target', 'target_already_voided'],
    ]);
  });

  it('lets a void name a record earlier in the same batch', async () => {
    const r = await post([rec.withdrawn('vb-1', 'c-vb'), rec.void('vb-2', 'vb-1')]);
    expect(r.body.results.map((x: any) => x.status)).toEqual(['accepted', 'accepted']);
  });

  it('answers a repeated void as duplicate, not as already voided', async () => {
    await one(rec.withdrawn('vr-t', 'c-vr'));
    expect((await one(rec.void('vr-1', 'vr-t'))).status).toBe('accepted');
    expect((await one(rec.void('vr-1', 'vr-t'))).status).toBe('duplicate');
  });
});

describe('the envelope', () => {
  it('refuses malformed JSON with 400 and stores nothing', async () => {
    const r = await h.call('POST', '/v1/events', d.key, '{"records": [ {"id": "bad-json"');
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/JSON/);
  });
  it('refuses a wrong content type with 415', async () => {
    const r = await h.call('POST', '/v1/events', d.key, undefined, { 'content-type': 'text/plain' });
    expect(r.status).toBe(415);
  });
  it('refuses a body without records with 400', async () => {
    const r = await h.call('POST', '/v1/events', d.key, { events: [] });
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((e: any) => e.path)).toEqual(expect.arrayContaining(['records']));
  });
  it('refuses more than 500 records with 413 and stores none', async () => {
    const records = Array.from({ length: 501 }, (_, i) => rec.withdrawn(`big-${i}`, `c-big-${i}`));
    const r = await post(records);
    expect(r.status).toBe(413);
    expect((await h.call('GET', `/v1/records/${d.code}/big-0`, d.key)).status).toBe(404);
  });
  it('refuses a body over 1 MB with 413', async () => {
    const records = Array.from({ length: 400 }, (_, i) => rec.complaint(`huge-${i}`, `cmp-h${i}`, { summary: '很'.repeat(1000) }));
    const r = await post(records);
    expect(r.status).toBe(413);
    expect((await h.call('GET', `/v1/records/${d.code}/huge-0`, d.key)).status).toBe(404);
  });
});

describe('keys', () => {
  it('answers 401 to a missing, wrong or revoked key, and 403 to a user on the department API', async () => {
    expect((await h.call('POST', '/v1/events', undefined, { records: [] })).status).toBe(401);
    expect((await h.call('POST', '/v1/events', 'spk_not-a-real-key', { records: [] })).status).toBe(401);
    const k = await h.call('POST', `/v1/admin/departments/${d.code}/keys`, 'test-admin-token-0123456789abcdef', {});
    expect((await post([], k.body.key)).status).toBe(200);
    await h.call('DELETE', `/v1/admin/departments/${d.code}/keys/${k.body.keyId}`, 'test-admin-token-0123456789abcdef');
    const revoked = await post([], k.body.key);
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.messageZh).toMatch(/凭证/);
    expect((await post([], 'test-admin-token-0123456789abcdef')).status).toBe(403);
  });
});
