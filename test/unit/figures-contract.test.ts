// The figures answer and its contract come from one registry: the answer composed from the
// registry's paths has exactly the keys the schema derived from the same paths declares (no more,
// no fewer, at every level), and both are what GET /v1/figures answered before the registry
// carried the paths (the lists below).
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defaultCalendar } from '../../shared/calendar/index.js';
import { FiguresAnswer, FiguresBody, FiguresSections } from '../../shared/contract/figures.js';
import { catalogFigures } from '../../shared/figures/catalog-figures.js';
import { C, complaintCounter } from '../../shared/figures/counters.js';
import { DEFAULT_DEADLINES } from '../../shared/figures/deadlines.js';
import { buildFigures, readFigure } from '../../shared/figures/figures.js';
import { FIGURE_IDS, FIGURES, METRIC_IDS, STATE_FIGURES } from '../../shared/figures/metrics.js';

const ctx = { today: '2024-04-10', calendar: defaultCalendar, deadlines: DEFAULT_DEADLINES };
const caseParts = [
  {
    from: '2024-03-01',
    to: '2024-03-31',
    counters: {
      [C.accepted]: 10,
      [C.acceptedKnownItem]: 9,
      [C.completed]: 8,
      [C.completedKnownItem]: 8,
      [C.onTime]: 6,
      [C.immediate]: 2,
      [C.matRequired]: 20,
      [C.matPaper]: 5,
      [C.matExemptELicense]: 4,
      [C.matExemptCommitment]: 1,
      [C.certificateFree]: 3,
      [C.complaints]: 99,
    },
  },
];
const feedbackParts = [
  {
    from: '2024-03-01',
    to: '2024-03-31',
    counters: {
      [C.complaints]: 3,
      [complaintCounter.received('unnecessary_proof')]: 1,
      [C.evaluations]: 5,
      [C.satisfied]: 4,
      [C.badReviews]: 1,
    },
  },
];
const catalog = catalogFigures([
  {
    itemCode: 'I1',
    departmentCode: 'D1',
    effectiveFrom: '2024-01-01',
    statutoryDays: 20,
    promisedDays: 5,
    levels: ['city'],
    materials: [{ code: 'M1', kind: 'certificate', exemption: 'e_license' }],
  },
  {
    itemCode: 'I2',
    departmentCode: 'D1',
    effectiveFrom: '2024-01-01',
    statutoryDays: 10,
    promisedDays: 0,
    levels: ['county'],
    materials: [{ code: 'M1', kind: 'proof', exemption: 'none' }],
  },
]);
const answer = {
  ...buildFigures({ from: '2024-03-01', to: '2024-03-31', caseParts, feedbackParts, overdueOpen: 2, catalog, ctx }),
  filter: {},
};

/** Every key path of a value, objects descended into. */
function paths(v: unknown, at = ''): string[] {
  if (v === null || typeof v !== 'object') return [at];
  return Object.entries(v).flatMap(([k, x]) => paths(x, at ? `${at}.${k}` : k));
}
/** Every key path a schema declares (records: their enum's keys). */
function schemaPaths(s: z.ZodType, at = ''): string[] {
  if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) return schemaPaths(s.unwrap() as z.ZodType, at);
  if (s instanceof z.ZodObject)
    return Object.entries(s.shape as Record<string, z.ZodType>).flatMap(([k, x]) => schemaPaths(x, at ? `${at}.${k}` : k));
  if (s instanceof z.ZodRecord) return (s.keyType as z.ZodEnum).options.map((k) => `${at}.${String(k)}`);
  return [at];
}

describe('the figures answer and its contract', () => {
  it('are the same shape: what buildFigures composes is exactly what the schema declares', () => {
    expect(FiguresBody.safeParse(answer).success).toBe(true);
    expect(FiguresAnswer.safeParse(answer).success).toBe(true);
    const declared = schemaPaths(FiguresBody).filter((p) => p !== 'notes' && !p.startsWith('filter'));
    expect(
      paths(answer)
        .filter((p) => p !== 'filter')
        .sort(),
    ).toEqual(declared.sort());
  });

  it('has every section key the API answered before the registry carried the paths', () => {
    const rate = (n: string) => [n, `${n}Parts`];
    const keys = (o: object) => Object.keys(o).sort();
    expect(keys(answer.cases)).toEqual(
      [
        'accepted',
        'completed',
        'onTime',
        ...rate('onTimeRate'),
        'withdrawn',
        'cannotJudge',
        ...rate('immediateShare'),
        ...rate('onlineShare'),
        ...rate('zeroVisitShare'),
        ...rate('atMostOneVisitShare'),
        ...rate('elderlyShare'),
        ...rate('elderlyAssistedShare'),
        ...rate('nearbyShare'),
        'overdueOpen',
        'processingDays',
      ].sort(),
    );
    expect(keys(answer.cases.processingDays)).toEqual(['mean', 'p50', 'p90']);
    expect(keys(answer.materials)).toEqual(
      [
        'required',
        'exempted',
        'paper',
        'upload',
        'paperAvoided',
        ...rate('reductionRate'),
        'certificateFreeCases',
        ...rate('certificateFreeCaseShare'),
        'exemptedBy',
      ].sort(),
    );
    expect(keys(answer.materials.exemptedBy)).toEqual(['commitment', 'data_sharing', 'e_license']);
    expect(keys(answer.complaints)).toEqual(
      [
        'received',
        'unnecessaryProof',
        ...rate('responseOnTimeRate'),
        ...rate('resolutionOnTimeRate'),
        ...rate('followUpSatisfaction'),
        'byCategory',
      ].sort(),
    );
    expect(keys(answer.evaluations)).toEqual(
      ['count', 'regionUnknown', 'bad', ...rate('satisfactionRate'), ...rate('rectificationRate')].sort(),
    );
    expect(keys(answer.catalog)).toEqual(
      ['items', 'certificateFreeItems', ...rate('coverage'), ...rate('limitCompression'), 'immediateItems', 'delegated'].sort(),
    );
  });

  it('reads cases and materials from the case rows, complaints and evaluations from their own', () => {
    expect(answer.cases).toMatchObject({
      accepted: 10,
      onTime: 6,
      onTimeRate: 0.75,
      onTimeRateParts: { numerator: 6, denominator: 8 },
      immediateShare: 0.25,
      overdueOpen: 2,
    });
    expect(answer.materials).toMatchObject({
      required: 20,
      exempted: 5,
      paperAvoided: 15,
      reductionRate: 0.25,
      certificateFreeCaseShare: 3 / 9,
      exemptedBy: { e_license: 4, data_sharing: 0, commitment: 1 },
    });
    expect(answer.complaints).toMatchObject({ received: 3, unnecessaryProof: 1, byCategory: { unnecessary_proof: 1 } });
    expect(answer.evaluations).toMatchObject({ count: 5, bad: 1, satisfactionRate: 0.8 });
  });

  it('puts every figure of the registry at its path, once, and reads it back there', () => {
    const at = FIGURE_IDS.map((id) => `${FIGURES[id].answer.section}.${FIGURES[id].answer.name}`);
    expect(new Set(at).size).toBe(FIGURE_IDS.length);
    expect(FIGURE_IDS).toEqual([...METRIC_IDS, ...Object.keys(STATE_FIGURES)]);
    expect(readFigure(answer, 'onTimeRate')).toEqual({ value: 0.75, parts: { numerator: 6, denominator: 8 } });
    expect(readFigure(answer, 'processingP50')).toEqual({ value: answer.cases.processingDays.p50 });
    expect(readFigure(answer, 'exemptedELicense')).toEqual({ value: 4 });
    expect(readFigure(answer, 'exemptionCoverage')).toEqual({ value: 0.5, parts: { numerator: 1, denominator: 2 } });
    expect(readFigure(answer, 'limitCompression')).toEqual({ value: 1 - 5 / 30, sums: { promisedSum: 5, statutorySum: 30, items: 2 } });
    for (const id of FIGURE_IDS) {
      const r = readFigure(answer, id);
      expect(r.value === null || typeof r.value === 'number', id).toBe(true);
      if (FIGURES[id].unit === 'count') expect(typeof r.value, id).toBe('number');
      if (FIGURES[id].unit === 'rate') expect(r.parts ?? r.sums, id).toBeDefined();
    }
  });

  it('declares a rate as number | null with its parts, a count as a number', () => {
    const cases = FiguresSections.shape.cases.shape;
    expect(cases.onTimeRate.safeParse(null).success).toBe(true);
    expect(cases.accepted.safeParse(null).success).toBe(false);
    expect(cases.onTimeRateParts.safeParse({ numerator: 1, denominator: 2 }).success).toBe(true);
  });
});
