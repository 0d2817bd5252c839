// Webhook secrets at rest (密钥加密存储): robot URLs (their key / access_token) and signing secrets
// are sealed with AES-256-GCM before they reach DynamoDB and opened only to send. The 256-bit key
// is SHA-256 of a domain label and the key material: ALERTS_KEY when set (on AWS: from a secret),
// else the administrator token — so changing that material makes stored secrets unreadable (the
// delivery log then says so, and an administrator enters the webhook again).
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';

export interface SecretBox {
  seal(plain: string): string;
  /** undefined when the text was sealed with other key material (or is damaged). */
  open(sealed: string): string | undefined;
}

export function createSecretBox(keyMaterial: string): SecretBox {
  const key = createHash('sha256').update(`servicepulse/alerts/v1\n${keyMaterial}`).digest();
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    },
    open(sealed) {
      const [v, iv, tag, body] = sealed.split('.');
      if (v !== VERSION || !iv || !tag || body === undefined) return undefined;
      try {
        const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        d.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]).toString('utf8');
      } catch {
        return undefined;
      }
    },
  };
}
