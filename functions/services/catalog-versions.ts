// Which catalog item version applies on a day. Its own module (no schema library): the
// aggregator and the recompute worker need this and nothing else of catalog-service.ts, whose
// zod contract would otherwise be ~440 KB of their cold start (issue 10).

/** The version in force on `day` (versions sorted by effectiveFrom): the last one that began by then. */
export function versionOn<T extends { effectiveFrom: string }>(versions: T[], day: string): T | undefined {
  let found: T | undefined;
  for (const v of versions) if (v.effectiveFrom <= day) found = v;
  return found;
}

/** Bumped on every catalog write, so cached catalog snapshots know when to reload (here, free of zod, for the report scheduler). */
export const CATALOG_GENERATION = 'CATALOG_GEN';
