// Pure-code tests only (no DynamoDB Local): run again under other time zones by `npm test`, to
// prove dates are Asia/Shanghai dates whatever the server's zone.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['test/unit/**/*.test.ts'], testTimeout: 30_000 },
});
