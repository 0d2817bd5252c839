// DynamoDB Local for a benchmark: in memory unless a data folder is given, stopped on exit.
import { startDynamoLocal, type DynamoLocal } from '../../functions/local/dynamo-local.js';
import { onCleanup } from './guard.js';
import { dynamoPid } from './proc.js';

export async function dynamo(opts: { dataDir?: string } = {}): Promise<DynamoLocal & { pid: number | undefined }> {
  const d = await startDynamoLocal(opts);
  onCleanup('DynamoDB Local', () => d.stop());
  return { ...d, pid: dynamoPid() };
}
