// Applicants by age band (年龄段) and by assisted mode (帮办代办): the rows of the elderly page's
// two breakdowns, from counters every case adds to the rows of its grains on its acceptance day
// (counters.ts, `applicantCounter`), so they answer every filter the figures answer. The rows'
// shape is the API's contract (shared/contract/figure-views.ts).
import { AGE_BANDS, ASSISTED } from '../enums.js';
import { applicantCounter, C } from './counters.js';
import type { AgeBandRow, AssistedRow } from '../contract/figure-views.js';
import { rate, type Counters } from './metrics.js';

export type { AgeBandRow, AssistedRow };

const n = (s: Counters, k: string) => s[k] ?? 0;

export function applicantBreakdown(sum: Counters): { ageBands: AgeBandRow[]; assisted: AssistedRow[] } {
  return {
    ageBands: AGE_BANDS.map((band) => {
      const cases = n(sum, applicantCounter.band(band));
      const assisted = n(sum, applicantCounter.bandAssisted(band));
      return { band, cases, share: rate(cases, n(sum, C.ageBanded)), assisted, assistedShare: rate(assisted, cases) };
    }),
    assisted: ASSISTED.map((mode) => {
      const cases = n(sum, applicantCounter.assisted(mode));
      const elderly = n(sum, applicantCounter.assistedElderly(mode));
      return { mode, cases, share: rate(cases, n(sum, C.accepted)), elderly, elderlyShare: rate(elderly, n(sum, C.elderly)) };
    }),
  };
}
