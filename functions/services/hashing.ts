// Secrets (API keys, session tokens, passwords) are never stored; only their hashes are.
import { createHash, randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';

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

// Password hashing runs off the event loop (crypto.scrypt on libuv's thread pool), at most
// SCRYPT_CONCURRENCY at a time: the other requests of the server stay quick while sign-ins wait.
export const SCRYPT_CONCURRENCY = 2;
/** Sign-ins waiting beyond this many are refused (429) rather than queued without end. */
export const SCRYPT_MAX_WAITING = 64;
let running = 0;
const waiting: Array<() => void> = [];

export class PasswordHashingBusy extends Error {}

function scryptAsync(password: string, salt: string, len: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, len, opts, (e, key) => (e ? reject(e) : resolve(key))));
}

async function limited<T>(f: () => Promise<T>): Promise<T> {
  if (running >= SCRYPT_CONCURRENCY) {
    if (waiting.length >= SCRYPT_MAX_WAITING) throw new PasswordHashingBusy();
    await new Promise<void>((res) => waiting.push(res));
  }
  running++;
  try {
    return await f();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export async function hashPasswordAsync(password: string): Promise<string> {
  const N = 16384;
  const salt = randomBytes(16).toString('base64url');
  const hash = (await limited(() => scryptAsync(password, salt, 32, { N }))).toString('base64url');
  return `scrypt$${N}$${salt}$${hash}`;
}

export async function verifyPasswordAsync(password: string, stored: string): Promise<boolean> {
  const [scheme, n, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await limited(() => scryptAsync(password, salt, expected.length, { N: Number(n) }));
  return timingSafeEqual(expected, actual);
}

let dummy: Promise<string> | undefined;
/** A hash to check unknown usernames against, so they cost the same work as real ones. */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPasswordAsync(randomSecret(16));
  return dummy;
}

/** Canonical JSON: object keys sorted at every depth, so key order does not change a hash. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
