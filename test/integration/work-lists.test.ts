// The supervisor's work lists (投诉/评价明细): GET /v1/complaints and /v1/evaluations, filtered by
// state and scope, paged, as CSV, and one complaint or evaluation with its timeline. Every
// expectation is worked by hand from the records below with the 2024 calendar (Sun 4 Feb working,
// Spring Festival 10–17 Feb off, Sun 18 Feb working) and the default deadlines: respond 1, resolve 5,
// rectify 15 working days after receipt. Today is Wed 2024-03-06.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, createHarness, type Harness } from '../support/app-harness.js';
import { item, rec } from '../support/builders.js';
import { z } from 'zod';
import {
  ComplaintDetail,
  ComplaintPage,
  ComplaintRow,
  EvaluationDetail,
  EvaluationPage,
  EvaluationRow,
  StoredRecordView,
} from '../../shared/contract/feedback.js';

let h: Harness;
let a: { code: string; key: string };
let b: { code: string; key: string };
let zd: string; // 张店区 supervisor
const NOW = new Date('2024-03-06T04:00:00Z'); // 12:00 in Shanghai
const get = (path: string, token = ADMIN_TOKEN) => h.call('GET', path, token);
const ids = (rows: any[], key: string) => rows.map((r) => r[key]);
const PERIOD = 'from=2024-02-01&to=2024-03-31';

beforeAll(async () => {
  h = await createHarness({ now: () => NOW, aggregate: true });
  a = await h.department('D-A', '甲局', '370300000000');
  b = await h.department('D-B', '乙局', '370303000000');
  await h.call('PUT', '/v1/catalog/items/IA', a.key, item('D-A', { itemCode: 'IA', name: '甲事项' }));
  await h.call('PUT', '/v1/catalog/items/IB', b.key, item('D-B', { itemCode: 'IB' }));
  const at = (s: string) => ({ at: `${s}+08:00` });
  const posted = await h.call('POST', '/v1/events', a.key, {
    records: [
      rec.accepted('a-c1', 'A1', { itemCode: 'IA', regionCode: '370303001000', ...at('2024-03-01T09:00:00') }),
      rec.accepted('a-c2', 'A2', { itemCode: 'IA', regionCode: '370305001000', ...at('2024-03-01T09:00:00') }),
      // CA0: responded Thu 22 Feb = 2nd working day (late), resolved Fri 23 Feb = 3rd (on time).
      rec.complaint('a1', 'CA0', { category: 'delay', regionCode: '370303001000', ...at('2024-02-20T10:00:00') }),
      { ...rec.responded('a2', 'CA0'), ...at('2024-02-22T10:00:00') },
      { ...rec.resolved('a3', 'CA0'), ...at('2024-02-23T10:00:00') },
      // CA1: responded the same day, resolved Mon 4 Mar: on time; names case A1.
      rec.complaint('a4', 'CA1', {
        regionCode: '370303001000',
        caseId: 'A1',
        itemCode: 'IA',
        summary: '窗口要求提供无犯罪记录证明',
        ...at('2024-03-01T09:30:00'),
      }),
      { ...rec.responded('a5', 'CA1'), ...at('2024-03-01T15:00:00') },
      { ...rec.resolved('a6', 'CA1'), ...at('2024-03-04T15:00:00') },
      // CA2 (临淄): never responded — due Mon 4 Mar, late now; resolution due Fri 8 Mar, not yet.
      rec.complaint('a7', 'CA2', { category: 'attitude', regionCode: '370305001000', ...at('2024-03-01T11:00:00') }),
      // CA3: received Tue 5 Mar, responded Wed 6 Mar (1st working day: on time), open.
      rec.complaint('a8', 'CA3', { category: 'delay', regionCode: '370303001000', ...at('2024-03-05T10:00:00') }),
      { ...rec.responded('a9', 'CA3'), ...at('2024-03-06T09:00:00') },
      // Evaluations: EA1 bad, names A1 (张店), rectification due Fri 22 Mar; EA2 good, names A2 (临淄);
      // EA3 bad, no case, rectified the next day.
      rec.evaluation('a10', 'EA1', { itemCode: 'IA', score: 2, caseId: 'A1', ...at('2024-03-01T17:00:00') }),
      rec.evaluation('a11', 'EA2', { itemCode: 'IA', score: 5, caseId: 'A2', ...at('2024-03-04T17:00:00') }),
      rec.evaluation('a12', 'EA3', { itemCode: 'IA', score: 1, ...at('2024-03-05T17:00:00') }),
      { ...rec.rectified('a13', 'EA3'), ...at('2024-03-06T10:00:00') },
    ],
  });
  expect(posted.body.results.every((r: any) => r.status === 'accepted')).toBe(true);
  const postedB = await h.call('POST', '/v1/events', b.key, {
    records: [
      // CB1: responded and resolved in time, then reopened: open again.
      rec.complaint('b1', 'CB1', { category: 'attitude', regionCode: '370303002000', ...at('2024-03-04T09:00:00') }),
      { ...rec.responded('b2', 'CB1'), ...at('2024-03-04T11:00:00') },
      { ...rec.resolved('b3', 'CB1'), ...at('2024-03-05T11:00:00') },
      { ...rec.reopened('b4', 'CB1'), ...at('2024-03-05T15:00:00') },
      // EB1: bad, 1 Feb, never rectified: due on the 15th working day, Tue 27 Feb — late.
      rec.evaluation('b5', 'EB1', { itemCode: 'IB', score: 1, ...at('2024-02-01T10:00:00') }),
    ],
  });
  expect(postedB.body.results.every((r: any) => r.status === 'accepted')).toBe(true);
  await h.settle();
  await h.call('POST', '/v1/admin/users', ADMIN_TOKEN, {
    username: 'zd',
    displayName: '张店区督查',
    role: 'supervisor',
    scope: { kind: 'region', regionCode: '370303000000' },
    password: 'zhangdian-pass',
  });
  zd = (await h.call('POST', '/v1/auth/login', undefined, { username: 'zd', password: 'zhangdian-pass' })).body.token;
}, 120_000);

afterAll(async () => {
  await h.stopStream();
});

describe('GET /v1/complaints', () => {
  it('lists the period newest first, each with its deadlines judged as of today', async () => {
    const r = await get(`/v1/complaints?${PERIOD}`);
    expect(r.status).toBe(200);
    expect(ids(r.body.complaints, 'complaintId')).toEqual(['CA3', 'CB1', 'CA2', 'CA1', 'CA0']);
    const byId = Object.fromEntries(r.body.complaints.map((c: any) => [c.complaintId, c]));
    expect(byId.CA2).toMatchObject({
      department: 'D-A',
      departmentName: '甲局',
      category: 'attitude',
      regionCode: '370305001000',
      respondBy: '2024-03-04',
      respondedAt: null,
      responseLate: true,
      resolveBy: '2024-03-08',
      resolutionLate: null,
      open: true,
      late: true,
    });
    expect(byId.CA0).toMatchObject({
      respondBy: '2024-02-21',
      responseLate: true,
      resolveBy: '2024-02-27',
      resolutionLate: false,
      open: false,
      late: true,
    });
    expect(byId.CA1).toMatchObject({
      caseId: 'A1',
      itemCode: 'IA',
      itemName: '甲事项',
      responseLate: false,
      resolutionLate: false,
      open: false,
      late: false,
      summary: '窗口要求提供无犯罪记录证明',
    });
    expect(byId.CA3).toMatchObject({
      respondedAt: '2024-03-06T09:00:00+08:00',
      responseLate: false,
      resolutionLate: null,
      open: true,
      late: false,
    });
    expect(byId.CB1).toMatchObject({ open: true, reopened: true, resolvedAt: null, resolveBy: '2024-03-11', late: false });
  });

  it('filters by state, category, department and period', async () => {
    const list = async (q: string) => ids((await get(`/v1/complaints?${PERIOD}&${q}`)).body.complaints, 'complaintId');
    expect(await list('state=late')).toEqual(['CA2', 'CA0']);
    expect(await list('state=late_response')).toEqual(['CA2', 'CA0']);
    expect(await list('state=late_resolution')).toEqual([]);
    expect(await list('state=open')).toEqual(['CA3', 'CB1', 'CA2']);
    expect(await list('state=resolved')).toEqual(['CA1', 'CA0']);
    expect(await list('category=attitude')).toEqual(['CB1', 'CA2']);
    expect(await list('department=D-B')).toEqual(['CB1']);
    expect(await list('region=370305000000')).toEqual(['CA2']);
    expect(ids((await get('/v1/complaints?from=2024-03-04&to=2024-03-04')).body.complaints, 'complaintId')).toEqual(['CB1']);
  });

  it('pages with a cursor, across months, without repeating or losing a row', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const r = await get(`/v1/complaints?${PERIOD}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).toBe(200);
      expect(r.body.complaints.length).toBeLessThanOrEqual(2);
      seen.push(...ids(r.body.complaints, 'complaintId'));
      cursor = r.body.next;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(['CA3', 'CB1', 'CA2', 'CA1', 'CA0']);
    expect(pages).toBe(3);
    const bad = await get(`/v1/complaints?${PERIOD}&cursor=not-a-cursor`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]).toMatchObject({ path: 'cursor' });
  });

  it('keeps a district user and a department key inside their scope', async () => {
    expect(ids((await get(`/v1/complaints?${PERIOD}`, zd)).body.complaints, 'complaintId')).toEqual(['CA3', 'CB1', 'CA1', 'CA0']);
    expect((await get(`/v1/complaints?${PERIOD}&region=370305000000`, zd)).status).toBe(403);
    expect(ids((await get(`/v1/complaints?${PERIOD}`, b.key)).body.complaints, 'complaintId')).toEqual(['CB1']);
    expect((await get(`/v1/complaints?${PERIOD}&department=D-A`, b.key)).status).toBe(403);
  });

  it('downloads every matching row as CSV with Chinese headers', async () => {
    const res = await h.app.request(`/v1/complaints?${PERIOD}&state=late&format=csv&limit=1`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.startsWith('\uFEFF投诉编号,')).toBe(true); // the BOM Excel needs for Chinese
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(3); // header + CA2 + CA0, whatever the page size
    expect(lines[1]).toContain('CA2,D-A,甲局,2024-03-01T11:00:00+08:00,服务态度,attitude');
    expect(lines[1]).toContain('2024-03-04,,超期,2024-03-08,,未到期,未办结');
  });

  it('opens one complaint with its timeline; outside the scope it is refused', async () => {
    const r = await get('/v1/complaints/D-A/CA1');
    expect(r.status).toBe(200);
    expect(r.body.status).toMatchObject({
      department: 'D-A',
      departmentName: '甲局',
      complaintId: 'CA1',
      itemName: '甲事项',
      caseId: 'A1',
      late: false,
      open: false,
    });
    expect(r.body.events.map((e: any) => e.type)).toEqual(['complaint.received', 'complaint.responded', 'complaint.resolved']);
    expect((await get('/v1/complaints/D-A/CA2', zd)).status).toBe(403);
    expect((await get('/v1/complaints/D-A/CA1', b.key)).status).toBe(403);
    expect((await get('/v1/complaints/D-A/NOPE')).status).toBe(404);
  });
});

describe('GET /v1/evaluations', () => {
  it('lists bad reviews with their rectification deadline and the region of their case', async () => {
    const r = await get(`/v1/evaluations?${PERIOD}&bad=true`);
    expect(ids(r.body.evaluations, 'evaluationId')).toEqual(['EA3', 'EA1', 'EB1']);
    const byId = Object.fromEntries(r.body.evaluations.map((e: any) => [e.evaluationId, e]));
    expect(byId.EA1).toMatchObject({
      score: 2,
      bad: true,
      caseId: 'A1',
      regionCode: '370303001000',
      rectifyBy: '2024-03-22',
      rectifiedAt: null,
      rectificationLate: null,
    });
    expect(byId.EA3).toMatchObject({ regionCode: null, rectifiedAt: '2024-03-06T10:00:00+08:00', rectificationLate: false });
    expect(byId.EB1).toMatchObject({ department: 'D-B', rectifyBy: '2024-02-27', rectificationLate: true });
    const all = await get(`/v1/evaluations?${PERIOD}`);
    expect(ids(all.body.evaluations, 'evaluationId')).toEqual(['EA3', 'EA2', 'EA1', 'EB1']);
    expect(all.body.evaluations.find((e: any) => e.evaluationId === 'EA2')).toMatchObject({
      bad: false,
      rectifyBy: null,
      regionCode: '370305001000',
    });
  });

  it('filters by rectification state and score', async () => {
    const list = async (q: string) => ids((await get(`/v1/evaluations?${PERIOD}&${q}`)).body.evaluations, 'evaluationId');
    expect(await list('state=unrectified')).toEqual(['EA1', 'EB1']);
    expect(await list('state=rectified')).toEqual(['EA3']);
    expect(await list('state=late_rectification')).toEqual(['EB1']);
    expect(await list('score=5')).toEqual(['EA2']);
  });

  it('shows a district user the evaluations whose case lies in the district, a department key its own', async () => {
    expect(ids((await get(`/v1/evaluations?${PERIOD}`, zd)).body.evaluations, 'evaluationId')).toEqual(['EA1']);
    expect(ids((await get(`/v1/evaluations?${PERIOD}`, b.key)).body.evaluations, 'evaluationId')).toEqual(['EB1']);
    const one = await get('/v1/evaluations/D-A/EA1', zd);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ regionCode: '370303001000', status: { score: 2, rectifyBy: '2024-03-22' } });
    expect((await get('/v1/evaluations/D-A/EA3', zd)).status).toBe(403);
  });

  it('indexes complaints and evaluations stored before the lists existed', async () => {
    // Remove the list keys as an older version would have stored the states, then index again.
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    await h.db.doc.send(
      new UpdateCommand({
        TableName: h.db.tableName,
        Key: { pk: 'ENT#D-B#evaluation#EB1', sk: 'S' },
        UpdateExpression: 'REMOVE gsi1pk, gsi1sk',
      }),
    );
    expect(ids((await get(`/v1/evaluations?${PERIOD}`, b.key)).body.evaluations, 'evaluationId')).toEqual([]);
    expect(await h.services.stores.entities.indexFeedbackStates()).toBe(1);
    expect(ids((await get(`/v1/evaluations?${PERIOD}`, b.key)).body.evaluations, 'evaluationId')).toEqual(['EB1']);
  });

  it('answers exactly what the contract declares: no field missing, none undeclared', async () => {
    // Strict copies of the response schemas: a field the OpenAPI document does not show fails too.
    const complaints = ComplaintPage.extend({ complaints: z.array(ComplaintRow.strict()) })
      .strict()
      .parse((await get(`/v1/complaints?${PERIOD}`)).body);
    expect(complaints.complaints).toHaveLength(5);
    const evaluations = EvaluationPage.extend({ evaluations: z.array(EvaluationRow.strict()) })
      .strict()
      .parse((await get(`/v1/evaluations?${PERIOD}`)).body);
    expect(evaluations.evaluations).toHaveLength(4);
    const complaint = ComplaintDetail.extend({ status: ComplaintRow.strict() })
      .strict()
      .parse((await get('/v1/complaints/D-A/CA1')).body);
    expect(complaint.events.map((e) => e.type)).toEqual(['complaint.received', 'complaint.responded', 'complaint.resolved']);
    const evaluation = EvaluationDetail.extend({ status: EvaluationRow.strict() })
      .strict()
      .parse((await get('/v1/evaluations/D-A/EA1')).body);
    expect(evaluation.status.evaluationId).toBe('EA1');
    expect(StoredRecordView.parse((await get('/v1/records/D-A/a4')).body)).toMatchObject({
      id: 'a4',
      type: 'complaint.received',
      complaintId: 'CA1',
      caseId: 'A1',
    });
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await h.call('GET', '/v1/openapi.json', undefined)).body;
    for (const p of [
      '/v1/complaints',
      '/v1/evaluations',
      '/v1/complaints/{department}/{complaintId}',
      '/v1/evaluations/{department}/{evaluationId}',
    ])
      expect(doc.paths[p]).toBeDefined();
    expect(doc.paths['/v1/complaints'].get.parameters.map((p: any) => p.name)).toEqual(
      expect.arrayContaining(['from', 'to', 'department', 'region', 'category', 'state', 'limit', 'cursor', 'format']),
    );
  });
});
