// Password hashing off the event loop, with a cap: at most SCRYPT_CONCURRENCY hashes run at once
// and at most SCRYPT_MAX_WAITING wait; more are refused at once rather than queued without end.
import { describe, expect, it } from 'vitest';
import {
  hashPasswordAsync,
  PasswordHashingBusy,
  SCRYPT_CONCURRENCY,
  SCRYPT_MAX_WAITING,
  verifyPasswordAsync,
} from '../../functions/services/hashing.js';

describe('password hashing', () => {
  it('verifies asynchronously the hashes it makes', async () => {
    const h = await hashPasswordAsync('correct horse');
    expect(await verifyPasswordAsync('correct horse', h)).toBe(true);
    expect(await verifyPasswordAsync('wrong horse', h)).toBe(false);
    expect(await verifyPasswordAsync('x', 'not-a-hash')).toBe(false);
  });

  it('refuses sign-ins beyond the running and waiting ones instead of queueing them all', async () => {
    const h = await hashPasswordAsync('pw');
    const extra = 4;
    const all = await Promise.allSettled(
      Array.from({ length: SCRYPT_CONCURRENCY + SCRYPT_MAX_WAITING + extra }, () => verifyPasswordAsync('pw', h)),
    );
    const busy = all.filter((r) => r.status === 'rejected' && r.reason instanceof PasswordHashingBusy);
    expect(busy).toHaveLength(extra);
    expect(all.filter((r) => r.status === 'fulfilled' && r.value === true)).toHaveLength(SCRYPT_CONCURRENCY + SCRYPT_MAX_WAITING);
  }, 60_000);
});
