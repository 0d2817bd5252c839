// Rankings with a minimum volume (排名与最低样本量): a department or district is ranked on a rate
// only when the rate's denominator (completed cases, evaluations, catalog items) reaches the
// minimum, so a small unit is not ranked first or last on three cases. Units below it are still
// listed with their counts, unranked. Equal values share a rank (1, 2, 2, 4). A ranking needs two
// units at the minimum: a unit that reaches it alone is not "first" (status `sole_eligible`), so
// a report that says "no ranking this month" never shows a rank 1. The dashboard and the API's
// breakdowns rank with the same rule and the same minimum (the report settings' minVolume).

export type RankingMetric = 'onTimeRate' | 'satisfactionRate' | 'exemptionCoverage';
export type RankingBy = 'department' | 'county';
export type RankStatus = 'ranked' | 'sole_eligible' | 'below_minimum' | 'no_data';
export const RANKING_METRICS: readonly RankingMetric[] = ['onTimeRate', 'satisfactionRate', 'exemptionCoverage'];
/** Fewer units than this at the minimum volume: nobody is ranked. */
export const MIN_RANKED_UNITS = 2;

export interface RateSample {
  value: number | null;
  numerator: number;
  denominator: number;
}

export interface RankInput {
  code: string;
  nameZh: string;
  nameEn: string;
  current: RateSample;
  previous: RateSample | null;
}

export interface RankingRow extends RateSample {
  code: string;
  nameZh: string;
  nameEn: string;
  rank: number | null;
  status: RankStatus;
  previous: (RateSample & { rank: number | null }) | null;
  /** value − previous value, in percentage points; null when either is missing. */
  changePp: number | null;
}

export interface Ranking {
  /** `${by}:${metric}`, e.g. 'department:onTimeRate'. */
  key: string;
  metric: RankingMetric;
  by: RankingBy;
  /** What the minimum counts: completed cases, evaluations or items. */
  volume: 'completed' | 'evaluations' | 'items';
  minVolume: number;
  rankedCount: number;
  belowMinimumCount: number;
  rows: RankingRow[];
}

export const RANKING_VOLUME: Record<RankingMetric, Ranking['volume']> = {
  onTimeRate: 'completed',
  satisfactionRate: 'evaluations',
  exemptionCoverage: 'items',
};

function statusOf(s: RateSample, min: number): RankStatus {
  if (s.value === null || s.denominator === 0) return 'no_data';
  return s.denominator >= min ? 'ranked' : 'below_minimum';
}

/** Competition ranks of the eligible samples, by value (higher first); none with fewer than two. */
function ranks(samples: Array<{ code: string; s: RateSample }>, min: number): Map<string, number> {
  const eligible = samples.filter((x) => statusOf(x.s, min) === 'ranked').sort((a, b) => b.s.value! - a.s.value!);
  const out = new Map<string, number>();
  if (eligible.length < MIN_RANKED_UNITS) return out;
  eligible.forEach((x, i) => {
    const prev = eligible[i - 1];
    out.set(x.code, prev && prev.s.value === x.s.value ? out.get(prev.code)! : i + 1);
  });
  return out;
}

export function rankRows(inputs: readonly RankInput[], min: number): RankingRow[] {
  const now = ranks(
    inputs.map((i) => ({ code: i.code, s: i.current })),
    min,
  );
  const before = ranks(
    inputs.flatMap((i) => (i.previous ? [{ code: i.code, s: i.previous }] : [])),
    min,
  );
  const rows: RankingRow[] = inputs.map((i) => ({
    code: i.code,
    nameZh: i.nameZh,
    nameEn: i.nameEn,
    ...i.current,
    rank: now.get(i.code) ?? null,
    status: statusOf(i.current, min) === 'ranked' && !now.has(i.code) ? ('sole_eligible' as const) : statusOf(i.current, min),
    previous: i.previous ? { ...i.previous, rank: before.get(i.code) ?? null } : null,
    changePp:
      i.current.value !== null && i.previous?.value !== null && i.previous?.value !== undefined
        ? (i.current.value - i.previous.value) * 100
        : null,
  }));
  const order: Record<RankStatus, number> = { ranked: 0, sole_eligible: 0, below_minimum: 1, no_data: 2 };
  return rows.sort(
    (a, b) =>
      order[a.status] - order[b.status] ||
      (a.rank ?? 0) - (b.rank ?? 0) ||
      b.denominator - a.denominator ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

export function buildRanking(metric: RankingMetric, by: RankingBy, inputs: readonly RankInput[], minVolume: number): Ranking {
  const rows = rankRows(inputs, minVolume);
  return {
    key: `${by}:${metric}`,
    metric,
    by,
    volume: RANKING_VOLUME[metric],
    minVolume,
    rankedCount: rows.filter((r) => r.status === 'ranked').length,
    belowMinimumCount: rows.filter((r) => r.status === 'below_minimum').length,
    rows,
  };
}

/**
 * Among ranked units that were also ranked the month before: the largest rise and the largest
 * fall of the rate (percentage points), if any moved.
 */
export function movers(r: Ranking): { up: RankingRow | null; down: RankingRow | null } {
  const both = r.rows.filter(
    (x) => x.status === 'ranked' && x.previous?.rank !== null && x.previous?.rank !== undefined && x.changePp !== null,
  );
  let up: RankingRow | null = null;
  let down: RankingRow | null = null;
  for (const x of both) {
    if (x.changePp! > 0 && (!up || x.changePp! > up.changePp!)) up = x;
    if (x.changePp! < 0 && (!down || x.changePp! < down.changePp!)) down = x;
  }
  return { up, down };
}
