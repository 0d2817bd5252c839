// `npm start`: DynamoDB Local with data on disk, the table, and the API + dashboard from one Node
// process. Ctrl-C stops DynamoDB Local too.
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { CSP_DIRECTIVES, SECURITY_HEADERS } from '../../shared/security-headers.js';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { createApp, notFoundResponse } from '../api/app.js';
import { createServices } from '../runtime/services.js';
import { createDb, enableStream, ensureTable } from '../store/client.js';
import { JavaMissingError, pidFileIn, reapOrphan, startDynamoLocal } from './dynamo-local.js';
import { memoryStage, moveStage, removeStage } from './demo-stage.js';
import { lockDataDir, type DataLock } from './data-lock.js';
import { randomSecret } from '../services/hashing.js';
import { createAggregator } from '../aggregator/aggregate.js';
import { startLocalStream } from '../aggregator/local-stream.js';
import { createRecomputeJob } from '../aggregator/recompute-job.js';
import { createChromiumPdfRenderer } from '../adapters/pdf.js';
import { startReportScheduler } from './report-scheduler.js';
import { startAlertsScheduler } from './alerts-scheduler.js';
import { ensureDemoSinkChannel, SINK_PATH, webhookSink } from './webhook-sink.js';
import { ENDPOINT_FILE } from './endpoint-file.js';
import { DEMO_USERS, loadDemoStaged, type DemoHistoryProgress } from '../demo/load-demo.js';
import { SETTINGS } from '../store/settings.js';

const WEB_DIST = resolve(import.meta.dirname, '../../web/dist');

/** The administrator token: ADMIN_TOKEN when set, else generated once and kept in the data folder. */
function adminToken(dataDir: string, fromEnv: string | undefined): { token: string; generated: boolean; file?: string } {
  if (fromEnv) return { token: fromEnv, generated: false };
  const file = join(dataDir, 'admin-token.txt');
  if (existsSync(file)) return { token: readFileSync(file, 'utf8').trim(), generated: false, file };
  const token = `spa_${randomSecret(24)}`;
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, generated: true, file };
}

/** The stage folder an unfinished demo load named in its "loading" marker, if any. */
function readStage(marker: string): unknown {
  try {
    return (JSON.parse(readFileSync(marker, 'utf8')) as { stage?: unknown }).stage;
  } catch {
    return undefined;
  }
}

export async function startLocal(argv = process.argv.slice(2)) {
  // The SDK warns on every client under Node < 22; Lambda runs nodejs22.x, and Node 20 is fine here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, demo: { type: 'boolean' }, 'demo-cases': { type: 'string' } },
    allowPositionals: false,
  });
  const base = loadConfig();
  // The demo city lives in its own data folder, so it never mixes with real data.
  const dataDir = resolve(values['data-dir'] ?? (values.demo ? `${base.dataDir}-demo` : base.dataDir));
  mkdirSync(dataDir, { recursive: true });
  // One server per data folder: a second start refuses here, before touching anything.
  const lock = lockDataDir(dataDir);
  try {
    return await startLocked(values, base, dataDir, lock);
  } catch (e) {
    lock.release();
    throw e;
  }
}

async function startLocked(
  values: { port?: string; demo?: boolean; 'demo-cases'?: string },
  base: ReturnType<typeof loadConfig>,
  dataDir: string,
  lock: DataLock,
) {
  const admin = adminToken(dataDir, base.adminToken);

  // The demo city loads on the first start, into an empty table (see loadDemo); a load that was
  // interrupted left its "loading" marker and no "loaded" one, and its partial data is cleared.
  const demoMarker = join(dataDir, 'demo-loaded.json');
  const demoLoading = join(dataDir, 'demo-loading.json');
  const loadDemoNow = Boolean(values.demo) && !existsSync(demoMarker);
  const dbDir = join(dataDir, 'dynamodb');
  // A memory-backed folder a killed first load was building in (demo-stage.ts) goes too.
  if (loadDemoNow && existsSync(demoLoading)) removeStage(readStage(demoLoading));
  if (loadDemoNow && existsSync(dbDir)) {
    // Only a demo load of our own is ever cleared: never a folder that holds someone's data.
    if (!existsSync(demoLoading))
      throw new ConfigError(
        `${dataDir} already holds data that is not the demo city: choose another --data-dir for --demo (the default is .data-demo). 该数据目录已有非演示数据，请为演示另选 --data-dir。`,
      );
    console.log('上次演示数据载入未完成，重新载入 The last demo load did not finish: starting it over.');
    // Its DynamoDB Local first, if it was orphaned: its pid file goes with the folder.
    reapOrphan(pidFileIn(dbDir));
    rmSync(dbDir, { recursive: true, force: true });
  }
  const stage = loadDemoNow && base.demoStage === 'memory' ? memoryStage() : undefined;
  if (loadDemoNow) writeFileSync(demoLoading, JSON.stringify({ startedAt: new Date().toISOString(), ...(stage ? { stage } : {}) }));
  // The pid file stays in the data folder even while the first load is built elsewhere.
  let ddb = await startDynamoLocal({ dataDir: stage ?? dbDir, pidFile: pidFileIn(dbDir) });
  const config = loadConfig({
    ...process.env,
    DDB_ENDPOINT: ddb.endpoint,
    ADMIN_TOKEN: admin.token,
    DATA_DIR: dataDir,
    ...(values.port ? { PORT: values.port } : {}),
  });
  const db = createDb({ tableName: config.tableName, region: config.region, endpoint: ddb.endpoint });
  // A demo table is made without its stream: what the first load writes is counted by the load
  // itself (loadFresh), so nothing needs to read it back, and DynamoDB Local writes less.
  await ensureTable(db, { stream: !loadDemoNow });
  const services = createServices(db, config);
  const api = createApp(services);

  let stopping = false;
  let demo: { loadedNow: boolean; seconds?: number } | undefined;
  // The demo's older history, loaded after the server opens (loadDemoStaged): until it is done
  // the stream stays off, the stream consumer, recompute job and schedulers wait, and the API
  // refuses writes (503), so that loadFresh is the only thing counting (exactly once).
  let history: { run: () => Promise<void>; progress: () => DemoHistoryProgress } | undefined;
  if (values.demo) {
    if (!loadDemoNow) demo = { loadedNow: false };
    else {
      // Before the stream consumer starts and before the server listens: nothing else writes.
      console.log(
        '正在载入演示城市 Loading the demo city (first start only): the last two months first, older months after the server has opened…',
      );
      const started = Date.now();
      const staged = await loadDemoStaged(api, services, createAggregator(services.stores, services.calendars), admin.token, {
        ...(values['demo-cases'] ? { casesPerYear: Number(values['demo-cases']) } : {}),
        onProgress: (m) => console.log(`  ${m}`),
      }).catch(async (e: unknown) => {
        await ddb.stop();
        removeStage(stage);
        throw e;
      });
      const first = staged.first;
      if (stage) {
        // Built in memory: onto the disk before the server opens, DynamoDB Local on the same port.
        const t = Date.now();
        await ddb.stop();
        const bytes = moveStage(stage, dbDir);
        ddb = await startDynamoLocal({ dataDir: dbDir, port: ddb.port });
        console.log(
          `  已写入数据目录 moved to the data folder on disk: ${(bytes / 1024 ** 2).toFixed(0)} MB in ${((Date.now() - t) / 1000).toFixed(1)} s`,
        );
      }
      demo = { loadedNow: true, seconds: first.seconds };
      console.log(
        `  最近两个月已载入 the last two months loaded in ${first.seconds.toFixed(0)} s: ${first.summary.accepted} records, ${first.departments} departments, ${first.items} items`,
      );
      history = {
        progress: staged.progress,
        run: async () => {
          const rest = await staged.history(
            (p) =>
              console.log(`  历史数据 history ${p.monthsDone}/${p.monthsTotal} months loaded: figures complete from ${p.loadedFrom}-01`),
            () => stopping,
          );
          if (!staged.progress().done) return; // stopped: no marker, the next start loads anew
          await enableStream(db);
          const seconds = (Date.now() - started) / 1000;
          writeFileSync(
            demoMarker,
            JSON.stringify(
              {
                loadedAt: new Date().toISOString(),
                seconds,
                openedAfterSeconds: first.seconds,
                summary: { first: first.summary, history: rest.summary },
              },
              null,
              2,
            ),
          );
          rmSync(demoLoading, { force: true });
          console.log(
            `  演示城市已全部载入 the whole demo city loaded in ${seconds.toFixed(0)} s (${first.summary.accepted + rest.summary.accepted} records)`,
          );
        },
      };
      services.pipeline.attachHistoryLoad(() => history?.progress() ?? null);
    }
  }

  // Complaints and evaluations stored before the work lists existed get their list keys, once.
  // (A demo loaded just now wrote them with its states: no scan needed.)
  if (!(await services.stores.settings.get(SETTINGS.feedbackListsIndexed))) {
    const n = demo?.loadedNow ? 0 : await services.stores.entities.indexFeedbackStates();
    if (n) console.log(`  投诉与评价明细已建立索引 indexed ${n} complaints and evaluations for the work lists`);
    await services.stores.settings.put(SETTINGS.feedbackListsIndexed, true, 'start', new Date().toISOString());
  }

  // Open cases stored before the per-department open-case index move to it, once (a demo loaded
  // just now wrote them with today's keys).
  if (!(await services.stores.settings.get(SETTINGS.openCasesReindexed))) {
    const n = demo?.loadedNow ? 0 : await services.stores.entities.reindexOpenCases();
    if (n) console.log(`  在办件索引已按部门和区县重建 moved ${n} open cases to the per-department open-case index`);
    await services.stores.settings.put(SETTINGS.openCasesReindexed, true, 'start', new Date().toISOString());
  }

  // The same aggregator the Lambda runs, fed by DynamoDB Local's stream of the table.
  // A table made just now holds nothing counted with older rules; otherwise a rules release asks
  // the recompute job (run between batches by the poller) to bring every entity up to date.
  const aggregator = createAggregator(services.stores, services.calendars, {
    onEntityError: (ref, e) =>
      console.error(
        `aggregator: ${ref.kind} ${ref.entityId} of ${ref.dept} could not be counted and is listed as cannot-be-judged:`,
        e instanceof Error ? e.message : e,
      ),
  });
  const job = createRecomputeJob(services.stores, aggregator);
  if (loadDemoNow) await services.stores.settings.put(SETTINGS.rulesVersion, aggregator.rulesVersion, 'demo', new Date().toISOString());
  else if (await job.ensureRulesCurrent())
    console.log('计数规则已更新，后台重算中 The counting rules changed with this release: recomputing every case in the background.');
  const consume = () =>
    startLocalStream(aggregator, services.stores, {
      endpoint: ddb.endpoint,
      region: config.region,
      tableName: config.tableName,
      onError: (e) => console.error('aggregator: batch failed, retrying from the last checkpoint:', e instanceof Error ? e.message : e),
      log: (line) => console.log(line),
    });
  // With a demo history still to load, the consumer starts once it is loaded (and the stream on);
  // `idle()` waits for that too.
  let consumer = history ? undefined : consume();
  let historyDone: Promise<void> | undefined;
  const stream = {
    async idle(timeoutMs?: number): Promise<void> {
      if (historyDone) await historyDone;
      await consumer?.idle(timeoutMs); // none only when stopped during the history
    },
    async stop(): Promise<void> {
      if (historyDone) await historyDone.catch(() => undefined);
      await consumer?.stop();
    },
  };

  const root = new Hono();
  // CSP, frame-ancestors / X-Frame-Options, nosniff and Referrer-Policy on every answer.
  root.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: { ...CSP_DIRECTIVES },
      xFrameOptions: SECURITY_HEADERS['X-Frame-Options']!,
      referrerPolicy: SECURITY_HEADERS['Referrer-Policy']!,
      xContentTypeOptions: true,
      strictTransportSecurity: false, // plain http on 127.0.0.1
    }),
  );
  if (history) {
    // While the demo's history loads, nothing may count but the load itself: writes wait (sign-in is not counted).
    root.use('/v1/*', async (c, next) => {
      if (!history || c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.path.startsWith('/v1/auth/')) return next();
      const p = history.progress();
      c.header('Retry-After', '30');
      return c.json(
        {
          error: 'demo_loading',
          message: `The demo city's history is still loading (${p.monthsDone}/${p.monthsTotal} months): try again in a minute.`,
          messageZh: `演示城市的历史数据正在载入（${p.monthsDone}/${p.monthsTotal} 个月），请稍后再试。`,
        },
        503,
      );
    });
  }
  root.route('/', api);
  // The demo's stand-in for a 企业微信 robot (alerts arrive here and in the console).
  if (values.demo) root.route('/', webhookSink());
  // An unknown API path answers like the API (JSON, bilingual), not with the static server's text.
  root.notFound((c) => (c.req.path.startsWith('/v1/') ? notFoundResponse(c) : c.text('404 Not Found', 404)));
  if (existsSync(WEB_DIST)) {
    // The dashboard routes by URL hash, so every page is index.html; missing files are 404.
    root.use('/*', serveStatic({ root: WEB_DIST }));
  }

  const server = serve({ fetch: root.fetch, port: config.port, hostname: '127.0.0.1' });
  await new Promise<void>((res) => server.once('listening', () => res()));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const url = `http://127.0.0.1:${port}`;
  lock.listening(port, url);
  // The demo's older months, behind the open server (see `history` above).
  if (history) {
    const h = history;
    historyDone = h.run().then(() => {
      if (stopping) return;
      consumer = consume();
      history = undefined;
      services.pipeline.attachHistoryLoad(() => null);
    });
    historyDone.catch((e: unknown) =>
      console.error('demo: loading the history failed; stop and start again to load the demo city anew:', e),
    );
  }

  // Lets `npm run backfill` write through this DynamoDB Local while the server runs.
  const endpointFile = join(dataDir, ENDPOINT_FILE);
  writeFileSync(endpointFile, ddb.endpoint);
  // Monthly reports: PDFs printed by the local Chromium.
  const pdf = createChromiumPdfRenderer();
  services.reports.attachPdfRenderer(pdf);

  // Missing reports of closed months, generated now (after any demo load, once the aggregator
  // has caught up: a report is archived as it stands) and every hour.
  const reportScheduler = startReportScheduler({
    generateMissing: ({ shouldStop }) => services.reports.generateMissing({ shouldStop, log: (line) => console.log(line) }),
    ready: () => stream.idle(),
    log: (line) => console.log(line),
    onError: (e) => console.error('reports: scheduled generation failed, retrying within the hour:', e),
  });

  services.alerts.attachPublicUrl(url);
  if (values.demo) {
    await ensureDemoSinkChannel(services, url).catch((e: unknown) => console.error('alerts: could not set up the demo webhook sink:', e));
    console.log(`预警推送演示 Alerts: the default rules also send to a local robot sink (${url}${SINK_PATH}); messages are printed here.`);
  }
  // Alerts (预警): every rule evaluated and due webhooks sent every minute, once the figures are current.
  const alertsScheduler = startAlertsScheduler({
    run: () => services.alerts.run(),
    ready: () => stream.idle(),
    log: (line) => console.log(line),
    onError: (e) => console.error('alerts: the scheduled run failed, retrying in a minute:', e),
  });

  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await new Promise<void>((res) => server.close(() => res()));
    await alertsScheduler.stop();
    await reportScheduler.stop();
    await pdf.close();
    await stream.stop();
    rmSync(endpointFile, { force: true });
    await ddb.stop();
    lock.release();
  };
  return { url, port, adminToken: admin, dataDir, stop, services, stream, reportScheduler, alertsScheduler, demo };
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('start.ts')) {
  try {
    const app = await startLocal();
    if (app.adminToken.generated) console.log(`管理员令牌 Administrator token (saved in ${app.adminToken.file}): ${app.adminToken.token}`);
    else if (app.adminToken.file) console.log(`管理员令牌 Administrator token: see ${app.adminToken.file}`);
    if (app.demo) {
      console.log('演示账号 Demo sign-ins (username / password):');
      for (const u of DEMO_USERS) console.log(`  ${u.username} / ${u.password}  — ${u.displayName}`);
    }
    console.log(`ServicePulse 已启动 ready: ${app.url}  (API docs ${app.url}/api-docs/index.html · data ${app.dataDir})`);
    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
      process.once(sig, () => {
        void app.stop().then(() => process.exit(0));
      });
    }
  } catch (e) {
    if (e instanceof JavaMissingError || e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}
