// Starts `npm start`'s server with the dashboard scenario seeded, for looking at the dashboard by
// hand: `tsx test/support/dashboard-dev-server.ts [port] [data-dir]`. With an existing data
// folder (from an earlier run) it starts on that data without seeding again. Prints the URL, the
// administrator token and the scenario's users.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDashboardScenario } from './dashboard-scenario.js';

const port = process.argv[2] ?? '3100';
const reuse = process.argv[3] && existsSync(join(process.argv[3], 'dynamodb')) ? process.argv[3] : undefined;
process.env.ADMIN_TOKEN ??= 'dev-admin-token-0123456789';
const { startLocal } = await import('../../functions/local/start.js');
const dataDir = reuse ?? mkdtempSync(join(tmpdir(), 'sp-dash-'));
const local = await startLocal(['--port', port, '--data-dir', dataDir]);
for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.once(sig, () => {
    void local.stop().then(() => process.exit(0));
  });
if (!reuse) {
  const t0 = Date.now();
  try {
    const facts = await seedDashboardScenario({
      url: local.url,
      adminToken: process.env.ADMIN_TOKEN,
      ...(process.env.SCENARIO_SCALE ? { scale: Number(process.env.SCENARIO_SCALE) } : {}),
      ...(process.env.SCENARIO_MONTHS ? { months: Number(process.env.SCENARIO_MONTHS) } : {}),
      onStep: (name, ms) => console.log(`${ms} ms: ${name}`),
    });
    const t1 = Date.now();
    await local.stream.idle(900_000);
    console.log(`seeded ${facts.recordsPosted} records in ${t1 - t0} ms, aggregated ${Date.now() - t1} ms later`);
    console.log(JSON.stringify({ users: facts.users, red: facts.explainedRedCase }, null, 1));
  } catch (e) {
    await local.stop();
    throw e;
  }
}
console.log(`ready: ${local.url} (data ${dataDir}, admin token ${process.env.ADMIN_TOKEN})`);
