// Secrets (API keys, session tokens, passwords) are never stored; only their hashes are.
import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/** High-entropy secrets (keys, tokens): a plain SHA-256 is enough and allows lookup by hash. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function randomSecret(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/** Passwords (low entropy): salted scrypt. Format scrypt$N$salt$hash. */
export function hashPassword(password: string): string {
  const N = 16384;
  const salt = randomBytes(16).toString('base64url');
  const hash = scryptSync(password, salt, 32, { N }).toString('base64url');
  return `scrypt$${N}$${salt}$${hash}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const [scheme, n, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = scryptSync(password, salt, expected.length, { N: Number(n) });
  return timingSafeEqual(expected, actual);
}

/** Canonical JSON: object keys sorted at every depth, so key order does not change a hash. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
