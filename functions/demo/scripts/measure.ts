// Measures the demo generator (run by hand): records/s for a year of N cases and the seed figures
// computed brute force from the stream, scaled to the demo city's year.
//   npx tsx functions/demo/scripts/measure.ts [cases=1000000] [seed=1] [year=2025]
import {
  CITY_CASES_PER_YEAR,
  calibrateRecords,
  generateCatalog,
  generateDepartments,
  generateDivisions,
  generateRecords,
  scaleToCity,
} from '../index.js';

const cases = Number(process.argv[2] ?? 1_000_000);
const seed = Number(process.argv[3] ?? 1);
const year = Number(process.argv[4] ?? 2025);

const t0 = performance.now();
const divisions = generateDivisions();
const departments = generateDepartments();
const catalog = generateCatalog({ seed, year });
const tSetup = performance.now() - t0;
const cal = calibrateRecords(catalog, year);

const nearbyLevels = new Set(['town', 'street', 'village', 'community']);
const types: Record<string, number> = {};
const categories: Record<string, number> = {};
let n = 0,
  required = 0,
  exempted = 0,
  paper = 0,
  accepted = 0,
  online = 0,
  nearby = 0,
  withBand = 0,
  elderly = 0,
  assisted = 0;
let evaluations = 0,
  bad = 0,
  heapPeak = 0;
const t1 = performance.now();
for (const { record: r } of generateRecords({ seed, year, casesPerYear: cases, catalog, departments, divisions })) {
  n += 1;
  types[r.type] = (types[r.type] ?? 0) + 1;
  if (r.type === 'case.accepted') {
    accepted += 1;
    for (const m of r.materials) {
      required += 1;
      if (m.via === 'e_license' || m.via === 'data_sharing' || m.via === 'commitment') exempted += 1;
      else if (m.via === 'paper') paper += 1;
    }
    if (r.channel === 'online' || r.channel === 'mobile') online += 1;
    if (nearbyLevels.has(divisions.byCode.get(r.regionCode)!.level)) nearby += 1;
    if (r.applicant.type === 'person' && r.applicant.ageBand) {
      withBand += 1;
      if (r.applicant.ageBand !== 'under_60') {
        elderly += 1;
        if (r.assisted !== 'none') assisted += 1;
      }
    }
  } else if (r.type === 'complaint.received') categories[r.category] = (categories[r.category] ?? 0) + 1;
  else if (r.type === 'evaluation.submitted') {
    evaluations += 1;
    if (r.score <= 2) bad += 1;
  }
  if ((n & 0xffff) === 0) heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
}
const ms = performance.now() - t1;
const complaints = Object.values(categories).reduce((a, b) => a + b, 0);
const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
console.log(
  JSON.stringify(
    {
      cases,
      seed,
      year,
      setupMs: Math.round(tSetup),
      generateMs: Math.round(ms),
      records: n,
      recordsPerSecond: Math.round(n / (ms / 1000)),
      casesPerSecond: Math.round(cases / (ms / 1000)),
      heapPeakMB: Math.round(heapPeak / 2 ** 20),
      types,
      calibration: {
        exemptViaMethod: cal.exemptViaMethod.toFixed(3),
        delegatedWeightMultiplier: cal.delegatedWeightMultiplier.toFixed(2),
        elderlyBase: cal.elderlyBase.toFixed(3),
        catalogExemptShare: cal.catalogExemptShare.toFixed(3),
      },
      figures: {
        materialReduction: pct(exempted / required),
        onlineShare: pct(online / accepted),
        nearbyShare: pct(nearby / accepted),
        elderlyShare: pct(elderly / withBand),
        assistedOfElderly: pct(assisted / elderly),
        complaintRate: pct(complaints / accepted),
        unnecessaryProofShare: pct((categories.unnecessary_proof ?? 0) / complaints),
        evaluationRate: pct(evaluations / (types['case.completed'] ?? 1)),
        badReviewShare: pct(bad / evaluations),
        materialsPerCase: (required / accepted).toFixed(3),
        exemptedPerCase: (exempted / accepted).toFixed(3),
        paperAvoidedPerCase: ((required - paper) / accepted).toFixed(3),
        cityCasesPerYear: CITY_CASES_PER_YEAR,
        paperAvoidedPerCityYear: Math.round(scaleToCity(required - paper, accepted)),
        exemptedPerCityYear: Math.round(scaleToCity(exempted, accepted)),
      },
    },
    null,
    2,
  ),
);
