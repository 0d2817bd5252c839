// The open-case index without a hot key (issue 15 item 3): open cases are listed per department
// and county (index openCases, only what the warnings list shows copied into it), and the
// warnings list (红黄牌, also read by the alerts) queries exactly the partitions its caller's
// scope and filter need, merged oldest deadline first. On a generated city (43 departments) every
// principal's red and yellow lists — whole and page by page — equal a brute-force judgement of
// every stored case state. A data folder from before the index (every open case under one key)
// is moved once, and a case the aggregator rewrites moves by itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { inflateRawSync } from 'node:zlib';
import { createDb, ensureTable } from '../../functions/store/client.js';
import { judgeCaseNow } from '../../functions/services/judge-case.js';
import { BUILT_IN_REGIONS } from '../../shared/built-in-regions.js';
import { inRegion } from '../../functions/services/access-policy.js';
import { TABLE } from '../../shared/table-schema.js';
import { ADMIN_TOKEN, createHarness, type Harness } from '../support/app-harness.js';
import { GEN_TODAY, LINZI, loadGeneratedCity, QIDU, ZHANGDIAN, type GeneratedCity } from '../support/generated-city.js';
import { rec } from '../support/builders.js';

let h: Harness;
let city: GeneratedCity;
const tokens = new Map<string, string>();
/** Partition keys of the open-case index queried while `during` runs (observed at the client, not mocked). */
let queried: string[] | null = null;

interface Who {
  name: string;
  token: () => string;
  department?: string;
  region?: string;
  query?: string;
}
const WHO: Who[] = [
  { name: 'administrator', token: () => ADMIN_TOKEN },
  { name: 'county user 张店区', token: () => tokens.get('zd')!, region: ZHANGDIAN },
  { name: 'township user 齐都镇', token: () => tokens.get('qd')!, region: QIDU },
  { name: 'department key D-05', token: () => tokens.get('D-05')!, department: 'D-05' },
  {
    name: 'administrator, filtered to D-09 in 临淄区',
    token: () => ADMIN_TOKEN,
    department: 'D-09',
    region: LINZI,
    query: `&department=D-09&region=${LINZI}`,
  },
];

async function scanAll(): Promise<Array<Record<string, any>>> {
  const out: Array<Record<string, any>> = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const r = await h.db.doc.send(new ScanCommand({ TableName: h.db.tableName, ExclusiveStartKey }));
    out.push(...(r.Items ?? []));
    ExclusiveStartKey = r.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out;
}

/** The red or yellow list the slow, obvious way: judge every stored open case state as of now. */
async function bruteForce(level: 'red' | 'yellow', who: Who): Promise<string[]> {
  const calendar = await h.services.calendars.current();
  const out: Array<{ sort: string; id: string }> = [];
  for (const it of await scanAll()) {
    if (!String(it.pk).startsWith('ENT#') || it.kind !== 'case' || !it.open || !it.item || it.problem) continue;
    if (who.department && it.dept !== who.department) continue;
    if (who.region && !inRegion(who.region, it.open.regionCode, BUILT_IN_REGIONS)) continue;
    const records = JSON.parse(inflateRawSync(it.recz as Uint8Array).toString());
    if (judgeCaseNow(records, it.item.promisedDays, calendar, GEN_TODAY).warning !== level) continue;
    out.push({ sort: `${it.open.deadline}#${it.dept}#${it.entityId}`, id: `${it.dept}/${it.entityId}` });
  }
  return out.sort((a, b) => (a.sort < b.sort ? -1 : 1)).map((x) => x.id);
}

async function list(who: Who, level: 'red' | 'yellow', limit: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const r = await h.call(
      'GET',
      `/v1/warnings?level=${level}&limit=${limit}${who.query ?? ''}${cursor ? `&cursor=${cursor}` : ''}`,
      who.token(),
    );
    expect(r.status, `${who.name}: ${JSON.stringify(r.body).slice(0, 300)}`).toBe(200);
    ids.push(...r.body.cases.map((c: any) => `${c.department}/${c.caseId}`));
    cursor = r.body.next;
    pages++;
  } while (cursor && pages < 200);
  return { ids, pages };
}

beforeAll(async () => {
  h = await createHarness({ now: () => GEN_TODAY });
  city = await loadGeneratedCity(h);
  for (const d of city.departments) tokens.set(d.code, d.key);
  for (const [name, region] of [
    ['zd', ZHANGDIAN],
    ['qd', QIDU],
  ] as const) {
    expect(
      (
        await h.call('POST', '/v1/admin/users', ADMIN_TOKEN, {
          username: `${name}.sup`,
          displayName: name,
          role: 'supervisor',
          scope: { kind: 'region', regionCode: region },
          password: `${name}-sup-password`,
        })
      ).status,
    ).toBe(201);
    tokens.set(
      name,
      (await h.call('POST', '/v1/auth/login', undefined, { username: `${name}.sup`, password: `${name}-sup-password` })).body.token,
    );
  }
  h.db.doc.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { IndexName?: string; ExpressionAttributeValues?: Record<string, unknown> };
      if (queried && input.IndexName === TABLE.indexes.openCases.name) queried.push(String(input.ExpressionAttributeValues?.[':p']));
      return next(args);
    },
    { step: 'initialize', name: 'observeOpenCaseQueries' },
  );
}, 300_000);

afterAll(async () => {
  await h?.stopStream();
});

async function partitionsRead(f: () => Promise<unknown>): Promise<Set<string>> {
  queried = [];
  try {
    await f();
    return new Set(queried);
  } finally {
    queried = null;
  }
}

describe('the open-case index', () => {
  it('keys every open case by department and county, with no single key for the city, and copies only what the list shows', async () => {
    const items = await scanAll();
    expect(items.some((i) => i.gsi1pk === 'OPEN')).toBe(false);
    const open = items.filter((i) => String(i.pk).startsWith('ENT#') && i.gsi3pk);
    expect(open.length).toBeGreaterThan(100);
    for (const i of open) expect(i.gsi3pk).toMatch(new RegExp(`^OPEN#${i.dept}#(${String(i.open.regionCode).slice(0, 6)}|other)$`));
    const perKey = new Map<string, number>();
    for (const i of open) perKey.set(i.gsi3pk, (perKey.get(i.gsi3pk) ?? 0) + 1);
    expect(perKey.size).toBeGreaterThan(100);
    expect(Math.max(...perKey.values())).toBeLessThan(open.length / 10);

    const t = await (h.db.doc as unknown as DynamoDBClient).send(new DescribeTableCommand({ TableName: h.db.tableName }));
    const ix = t.Table!.GlobalSecondaryIndexes!.find((x) => x.IndexName === 'openCases')!;
    expect(ix.Projection).toEqual({ ProjectionType: 'INCLUDE', NonKeyAttributes: ['dept', 'entityId', 'open', 'oc'] });
    const page = await h.db.doc.send(
      new QueryCommand({
        TableName: h.db.tableName,
        IndexName: 'openCases',
        KeyConditionExpression: 'gsi3pk = :p',
        ExpressionAttributeValues: { ':p': [...perKey.keys()][0] },
        Limit: 1,
      }),
    );
    expect(Object.keys(page.Items![0]!).sort()).toEqual(['dept', 'entityId', 'gsi3pk', 'gsi3sk', 'oc', 'open', 'pk', 'sk']);
  });

  it.each(WHO)(
    'lists red and yellow cases for $name exactly as judging every stored case does, whole and page by page',
    async (who) => {
      for (const level of ['red', 'yellow'] as const) {
        const expected = await bruteForce(level, who);
        const whole = await list(who, level, 200);
        expect(whole.ids, `${who.name} ${level}`).toEqual(expected);
        // Small pages, so that a page ends between two partitions' cases (the city's pages are larger:
        // each reads every one of its 387 partitions).
        const size = who.department || who.region ? 7 : 40;
        const paged = await list(who, level, size);
        expect(paged.ids, `${who.name} ${level} by ${size}`).toEqual(expected);
        expect(paged.pages).toBe(Math.max(1, Math.ceil(expected.length / size)));
      }
      if (!who.query) expect((await bruteForce('red', who)).length, who.name).toBeGreaterThan(0);
    },
    300_000,
  );

  it('queries only the partitions a scope needs: a department its own, a district every department × its county, the city all', async () => {
    const dept = await partitionsRead(() => h.call('GET', '/v1/warnings?level=red', tokens.get('D-05')!));
    expect(dept.size).toBeGreaterThan(1);
    for (const p of dept) expect(p.startsWith('OPEN#D-05#')).toBe(true);
    const county = await partitionsRead(() => h.call('GET', '/v1/warnings?level=red', tokens.get('zd')!));
    expect([...county].sort()).toEqual(city.departments.map((d) => `OPEN#${d.code}#370303`).sort());
    const town = await partitionsRead(() => h.call('GET', '/v1/warnings?level=yellow', tokens.get('qd')!));
    expect([...town].sort()).toEqual(city.departments.map((d) => `OPEN#${d.code}#370305`).sort());
    const all = await partitionsRead(() => h.call('GET', '/v1/warnings?level=red', ADMIN_TOKEN));
    expect(all.size).toBe(43 * dept.size);
    for (const p of dept) expect(all.has(p)).toBe(true);
  });

  it('refuses a cursor that is not one it gave out', async () => {
    for (const c of [
      { after: 'x' },
      { after: '2026-01-01#D-05#C1', more: 1 },
      { gsi1pk: 'OPEN', gsi1sk: '2026-01-01#D-05#C1', pk: 'p', sk: 's' },
    ]) {
      const r = await h.call('GET', `/v1/warnings?level=red&cursor=${Buffer.from(JSON.stringify(c)).toString('base64url')}`, ADMIN_TOKEN);
      expect(r.status).toBe(400);
      expect(r.body.error.details[0].path).toBe('cursor');
    }
  });
});

describe('a data folder from before the per-department index', () => {
  it('moves every open case once, and a case the aggregator rewrites moves by itself', async () => {
    const who = WHO[0]!;
    const expected = await bruteForce('red', who);
    // As the previous release stored them: every open case under one key of index byEntity.
    const open = (await scanAll()).filter((i) => String(i.pk).startsWith('ENT#') && i.gsi3pk);
    for (const i of open) {
      await h.db.doc.send(
        new UpdateCommand({
          TableName: h.db.tableName,
          Key: { pk: i.pk, sk: i.sk },
          UpdateExpression: 'SET gsi1pk = :p, gsi1sk = :s REMOVE gsi3pk, gsi3sk, oc',
          ExpressionAttributeValues: { ':p': 'OPEN', ':s': `${i.open.deadline}#${i.dept}#${i.entityId}` },
        }),
      );
    }
    expect((await list(who, 'red', 200)).ids).toEqual([]);

    // The aggregator rewrites a case it counts again (a late completion of a red case): that case leaves the old list.
    const [dept, caseId] = expected[0]!.split('/') as [string, string];
    h.startStream();
    const r = await h.call('POST', '/v1/events', tokens.get(dept)!, {
      records: [rec.extended(`${caseId}-x`, caseId, { at: '2026-11-26T10:00:00+08:00', days: 1 })],
    });
    expect(r.body.results[0].status).toBe('accepted');
    await h.settle();
    await h.stopStream();
    const after = (await scanAll()).find((i) => i.pk === `ENT#${dept}#case#${caseId}`)!;
    expect(after.gsi1pk).toBeUndefined();
    expect(after.gsi3pk).toMatch(new RegExp(`^OPEN#${dept}#`));

    // The one-off move (npm start, the recompute Lambda) takes the rest.
    expect(await h.services.stores.entities.reindexOpenCases()).toBe(open.length - 1);
    expect((await scanAll()).some((i) => i.gsi1pk === 'OPEN')).toBe(false);
    expect((await list(who, 'red', 200)).ids).toEqual(await bruteForce('red', who));
    expect(await h.services.stores.entities.reindexOpenCases()).toBe(0);
  }, 120_000);

  it('adds the open-case index to a table made before it', async () => {
    const db = createDb({ tableName: `${h.db.tableName}-old`, region: 'local', endpoint: await endpointOf() });
    const raw = db.doc as unknown as DynamoDBClient;
    const old = Object.values(TABLE.indexes).filter((ix) => ix.name !== 'openCases');
    await raw.send(
      new CreateTableCommand({
        TableName: db.tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
          ...old.flatMap((ix) => [
            { AttributeName: ix.partitionKey, AttributeType: 'S' as const },
            { AttributeName: ix.sortKey, AttributeType: 'S' as const },
          ]),
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: old.map((ix) => ({
          IndexName: ix.name,
          KeySchema: [
            { AttributeName: ix.partitionKey, KeyType: 'HASH' as const },
            { AttributeName: ix.sortKey, KeyType: 'RANGE' as const },
          ],
          Projection: { ProjectionType: 'ALL' as const },
        })),
      }),
    );
    await ensureTable(db);
    const t = await raw.send(new DescribeTableCommand({ TableName: db.tableName }));
    expect(t.Table!.GlobalSecondaryIndexes!.map((x) => `${x.IndexName}:${x.IndexStatus}`).sort()).toEqual(
      ['byEntity:ACTIVE', 'byItem:ACTIVE', 'casesByItem:ACTIVE', 'openCases:ACTIVE'].sort(),
    );
  });
});

async function endpointOf(): Promise<string> {
  const e = await (h.db.doc as unknown as DynamoDBClient).config.endpoint?.();
  return `${e!.protocol}//${e!.hostname}${e!.port ? `:${e!.port}` : ''}`;
}
