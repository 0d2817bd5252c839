// A child process serving the real API (createApp) with @hono/node-server on 127.0.0.1 for the
// ingest benchmark, so the load clients (fetch) do not share an event loop with the server.
// Env: DDB_ENDPOINT, TABLE_NAME, ADMIN_TOKEN, AWS_REGION. Tells the parent its port over IPC;
// on {type:'meter', on} starts/stops the write meter, on {type:'tally'} sends it back. Exits when
// the parent goes away.
import { serve } from '@hono/node-server';
import { loadConfig } from '../../functions/config.js';
import { createApp } from '../../functions/api/app.js';
import { createServices } from '../../functions/runtime/services.js';
import { createDb, ensureTable } from '../../functions/store/client.js';
import { meter } from './ddb-meter.js';

const config = loadConfig(process.env);
const db = createDb({ tableName: config.tableName, region: config.region, endpoint: config.ddbEndpoint! });
await ensureTable(db);
const m = meter(db);
const app = createApp(createServices(db, config));
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
server.once('listening', () => {
  const a = server.address();
  process.send!({ type: 'ready', port: typeof a === 'object' && a ? a.port : 0 });
});
process.on('message', (msg: { type: string; on?: boolean }) => {
  if (msg.type === 'meter') {
    m.reset();
    m.clearShadow();
    m.enable(Boolean(msg.on));
    process.send!({ type: 'ok' });
  }
  if (msg.type === 'tally') process.send!({ type: 'tally', tally: m.tally() });
  if (msg.type === 'cpu') process.send!({ type: 'cpu', cpu: process.cpuUsage() });
});
process.on('disconnect', () => process.exit(0));
