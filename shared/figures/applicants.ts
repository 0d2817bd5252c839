// Applicants by age band (年龄段) and by assisted mode (帮办代办): the rows of the elderly page's
// two breakdowns, from counters every case adds to the rows of its grains on its acceptance day
// (counters.ts, `applicantCounter`), so they answer every filter the figures answer.
import { AGE_BANDS, ASSISTED } from '../contract/enums.js';
import { applicantCounter, C } from './counters.js';
import { rate, type Counters, type MetricValue } from './metrics.js';

export interface AgeBandRow {
  band: (typeof AGE_BANDS)[number];
  /** Accepted cases of person applicants in this band. */
  cases: number;
  /** … of all person applicants with an age band. */
  share: MetricValue;
  /** … of them assisted (proxy or guided, 帮办代办). */
  assisted: number;
  assistedShare: MetricValue;
}

export interface AssistedRow {
  mode: (typeof ASSISTED)[number];
  /** Accepted cases handled with this mode (every applicant). */
  cases: number;
  /** … of all accepted cases. */
  share: MetricValue;
  /** Elderly (60+) person applicants among them. */
  elderly: number;
  /** … of all elderly applicants (the modes add up to 100%). */
  elderlyShare: MetricValue;
}

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
