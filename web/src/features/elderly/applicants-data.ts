// 年龄段与帮办代办方式 Applicants by age band and by assisted mode, pure: the rows of
// GET /v1/figures/applicants labelled in the page's language, and their tables (CSV included).
import type { ApplicantsAnswer } from '../../../../shared/contract/figure-views';
import type { Column, TableData } from '../../components/charts/table-data';
import type { Translate } from '../../i18n/i18n';
import { AGE_BAND_LABEL, ASSISTED_LABEL } from '../../i18n/domain-labels';

/** GET /v1/figures/applicants: the contract's answer (shared/contract/figure-views.ts), type-only. */
export type Applicants = ApplicantsAnswer;

/** A row of either breakdown, flat: a count and two rates with their parts. */
export interface ApplicantRow {
  key: string;
  label: string;
  cases: number;
  share: number | null;
  shareN: number;
  shareD: number;
  sub: number;
  subShare: number | null;
  subShareN: number;
  subShareD: number;
}

export function ageBandRows(a: Applicants, t: Translate): ApplicantRow[] {
  return a.ageBands.map((r) => ({
    key: r.band,
    label: t(AGE_BAND_LABEL[r.band]),
    cases: r.cases,
    share: r.share.value,
    shareN: r.share.numerator ?? 0,
    shareD: r.share.denominator ?? 0,
    sub: r.assisted,
    subShare: r.assistedShare.value,
    subShareN: r.assistedShare.numerator ?? 0,
    subShareD: r.assistedShare.denominator ?? 0,
  }));
}

export function assistedRows(a: Applicants, t: Translate): ApplicantRow[] {
  return a.assisted.map((r) => ({
    key: r.mode,
    label: t(ASSISTED_LABEL[r.mode]),
    cases: r.cases,
    share: r.share.value,
    shareN: r.share.numerator ?? 0,
    shareD: r.share.denominator ?? 0,
    sub: r.elderly,
    subShare: r.elderlyShare.value,
    subShareN: r.elderlyShare.numerator ?? 0,
    subShareD: r.elderlyShare.denominator ?? 0,
  }));
}

/** The table (and CSV) of a breakdown: name, cases, share, the sub-count and its share, with parts. */
export function applicantTable(rows: readonly ApplicantRow[], t: Translate, kind: 'ageBand' | 'assisted'): TableData<ApplicantRow> {
  const [nameLabel, shareLabel, subLabel, subShareLabel] =
    kind === 'ageBand'
      ? [t('elderly.ageBand'), t('elderly.bandShare'), t('elderly.assistedCount'), t('elderly.assistedShare')]
      : [t('elderly.assistedMode'), t('elderly.modeShare'), t('elderly.elderlyCount'), t('elderly.elderlyShare')];
  const columns: Array<Column<ApplicantRow>> = [
    { id: 'name', label: nameLabel, kind: 'text', value: (r) => r.label, rowHeader: true },
    { id: 'cases', label: t('elderly.cases'), kind: 'count', value: (r) => r.cases },
    { id: 'share', label: shareLabel, kind: 'rate', value: (r) => r.share },
    { id: 'share_d', label: t('table.denominatorOf', { name: shareLabel }), kind: 'count', value: (r) => r.shareD },
    { id: 'sub', label: subLabel, kind: 'count', value: (r) => r.sub },
    { id: 'subShare', label: subShareLabel, kind: 'rate', value: (r) => r.subShare },
    { id: 'subShare_d', label: t('table.denominatorOf', { name: subShareLabel }), kind: 'count', value: (r) => r.subShareD },
  ];
  return { columns, rows, rowKey: (r) => r.key };
}
