// AWS Lambda entry of the recompute job (重算任务), run every minute by an EventBridge rule with
// a reserved concurrency of 1: asks for a full recompute when the contribution rules changed
// with this release, finishes large deltas a crash left half-applied, then works through the
// outstanding requests (calendar, catalog, rules) until shortly before its own timeout; on its
// first run it gives complaints and evaluations stored before the work lists their list keys, and
// moves open cases stored before the per-department open-case index to it. The
// cursor is saved after every page, so the next run continues. It also counts again the record
// keys of batches the stream gave up on (redrive), and reports the cannot-judge gauge.
import type { Context } from 'aws-lambda';
import { loadConfig } from '../config.js';
import { createDb } from '../store/client.js';
import { createStores } from '../store/index.js';
import { createAggregator } from '../aggregator/aggregate.js';
import { createCalendarProvider } from '../store/calendar-provider.js';
import { emitMetrics } from '../aggregator/metrics.js';
import { createRecomputeJob } from '../aggregator/recompute-job.js';
import { redrive } from '../aggregator/redrive.js';
import { SETTINGS } from '../store/settings.js';

const config = loadConfig();
const stores = createStores(
  createDb({ tableName: config.tableName, region: config.region, ...(config.ddbEndpoint ? { endpoint: config.ddbEndpoint } : {}) }),
);
const aggregator = createAggregator(stores, createCalendarProvider(stores.settings));
const job = createRecomputeJob(stores, aggregator);
const MARGIN_MS = 30_000;

export async function handler(_event: unknown, context: Context) {
  await job.ensureRulesCurrent();
  // Complaints and evaluations stored before the work lists existed get their list keys, once
  // (npm start does the same at its start).
  if (!(await stores.settings.get(SETTINGS.feedbackListsIndexed))) {
    const indexed = await stores.entities.indexFeedbackStates();
    await stores.settings.put(SETTINGS.feedbackListsIndexed, true, 'recompute', new Date().toISOString());
    console.log(JSON.stringify({ message: 'work lists indexed', indexed }));
  }
  // Open cases stored before the per-department open-case index move to it, once.
  if (!(await stores.settings.get(SETTINGS.openCasesReindexed))) {
    const moved = await stores.entities.reindexOpenCases();
    await stores.settings.put(SETTINGS.openCasesReindexed, true, 'recompute', new Date().toISOString());
    console.log(JSON.stringify({ message: 'open cases moved to the per-department index', moved }));
  }
  const redriven = await redrive(stores, aggregator);
  const r = await job.runSlice({ budgetMs: Math.max(1_000, context.getRemainingTimeInMillis() - MARGIN_MS) });
  let cannotJudge = 0;
  for (const d of await stores.departments.list()) cannotJudge += await stores.entities.problemCount(d.code);
  emitMetrics({ CannotJudgeEntities: cannotJudge });
  console.log(JSON.stringify({ message: 'recompute slice', ...r, redriven, cannotJudge }));
  return { ...r, redriven };
}
