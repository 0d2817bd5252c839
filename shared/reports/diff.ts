// What changed between two versions of a report (版本差异): the headline figures whose value
// moved, how many ranking rows moved, the special-matter and data-quality totals, the targets,
// and whether the calendar, the catalog or the narrative differ. Kept small: it is stored with
// the version history and shown on the page.
import type { ReportChanges, ReportDoc } from './model.js';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function diffReports(before: ReportDoc, after: ReportDoc): ReportChanges {
  const old = new Map(before.headline.map((h) => [h.id, h]));
  const headline = after.headline.flatMap((h) => {
    const b = old.get(h.id);
    const bv = b?.current.value ?? null;
    const av = h.current.value;
    return same(b?.current, h.current) ? [] : [{ id: h.id, before: bv, after: av }];
  });
  const rows = (d: ReportDoc) =>
    new Map(
      d.rankings.flatMap((r) =>
        r.rows.map((x) => [`${r.key}|${x.code}`, JSON.stringify([x.value, x.numerator, x.denominator, x.rank])] as const),
      ),
    );
  const rb = rows(before);
  const ra = rows(after);
  let rankingRowsChanged = 0;
  for (const k of new Set([...rb.keys(), ...ra.keys()])) if (rb.get(k) !== ra.get(k)) rankingRowsChanged += 1;
  const targetKey = (d: ReportDoc) =>
    new Map(d.targets.rows.map((t) => [`${t.scope}|${t.metric}`, JSON.stringify([t.target, t.direction, t.actual, t.met])]));
  const tb = targetKey(before);
  const ta = targetKey(after);
  let targetsChanged = 0;
  for (const k of new Set([...tb.keys(), ...ta.keys()])) if (tb.get(k) !== ta.get(k)) targetsChanged += 1;
  return {
    headline,
    rankingRowsChanged,
    specialMatters: same(before.specialMatters.totals, after.specialMatters.totals)
      ? null
      : { before: before.specialMatters.totals, after: after.specialMatters.totals },
    dataQualityNotes:
      before.dataQuality.notes.length === after.dataQuality.notes.length
        ? null
        : { before: before.dataQuality.notes.length, after: after.dataQuality.notes.length },
    targetsChanged,
    calendarChanged: before.calendarVersion !== after.calendarVersion,
    catalogChanged: before.catalogGeneration !== after.catalogGeneration,
    narrativeChanged: before.narrative.zh !== after.narrative.zh,
  };
}

/** Whether a regeneration changed nothing a reader would see. */
export function isUnchanged(c: ReportChanges): boolean {
  return (
    !c.headline.length && !c.rankingRowsChanged && !c.specialMatters && !c.dataQualityNotes && !c.targetsChanged && !c.narrativeChanged
  );
}
