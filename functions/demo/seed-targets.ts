// The seed's figures (../../../shared/seed: 淄博市行政审批服务局's reply of 2023-08-04 to 政协
// proposal 1302359, 张建全) as the demo reproduces them, with the tolerances the tests allow.
// Exact catalog counts are exact; shares computed from generated records carry sampling noise.
//
// Volume and "600余万份" (年免提交纸质材料): the seed gives no case volume for Zibo, so the demo
// chooses one. domain.md defines 免提交纸质材料 (paper avoided) as required − paper over accepted
// cases' materials, which counts exempted materials AND electronic uploads. The generator gives
// ≈ 4.07 paper-avoided materials per accepted case (≈ 5.27 listed, ≈ 1.76 exempted, ≈ 2.3 uploaded;
// measured, see README.md), so "600余万" (6.0–7.0 million) corresponds to ≈ 1.5–1.7 million accepted
// cases a year; we take CITY_CASES_PER_YEAR = 1,600,000 (≈ 6.5 million paper avoided). Had the
// bureau counted exempted materials only (the narrower reading of 免证办), the same figure would
// need ≈ 3.4–4.0 million cases a year; with 6–8 million cases a year the dashboard would show
// 24–33 million, contradicting the seed. Scale any run with scaleToCity().

import { CATALOG_TARGETS } from './catalog.js';
import { RECORD_CALIBRATION } from './records.js';

/** Accepted cases a year the demo city stands for (see the note above). */
export const CITY_CASES_PER_YEAR = 1_600_000;

export interface Band {
  readonly min: number;
  readonly max: number;
}
const around = (value: number, tolerance: number): Band & { readonly value: number } => ({
  value,
  min: value - tolerance,
  max: value + tolerance,
});

export const SEED_TARGETS = {
  /** 免证办事项: 市本级达969项、区县达903项 (exact, on every date). */
  certificateFreeItems: CATALOG_TARGETS.certificateFree,
  /** Items on each list, of which the above are certificate-free (demo choice: 96.9% and 96.6%). */
  catalogItems: { city: CATALOG_TARGETS.cityItems, county: CATALOG_TARGETS.countyItems },
  /** 镇级可办理事项135项，街道118项，村级办理(代办)79项，社区办理(代办)60项 (exact). */
  delegatedItems: CATALOG_TARGETS.delegated,
  /** 106类电子证照在政务服务领域全面共享 (exact: distinct certificate names exempted as e_license). */
  eLicenseTypes: CATALOG_TARGETS.eLicenseTypes,
  /** 材料精简三分之一: exempted ÷ required over accepted cases. */
  materialReduction: around(RECORD_CALIBRATION.materialReduction, 0.03),
  /** 年免提交纸质材料600余万份, scaled to CITY_CASES_PER_YEAR. */
  paperAvoidedPerYear: { min: 6_000_000, max: 7_000_000 } as Band,
  /** 办事效率提高40%以上 — read as limit compression (1 − Σ promised ÷ Σ statutory) of at least 40%. */
  limitCompression: { min: 0.4, max: 0.6 } as Band,
  /** 七普: 60岁及以上人口占23.24% — the share of 60+ among person applicants with an age band. */
  elderlyShare: around(RECORD_CALIBRATION.elderlyShare, 0.025),
  /** Of the 60+, assisted by proxy or guided (帮办代办). */
  proxyShareOfElderly: { min: 0.35, max: 0.5 } as Band,
  /** 网办率: online + mobile ÷ accepted. */
  onlineShare: { min: 0.55, max: 0.7 } as Band,
  /** 就近办: handled at town/street/village/community ÷ accepted. */
  nearbyShare: { min: 0.25, max: 0.35 } as Band,
  /** 即办件 share of catalog items. */
  immediateItemShare: { min: 0.15, max: 0.25 } as Band,
  /** Completed after the deadline ÷ completed. */
  lateShare: { min: 0.02, max: 0.05 } as Band,
  /** Complaints received ÷ accepted cases (≈ 1%: README, "Complaints: how many"). */
  complaintRate: { min: 0.007, max: 0.014 } as Band,
  /** unnecessary_proof ÷ complaints. */
  unnecessaryProofShare: { min: 0.1, max: 0.15 } as Band,
  /** Evaluations ÷ completed cases. */
  evaluationRate: { min: 0.27, max: 0.33 } as Band,
  /** Scores 1–2 ÷ evaluations. */
  badReviewShare: { min: 0.01, max: 0.03 } as Band,
  /** 全市60岁及以上人口为109万人左右 (context only). */
  elderlyPopulation: 1_090_000,
} as const;

/** A figure measured on a run of `cases` accepted cases, scaled to the demo city's year. */
export function scaleToCity(value: number, cases: number): number {
  return cases > 0 ? (value / cases) * CITY_CASES_PER_YEAR : 0;
}
