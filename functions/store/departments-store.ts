// Departments (部门 / 承办单位): the owners of records, items and API keys.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { TABLE } from '../../shared/table-schema.js';
import type { Db } from './client.js';
import { keys } from './keys.js';
import { queryAll, stripKeys } from './query-all.js';

export interface Department {
  code: string;
  name: string; // Chinese name, e.g. 淄博市教育局
  nameEn?: string;
  regionCode: string; // 12-digit division code of the parent region
  createdAt: string;
}

export function createDepartmentsStore(db: Db) {
  const TableName = db.tableName;
  return {
    async create(d: Department): Promise<boolean> {
      try {
        await db.doc.send(
          new PutCommand({ TableName, Item: { ...keys.department(d.code), ...d }, ConditionExpression: 'attribute_not_exists(pk)' }),
        );
        return true;
      } catch (e) {
        if (e instanceof ConditionalCheckFailedException) return false;
        throw e;
      }
    },
    async update(d: Department): Promise<void> {
      await db.doc.send(
        new PutCommand({ TableName, Item: { ...keys.department(d.code), ...d }, ConditionExpression: 'attribute_exists(pk)' }),
      );
    },
    async get(code: string): Promise<Department | undefined> {
      const k = keys.department(code);
      const r = await db.doc.send(new GetCommand({ TableName, Key: { pk: k.pk, sk: k.sk } }));
      return r.Item ? stripKeys<Department>(r.Item) : undefined;
    },
    async list(): Promise<Department[]> {
      const items = await queryAll(db, {
        IndexName: TABLE.indexes.byEntity.name,
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': keys.departmentList().gsi1pk },
      });
      return items.map((i) => stripKeys<Department>(i));
    },
  };
}
export type DepartmentsStore = ReturnType<typeof createDepartmentsStore>;
