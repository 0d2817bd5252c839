// Monthly reports (月度报告), archived immutably: each version's document is written once and never
// replaced; a small HEAD item per (month, scope) lists the versions and names the current one.
// A version and the HEAD that points at it are written in one transaction, so a reader never
// sees a HEAD naming a missing version, and two concurrent generators cannot both claim the
// same version number.
//
// Size: DynamoDB items are at most 400 KB. Documents are stored gzipped (JSON compresses ~10×;
// a city report is ≈ 100–300 KB of JSON) and, if still larger than one chunk, split over chunk
// items written before the transaction (unreferenced chunks of a failed attempt are harmless and
// are overwritten by the next attempt of the same version).
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { gunzipSync, gzipSync } from 'node:zlib';
import { TABLE } from '../../shared/table-schema.js';
import type { ReportDoc, ReportVersionInfo } from '../../shared/reports/model.js';
import type { ScopeKind } from '../../shared/reports/scope.js';
import type { Db } from './client.js';
import { keys } from './keys.js';
import { queryAll, stripKeys } from './query-all.js';

/** Bytes of compressed document per item (well under the 400 KB item limit with the other attributes). */
export const REPORT_CHUNK_BYTES = 300_000;

export interface ReportHead {
  id: string;
  month: string;
  scope: string; // scope key: city | county:370303 | department:D-JYJ
  scopeKind: ScopeKind;
  scopeCode: string | null;
  nameZh: string;
  nameEn: string;
  current: number;
  versions: ReportVersionInfo[];
  /** A few figures of the current version, for the archive list. */
  summary: {
    accepted: number | null;
    completed: number | null;
    onTimeRate: number | null;
    satisfactionRate: number | null;
    complaints: number | null;
  };
  updatedAt: string;
}

function toBytes(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v;
  throw new Error('report chunk is not binary');
}

export function createReportsStore(db: Db) {
  const TableName = db.tableName;

  async function readChunks(month: string, scope: string, version: number, count: number): Promise<Uint8Array[]> {
    if (count <= 1) return [];
    const prefix = `${keys.reportVersion(month, scope, version).sk}#C#`;
    const items = await queryAll(db, {
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':p': keys.reportVersion(month, scope, version).pk, ':s': prefix },
      ConsistentRead: true,
    });
    const chunks = items.sort((a, b) => String(a.sk).localeCompare(String(b.sk))).map((i) => toBytes(i.body));
    if (chunks.length !== count - 1) throw new Error(`report ${month} ${scope} v${version}: ${chunks.length + 1} of ${count} chunks`);
    return chunks;
  }

  return {
    async head(month: string, scope: string): Promise<ReportHead | undefined> {
      const k = keys.reportHead(month, scope);
      const r = await db.doc.send(new GetCommand({ TableName, Key: { pk: k.pk, sk: k.sk }, ConsistentRead: true }));
      return r.Item ? stripKeys<ReportHead>(r.Item) : undefined;
    },

    /** Every report's HEAD, or one month's (oldest month first, then scope key). */
    async heads(month?: string): Promise<ReportHead[]> {
      const items = await queryAll(db, {
        IndexName: TABLE.indexes.byEntity.name,
        KeyConditionExpression: month ? 'gsi1pk = :p AND begins_with(gsi1sk, :m)' : 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': keys.reportList().gsi1pk, ...(month ? { ':m': `${month}#` } : {}) },
      });
      return items.map((i) => stripKeys<ReportHead>(i));
    },

    async document(month: string, scope: string, version: number): Promise<ReportDoc | undefined> {
      const k = keys.reportVersion(month, scope, version);
      const r = await db.doc.send(new GetCommand({ TableName, Key: k, ConsistentRead: true }));
      if (!r.Item) return undefined;
      const count = Number(r.Item.chunks ?? 1);
      const all = [toBytes(r.Item.body), ...(await readChunks(month, scope, version, count))];
      return JSON.parse(gunzipSync(Buffer.concat(all)).toString('utf8')) as ReportDoc;
    },

    /**
     * Writes version `doc.version` and the HEAD naming it current, if the HEAD still names
     * `expectedCurrent` (0: no HEAD yet). false when another writer got there first.
     */
    async putVersion(doc: ReportDoc, head: ReportHead, expectedCurrent: number): Promise<boolean> {
      const scope = doc.scope.key;
      const zipped = gzipSync(Buffer.from(JSON.stringify(doc), 'utf8'));
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < zipped.length; i += REPORT_CHUNK_BYTES) chunks.push(zipped.subarray(i, i + REPORT_CHUNK_BYTES));
      if (!chunks.length) chunks.push(new Uint8Array());
      for (let i = 1; i < chunks.length; i++) {
        await db.doc.send(new PutCommand({ TableName, Item: { ...keys.reportChunk(doc.month, scope, doc.version, i), body: chunks[i] } }));
      }
      const headKey = keys.reportHead(doc.month, scope);
      try {
        await db.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName,
                  Item: {
                    ...keys.reportVersion(doc.month, scope, doc.version),
                    id: doc.id,
                    month: doc.month,
                    scope,
                    version: doc.version,
                    generatedAt: doc.generatedAt,
                    generatedBy: doc.generatedBy,
                    encoding: 'gzip-json',
                    bytes: zipped.length,
                    chunks: chunks.length,
                    body: chunks[0],
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName,
                  Item: { ...headKey, ...head },
                  ...(expectedCurrent === 0
                    ? { ConditionExpression: 'attribute_not_exists(pk)' }
                    : {
                        ConditionExpression: '#c = :c',
                        ExpressionAttributeNames: { '#c': 'current' },
                        ExpressionAttributeValues: { ':c': expectedCurrent },
                      }),
                },
              },
            ],
          }),
        );
        return true;
      } catch (e) {
        if (e instanceof TransactionCanceledException && e.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed'))
          return false;
        throw e;
      }
    },
  };
}
export type ReportsStore = ReturnType<typeof createReportsStore>;
