// What POST /v1/admin/regions accepts (功能区): apart from reference-service.ts so that the
// report scheduler, which reads regions through that service, does not load zod (issue 10).
import { z } from 'zod';
import { RegionCode } from '../../shared/contract/records.js';

export const ZoneInput = z.strictObject({
  code: RegionCode.describe('a 12-digit code you choose inside the city, e.g. 370390000000'),
  name: z.string().min(1).max(50).describe('e.g. 高新区'),
  parent: RegionCode.optional(),
});
