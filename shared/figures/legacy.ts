// What an entity counted by the release before rules versions (rules version 1) wrote, so that
// its state — which kept its records but not what it wrote — can be recounted exactly once under
// today's rules. Version 1 differed from today's rules in three ways only, and each is undone
// here from today's contribution:
//   - a resumption with no open suspension was ignored by the clock (today: cannot be judged);
//     every other contradiction made version 1 throw, so no version-1 state holds one;
//   - there was no cannot-judge counter (cj), and no e-licence counters (lc:, lm:; rules version 4);
//   - paper rows were one per material (P|g=v|period|item|material, counter n), not one per item
//     with a counter per material;
//   - (rules version 5) evaluations had no region (no county rows, no 地区未知 counter) and there
//     were no age-band or assisted-mode counters.
import { orderEvents, type CaseEvent } from '../clock/case-event.js';
import { C, isRulesV5Counter } from './counters.js';
import { assess, type EntityKind, type EntityRecord, type FigureContext } from './contribution.js';
import { materialOfPaperCounter, parseRollupKey, type Contribution } from './rollup-key.js';
import { isLicenceCounter } from './licences.js';

/** The records without the resumptions version 1's clock ignored (no open suspension before them). */
function withoutLoneResumptions(records: readonly EntityRecord[]): EntityRecord[] {
  const live = records.filter((r) => !r.voided && r.type.startsWith('case.'));
  const timed = orderEvents(live.map((r): CaseEvent => ({ id: r.id, type: r.type as CaseEvent['type'], at: r.atMs })));
  const lone = new Set<string>();
  let suspended = false;
  for (const { event } of timed) {
    if (event.type === 'case.accepted') suspended = false;
    else if (event.type === 'case.suspended') suspended = true;
    else if (event.type === 'case.resumed') {
      if (suspended) suspended = false;
      else lone.add(event.id);
    }
  }
  return records.filter((r) => !lone.has(r.id));
}

export function contributionV1(kind: EntityKind, dept: string, records: readonly EntityRecord[], ctx: FigureContext): Contribution {
  const { caseRegion: _noRegion, ...noRegion } = ctx;
  const today = assess(kind, dept, kind === 'case' ? withoutLoneResumptions(records) : records, noRegion).contribution;
  const out: Contribution = new Map();
  for (const [key, row] of today) {
    if (kind === 'evaluation' && ['county', 'dept_county', 'town'].includes(parseRollupKey(key).grain)) continue;
    if (key.startsWith('P|')) {
      for (const [counter, n] of Object.entries(row)) {
        const material = materialOfPaperCounter(counter);
        if (material !== undefined && n) out.set(`${key}|${material}`, { n });
      }
      continue;
    }
    const { [C.cannotJudge]: _cj, ...kept } = row;
    const rest = Object.fromEntries(Object.entries(kept).filter(([k]) => !isLicenceCounter(k) && !isRulesV5Counter(k)));
    if (Object.keys(rest).length) out.set(key, rest);
  }
  return out;
}
