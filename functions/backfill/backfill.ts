// Backfill (历史数据导入): a department's history from NDJSON through the same validation as the
// API, written in bulk, with rollups kept by the same aggregator (exactly once, so the stream
// consumer that also sees these records changes nothing). Resumable: the line number after each
// fully applied chunk is saved, and replaying a chunk answers duplicate.
import type { RecordResult } from '../../shared/contract/records.js';
import type { Services } from '../runtime/services.js';
import type { StoredRecord } from '../store/records-store.js';
import type { ItemVersionsLookup } from '../store/catalog-store.js';
import { SETTINGS } from '../store/settings.js';

export interface BackfillSummary {
  lines: number;
  accepted: number;
  duplicate: number;
  conflict: number;
  rejected: number;
  forbidden: number;
  /** rejected records by rule code (and unparseable lines as `invalid_json`) */
  rejectedBy: Record<string, number>;
  /** a few rejected lines, to show the user */
  examples: Array<{ line: number; id: string | null; errors: RecordResult['errors'] }>;
}

export interface BackfillOptions {
  /** Records without their own `department` go to this department. */
  department?: string;
  chunkSize?: number;
  /** Lines before this one were already applied by an interrupted run. */
  startLine?: number;
  onChunk?: (linesDone: number, summary: BackfillSummary) => void | Promise<void>;
}

export const emptySummary = (): BackfillSummary => ({
  lines: 0,
  accepted: 0,
  duplicate: 0,
  conflict: 0,
  rejected: 0,
  forbidden: 0,
  rejectedBy: {},
  examples: [],
});

/**
 * @param aggregator counts each chunk's stored records (the exactly-once aggregator; the demo's
 *   first load passes a collector and counts them all at the end, see loadFresh)
 * @param lines NDJSON lines; each is a record, or `{ "department": "D-…", "record": { … } }`
 */
export async function runBackfill(
  services: Services,
  aggregator: { processRecords(records: StoredRecord[]): Promise<unknown> },
  lines: AsyncIterable<string>,
  opts: BackfillOptions = {},
): Promise<BackfillSummary> {
  const chunkSize = opts.chunkSize ?? 2000;
  const start = opts.startLine ?? 0;
  const s = emptySummary();
  let lineNo = 0;
  let chunk: Array<{ line: number; dept: string; raw: unknown }> = [];
  // The catalog as read so far, kept from chunk to chunk while its generation (bumped by every
  // catalog write) is unchanged: a run names the same items in every chunk (the demo's first 4,412
  // records: 793 item queries when each chunk read them again, 519 now).
  let catalog: { generation: number; items: ItemVersionsLookup } | undefined;

  const flush = async () => {
    if (!chunk.length) return;
    const generation = (await services.stores.settings.get(SETTINGS.catalogGeneration)) ?? 0;
    if (catalog?.generation !== generation) catalog = { generation, items: services.stores.catalog.cached() };
    const byDept = new Map<string, typeof chunk>();
    for (const c of chunk) {
      const rows = byDept.get(c.dept);
      if (rows) rows.push(c);
      else byDept.set(c.dept, [c]);
    }
    // Records of all departments first, then one aggregation pass over the whole chunk: entities
    // of many departments share city-wide rows, so fewer rollup updates are written.
    const stored: StoredRecord[] = [];
    for (const [dept, rows] of byDept) {
      const bulk = await services.ingest.ingestBulk(
        dept,
        rows.map((r) => r.raw),
        catalog.items,
      );
      stored.push(...bulk.stored);
      bulk.results.forEach((r, i) => {
        s[r.status]++;
        if (r.status === 'rejected' || r.status === 'conflict') {
          for (const code of new Set(r.errors?.map((e) => e.code))) s.rejectedBy[code] = (s.rejectedBy[code] ?? 0) + 1;
          if (s.examples.length < 10) s.examples.push({ line: rows[i]!.line, id: r.id, errors: r.errors });
        }
      });
    }
    await aggregator.processRecords(stored);
    chunk = [];
    await opts.onChunk?.(lineNo, s);
  };

  for await (const text of lines) {
    lineNo++;
    if (lineNo <= start || !text.trim()) continue;
    s.lines++;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      s.rejected++;
      s.rejectedBy.invalid_json = (s.rejectedBy.invalid_json ?? 0) + 1;
      if (s.examples.length < 10)
        s.examples.push({
          line: lineNo,
          id: null,
          errors: [{ path: '', code: 'invalid_json', message: 'the line is not JSON', messageZh: '该行不是有效的 JSON' }],
        });
      continue;
    }
    const wrapped = parsed && typeof parsed === 'object' && 'record' in parsed && 'department' in parsed;
    const dept = wrapped ? String((parsed as { department: unknown }).department) : opts.department;
    if (!dept) throw new Error(`line ${lineNo} names no department: pass --department or write {"department": …, "record": …} lines`);
    if (opts.department && dept !== opts.department) {
      s.forbidden++;
      continue;
    }
    chunk.push({ line: lineNo, dept, raw: wrapped ? (parsed as { record: unknown }).record : parsed });
    if (chunk.length >= chunkSize) await flush();
  }
  await flush();
  return s;
}
