// Dashboard users (用户) with role and scope; passwords kept as scrypt hashes.
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { TABLE } from '../../shared/table-schema.js';
import type { UserRole, UserScope } from '../../shared/contract/admin.js';
import type { Db } from './client.js';
import { keys } from './keys.js';
import { queryAll, stripKeys } from './query-all.js';

export interface UserRecord {
  username: string;
  displayName: string;
  role: UserRole;
  scope: UserScope;
  passwordHash: string; // scrypt$N$salt$hash
  createdAt: string;
  disabledAt?: string;
  /** Consecutive failed sign-ins (reset by a successful one or an unlock). */
  failedLogins?: number;
  /** Set when failedLogins reached the limit; '' once an administrator unlocked the user. */
  lockedAt?: string;
  /** Sessions of an earlier generation no longer work: raised when the password changes or the user is disabled. */
  sessionGeneration?: number;
}

export function createUsersStore(db: Db) {
  const TableName = db.tableName;
  return {
    async create(u: UserRecord): Promise<boolean> {
      try {
        await db.doc.send(
          new PutCommand({ TableName, Item: { ...keys.user(u.username), ...u }, ConditionExpression: 'attribute_not_exists(pk)' }),
        );
        return true;
      } catch (e) {
        if (e instanceof ConditionalCheckFailedException) return false;
        throw e;
      }
    },
    async get(username: string): Promise<UserRecord | undefined> {
      const k = keys.user(username);
      const r = await db.doc.send(new GetCommand({ TableName, Key: { pk: k.pk, sk: k.sk }, ConsistentRead: true }));
      return r.Item ? stripKeys<UserRecord>(r.Item) : undefined;
    },
    async list(): Promise<UserRecord[]> {
      const items = await queryAll(db, {
        IndexName: TABLE.indexes.byEntity.name,
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': keys.userList().gsi1pk },
      });
      return items.map((i) => stripKeys<UserRecord>(i));
    },
    async update(
      username: string,
      fields: Partial<
        Pick<
          UserRecord,
          'role' | 'scope' | 'displayName' | 'passwordHash' | 'disabledAt' | 'failedLogins' | 'lockedAt' | 'sessionGeneration'
        >
      >,
    ): Promise<void> {
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = {};
      const sets = Object.entries(fields)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => {
          names[`#${k}`] = k;
          values[`:${k}`] = v;
          return `#${k} = :${k}`;
        });
      if (!sets.length) return;
      const k = keys.user(username);
      await db.doc.send(
        new UpdateCommand({
          TableName,
          Key: { pk: k.pk, sk: k.sk },
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    },
  };
}
export type UsersStore = ReturnType<typeof createUsersStore>;
