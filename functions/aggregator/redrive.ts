// Counting again what the stream gave up on (重新汇总): the record keys kept by a failed batch are
// read back (consistently) and given to the aggregator, which counts each entity exactly once
// whatever was counted before (aggregate.ts), so a redrive can never double anything.
import type { Stores } from '../store/index.js';
import type { Aggregator } from './aggregate.js';

export async function redrive(stores: Stores, aggregator: Aggregator, log?: (line: string) => void): Promise<number> {
  let n = 0;
  for (const entry of await stores.pipeline.redriveEntries()) {
    const byDept = new Map<string, string[]>();
    for (const r of entry.records) byDept.set(r.dept, [...(byDept.get(r.dept) ?? []), r.id]);
    for (const [dept, ids] of byDept) {
      const records = await stores.records.getMany(dept, ids);
      await aggregator.processRecords(records);
      n += records.length;
    }
    await stores.pipeline.redriveDone(entry.sk);
    log?.(`redrive: ${entry.records.length} records of a batch failed at ${entry.at} counted again`);
  }
  return n;
}
