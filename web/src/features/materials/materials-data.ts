// 免证办与材料精简 Certificate-free handling and materials, pure: how required materials were
// provided (exempted by method, uploaded, on paper), the ranking of materials still handed in on
// paper with what to do next, and exemption coverage per department and level.
import type { Level } from '../../../../shared/enums';
import type { Column, TableData } from '../../components/charts/table-data';
import { formatCount, formatRate } from '../../format/format';
import type { Translate } from '../../i18n/i18n';
import type { Locale, MessageKey } from '../../i18n/messages';
import { EXEMPTION_LABEL, LEVEL_LABEL, MATERIAL_KIND_LABEL } from '../../i18n/domain-labels';
import type { MaterialFigures, PaperRow } from '../dashboard/fetch-figures';
import type { CoverageOf, LicenceFigures, LicenceRow } from './fetch-materials';

export type MethodKey = 'e_license' | 'data_sharing' | 'commitment' | 'upload' | 'paper';
export interface MethodRow {
  key: MethodKey;
  label: string;
  count: number;
  share: number | null;
  exempted: boolean;
}

const METHOD_LABEL: Record<MethodKey, MessageKey> = {
  e_license: 'exemption.e_license',
  data_sharing: 'exemption.data_sharing',
  commitment: 'exemption.commitment',
  upload: 'materials.upload',
  paper: 'materials.paper',
};

/** Required materials by how they were provided; shares of the required total ("—" when nothing was required). */
export function materialsByMethod(m: MaterialFigures, t: Translate): MethodRow[] {
  const counts: Record<MethodKey, number> = { ...m.exemptedBy, upload: m.upload, paper: m.paper };
  return (Object.keys(METHOD_LABEL) as MethodKey[]).map((key) => ({
    key,
    label: t(METHOD_LABEL[key]),
    count: counts[key],
    share: m.required === 0 ? null : counts[key] / m.required,
    exempted: key !== 'upload' && key !== 'paper',
  }));
}

export function methodTable(rows: readonly MethodRow[], required: number, t: Translate): TableData<MethodRow> {
  return {
    columns: [
      { id: 'method', label: t('materials.method'), kind: 'text', value: (r) => r.label, rowHeader: true },
      { id: 'exempted', label: t('materials.isExempted'), kind: 'text', value: (r) => (r.exempted ? t('common.yes') : t('common.no')) },
      { id: 'count', label: t('materials.count'), kind: 'count', value: (r) => r.count },
      { id: 'share', label: t('materials.shareOfRequired', { n: required }), kind: 'rate', value: (r) => r.share },
    ],
    rows,
    rowKey: (r) => r.key,
  };
}

export interface PaperRankRow extends PaperRow {
  rank: number;
  display: string;
  deptName: string;
  suggestion: string;
}

/**
 * The materials most often handed in on paper, most first: where the next exemption saves most.
 * The suggestion follows the material's kind: a certificate can come from the e-licence library,
 * a proof from data sharing or a written commitment (告知承诺); forms can be filled online.
 */
export function paperRanking(rows: readonly PaperRow[], deptName: (code: string) => string, t: Translate): PaperRankRow[] {
  return rows.map((r, i) => ({
    ...r,
    rank: i + 1,
    display: `${r.itemName ?? r.itemCode} · ${r.materialName ?? r.materialCode}`,
    deptName: r.departmentCode ? deptName(r.departmentCode) : '—',
    suggestion: t(
      r.exemption && r.exemption !== 'none'
        ? 'materials.suggestUse'
        : r.materialKind === 'certificate'
          ? 'materials.suggestELicense'
          : r.materialKind === 'proof'
            ? 'materials.suggestSharing'
            : r.materialKind === 'form'
              ? 'materials.suggestOnline'
              : 'materials.suggestReview',
    ),
  }));
}

export function paperTable(rows: readonly PaperRankRow[], t: Translate): TableData<PaperRankRow> {
  const has = <K extends string>(o: Record<K, unknown>, k: string | null): k is K => k !== null && k in o;
  const columns: Array<Column<PaperRankRow>> = [
    { id: 'rank', label: t('ranking.rank'), kind: 'count', value: (r) => r.rank },
    {
      id: 'material',
      label: t('materials.material'),
      kind: 'text',
      value: (r) => r.materialName ?? r.materialCode,
      rowHeader: true,
      wrap: true,
    },
    {
      id: 'item',
      label: t('filters.item'),
      kind: 'text',
      value: (r) => r.itemName ?? r.itemCode,
      wrap: true,
      secondary: (r) => (r.itemName ? r.itemCode : undefined),
    },
    { id: 'itemCode', label: t('materials.itemCode'), kind: 'text', value: (r) => r.itemCode, csvOnly: true },
    { id: 'department', label: t('filters.department'), kind: 'text', value: (r) => r.deptName, wrap: true },
    {
      id: 'kind',
      label: t('materials.kind'),
      kind: 'text',
      value: (r) => (has(MATERIAL_KIND_LABEL, r.materialKind) ? t(MATERIAL_KIND_LABEL[r.materialKind]) : '—'),
    },
    {
      id: 'exemption',
      label: t('materials.currentExemption'),
      kind: 'text',
      value: (r) => (has(EXEMPTION_LABEL, r.exemption) ? t(EXEMPTION_LABEL[r.exemption]) : '—'),
    },
    { id: 'paper', label: t('materials.paperCount'), kind: 'count', value: (r) => r.paper },
    { id: 'suggestion', label: t('materials.suggestion'), kind: 'text', value: (r) => r.suggestion, wrap: true },
  ];
  return { columns, rows, rowKey: (r) => `${r.itemCode}#${r.materialCode}` };
}

export interface CoverageRow {
  key: string;
  label: string;
  items: number;
  free: number;
  coverage: number | null;
  barText: string;
}

/** Exemption coverage (免证办覆盖率) per department or level: highest first, rows without items left out. */
export function coverageRows<K extends string>(
  list: ReadonlyArray<CoverageOf<K>>,
  name: (key: K) => string,
  locale: Locale,
  t: Translate,
  keepEmpty = false,
): CoverageRow[] {
  return list
    .filter((c) => keepEmpty || c.catalog.items > 0)
    .map((c) => ({
      key: c.key,
      label: name(c.key),
      items: c.catalog.items,
      free: c.catalog.certificateFreeItems,
      coverage: c.catalog.coverage,
      barText: `${formatRate(c.catalog.coverage, locale)}（${t('materials.itemsOf', { n: formatCount(c.catalog.certificateFreeItems, locale), d: formatCount(c.catalog.items, locale) })}）`,
    }))
    .sort((a, b) => (b.coverage ?? -1) - (a.coverage ?? -1) || b.items - a.items);
}

export function levelName(t: Translate) {
  return (l: Level) => t(LEVEL_LABEL[l]);
}

export function coverageTable(rows: readonly CoverageRow[], t: Translate, nameLabel: string): TableData<CoverageRow> {
  return {
    columns: [
      { id: 'name', label: nameLabel, kind: 'text', value: (r) => r.label, rowHeader: true },
      { id: 'coverage', label: t('figure.coverage'), kind: 'rate', value: (r) => r.coverage },
      { id: 'free', label: t('materials.freeItems'), kind: 'count', value: (r) => r.free },
      { id: 'items', label: t('materials.items'), kind: 'count', value: (r) => r.items },
    ],
    rows,
    rowKey: (r) => r.key,
  };
}

/** 电子证照类型排名: the licence types by cases exempted, with materials and the items naming them. */
export interface LicenceRankRow extends LicenceRow {
  display: string;
}

export function licenceRanking(f: LicenceFigures, t: Translate): LicenceRankRow[] {
  return f.rows.map((r) => ({ ...r, display: r.name ?? `${r.code}（${t('licences.notInCatalog')}）` }));
}

export function licenceTable(rows: readonly LicenceRankRow[], t: Translate): TableData<LicenceRankRow> {
  return {
    columns: [
      { id: 'rank', label: t('ranking.rank'), kind: 'count', value: (r) => r.rank },
      {
        id: 'licence',
        label: t('licences.type'),
        kind: 'text',
        value: (r) => r.display,
        rowHeader: true,
        wrap: true,
        secondary: (r) => r.code,
      },
      { id: 'code', label: t('licences.code'), kind: 'text', value: (r) => r.code, csvOnly: true },
      { id: 'cases', label: t('licences.cases'), kind: 'count', value: (r) => r.cases },
      { id: 'materials', label: t('licences.materials'), kind: 'count', value: (r) => r.materials },
      { id: 'items', label: t('licences.items'), kind: 'count', value: (r) => r.items },
    ],
    rows,
    rowKey: (r) => r.code,
  };
}
