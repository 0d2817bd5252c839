// The IAM write grants (shared/table-schema.ts WRITERS → dynamodb:LeadingKeys) must match the keys
// the code really writes (functions/store/keys.ts): a key builder whose pk no writer pattern
// covers would be denied on AWS, and one covered by the wrong writer would be a hole.
import { describe, expect, it } from 'vitest';
import { WRITERS } from '../../shared/table-schema.js';
import { keys } from '../../functions/store/keys.js';

/** IAM StringLike: `*` any run of characters, everything else literal. */
const like = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  ).test(value);
const writersOf = (pk: string) => (Object.keys(WRITERS) as (keyof typeof WRITERS)[]).filter((w) => WRITERS[w].some((p) => like(p, pk)));

describe('table writers (IAM leading keys) against the key builders', () => {
  const written: Record<string, { pk: string; by: (keyof typeof WRITERS)[] }> = {
    department: { pk: keys.department('D01').pk, by: ['api'] },
    apiKey: { pk: keys.apiKey('h', 'D01', 'k1').pk, by: ['api'] },
    user: { pk: keys.user('admin').pk, by: ['api'] },
    session: { pk: keys.session('h').pk, by: ['api'] },
    audit: { pk: keys.audit('2026-01-02T03:04:05Z', 'n').pk, by: ['api', 'reports'] },
    itemVersion: { pk: keys.itemVersion('I1', '2026-01-01', 'D01').pk, by: ['api'] },
    licenceType: { pk: keys.licenceType('DZZZ001').pk, by: ['api'] },
    record: { pk: keys.record('D01', 'r1').pk, by: ['api'] },
    feedDay: { pk: keys.feedDay('D01', '2026-01-02').pk, by: ['api'] },
    settings: { pk: keys.settings('CALENDAR').pk, by: ['api', 'recompute'] },
    pipelineStatus: { pk: keys.pipelineStatus().pk, by: ['aggregator', 'recompute'] },
    job: { pk: keys.job('FULL').pk, by: ['api', 'aggregator', 'recompute'] },
    pendingDelta: { pk: keys.pendingDelta('CASE#D01#c1').pk, by: ['aggregator', 'recompute'] },
    outboxDelta: { pk: keys.outboxDelta(3, 'ENT#D01#case#c1', 2).pk, by: ['aggregator', 'recompute'] },
    mergeChunk: { pk: keys.mergeChunk(3, 'claim', 0).pk, by: ['aggregator', 'recompute'] },
    mergeChunkSeq: { pk: keys.mergeChunkSeq(3, 17).pk, by: ['aggregator', 'recompute'] },
    mergeSeq: { pk: keys.mergeSeq(3).pk, by: ['aggregator', 'recompute'] },
    pipelineError: { pk: keys.pipelineError('2026-01-02T03:04:05Z', 'n').pk, by: ['aggregator', 'recompute'] },
    redrive: { pk: keys.redrive('2026-01-02T03:04:05Z', 'n').pk, by: ['aggregator', 'recompute'] },
    report: { pk: keys.reportHead('2026-01', 'city').pk, by: ['api', 'reports'] },
    alertRule: { pk: keys.alertRule('r1').pk, by: ['api', 'alerts'] },
    alertState: { pk: keys.alertState('k').pk, by: ['api', 'alerts'] },
    alertDirty: { pk: keys.alertDirty('D01').pk, by: ['api', 'alerts', 'aggregator'] },
    notice: { pk: keys.notice('n1', '2026-01-02T03:04:05Z', 'D01').pk, by: ['api', 'alerts'] },
    noticeRead: { pk: keys.noticeRead('user:x', 'n1').pk, by: ['api'] },
    delivery: { pk: keys.delivery('d1').pk, by: ['api', 'alerts'] },
    entityState: { pk: keys.entityState('D01', 'case', 'c1').pk, by: ['aggregator', 'recompute'] },
    rollup: { pk: keys.rollup('R|dept=D01|2026-01-02').pk, by: ['aggregator', 'recompute'] },
    paperRollup: { pk: keys.rollup('P|dept=D01|2026-01|I1').pk, by: ['aggregator', 'recompute'] },
  };
  for (const [name, { pk, by }] of Object.entries(written)) {
    it(`${name} (${pk}) is written by ${by.join(', ')} only`, () => {
      expect(writersOf(pk).sort()).toEqual([...by].sort());
    });
  }

  it('does not confuse look-alike prefixes (R# rollups vs REC# records and REPORT# reports)', () => {
    expect(writersOf('REC#D01#x')).toEqual(['api']);
    expect(writersOf('R#all=*')).toEqual(['aggregator', 'recompute']);
    expect(writersOf('SETTINGSX')).toEqual([]);
  });
});
