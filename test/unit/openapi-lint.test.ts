// The API document is one department integrators can generate clients from: Redocly's
// recommended rules (operationId on every operation, security declared — `security: []` on the
// public sign-in —, at least one 4xx answer, a license) report nothing.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { API_EXAMPLE_RECORD, createApp } from '../../functions/api/app.js';
import { RecordSchema } from '../../shared/contract/records.js';
import type { Services } from '../../functions/runtime/services.js';

async function openapiDocument(): Promise<string> {
  // The document route reads no service: an empty services object is enough to build it.
  const res = await createApp({} as Services).request('/v1/openapi.json');
  expect(res.status).toBe(200);
  return res.text();
}

describe('the OpenAPI document', () => {
  it('passes redocly lint (recommended) with no error and no warning', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: await openapiDocument(), absoluteRef: 'openapi.json', config });
    const found = problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`);
    expect(found).toEqual([]);
  });

  it('names every operation uniquely, in camelCase, so generated clients read well', async () => {
    const doc = JSON.parse(await openapiDocument()) as { paths: Record<string, Record<string, { operationId?: string }>> };
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(ids.length).toBeGreaterThan(40);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z0-9]+$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('shows a curl example the contract accepts, and how to generate Java and Python clients', async () => {
    const doc = JSON.parse(await openapiDocument()) as { info: { description: string; license: { name: string } } };
    expect(RecordSchema.safeParse(API_EXAMPLE_RECORD).success).toBe(true);
    expect(doc.info.description).toContain(JSON.stringify({ records: [API_EXAMPLE_RECORD] }));
    expect(doc.info.description).toMatch(/-g java/);
    expect(doc.info.description).toMatch(/-g python/);
    expect(doc.info.license.name).toBe('Apache-2.0');
  });

  it('is under the license the project is under: Apache-2.0 in the LICENSE file, package.json and the document', async () => {
    const root = resolve(import.meta.dirname, '../..');
    const license = readFileSync(resolve(root, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    expect(license).toContain('END OF TERMS AND CONDITIONS');
    expect(JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')).license).toBe('Apache-2.0');
    const doc = JSON.parse(await openapiDocument()) as { info: { license: { name: string; url: string } } };
    expect(doc.info.license).toEqual({ name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' });
  });
});
