// The demo city (演示数据: a Zibo-like city): pure, seeded, streaming generators of divisions,
// departments, the service-item catalog and a year of department records, calibrated to the
// bureau's reply in the seed. No I/O and no node:* imports: usable from tests, benchmarks, a CLI
// and the server alike. See README.md for the readings of the seed and measured figures.
//
//   const divisions = generateDivisions();
//   const departments = generateDepartments();
//   const catalog = generateCatalog({ seed: 1, year: 2025 });
//   for (const { department, record } of generateRecords({ seed: 1, year: 2025, casesPerYear: 20_000, catalog, departments, divisions })) …

export { createRng, hashSeed, type Rng } from './rng.js';
export { CITY_CODE12, communityCount, generateDivisions, type DemoDivisions, type DivisionUnit, type UnitLevel } from './divisions.js';
export { cityDepartmentCode, countyApprovalCode, generateDepartments, type DemoDepartment } from './departments.js';
export {
  CATALOG_TARGETS,
  COUNTY_WEIGHTS,
  DEMO_YEAR,
  generateCatalog,
  isCertificateFree,
  versionInForce,
  type CatalogItem,
  type DemoCatalog,
  type DemoItem,
  type GenerateCatalogOptions,
  type ItemProfile,
} from './catalog.js';
export {
  calibrateRecords,
  generateRecords,
  isSpecialMatter,
  RECORD_CALIBRATION,
  type DemoRecord,
  type GenerateRecordsOptions,
  type RecordsCalibration,
} from './records.js';
export { CITY_CASES_PER_YEAR, scaleToCity, SEED_TARGETS, type Band } from './seed-targets.js';
export {
  demoCityPlan,
  demoRecords,
  DEMO_CASES_PER_YEAR,
  DEMO_RANKING_MIN_COMPLETED,
  DEMO_SEED,
  type DemoCityOptions,
  type DemoCityPlan,
} from './city.js';
export { buildWorkingDayIndex, type WorkingDayIndex } from './working-days.js';
export { ZIBO_DIVISION_ROWS, type ZiboDivisionRow } from '../../shared/zibo-divisions.js';
