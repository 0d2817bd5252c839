// Starts one in-memory DynamoDB Local for the whole test run; each test file makes its own table.
import type { TestProject } from 'vitest/node';
import { startDynamoLocal, type DynamoLocal } from '../../functions/local/dynamo-local.js';

let ddb: DynamoLocal | undefined;

export async function setup(project: TestProject) {
  ddb = await startDynamoLocal();
  project.provide('ddbEndpoint', ddb.endpoint);
}

export async function teardown() {
  await ddb?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    ddbEndpoint: string;
  }
}
