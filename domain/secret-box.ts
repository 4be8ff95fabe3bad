// Secrets (endpoints' signing secrets, channels' passwords and tokens, push keys) are encrypted at
// rest with AES-256-GCM under HERALD_ENCRYPTION_KEY, so a copy of the database alone does not let
// anyone forge Herald's signatures or use its credentials.
//
// Each sealed value is bound to where it lives (`table:id:field`, AES-GCM's additional data): one
// row's sealed secret copied into another row, or into another field, does not open there. Without
// it, a tenant who could write a sealed value into their own endpoint would read it back in clear
// through GET …/secret. The tag is always 16 bytes, and a shorter one is refused (GCM would
// otherwise accept a truncated tag, which is far easier to forge).
//
// `v1` values (sealed before the binding) open only through openUnbound, which the start-time
// re-seal (db/reseal-secrets.ts) uses to bind them once; everything else refuses them.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { BoundedMap } from './bounded-map';

const TAG_BYTES = 16;

export interface SecretBox {
  /** Seals `plain` for the place named by `context` (sealContext). */
  seal(plain: string, context: string): string;
  /** Opens a value sealed for this `context`; throws for any other place, key or tampering. */
  open(sealed: string, context: string): string;
  /** A value sealed before binding (`v1`), for the re-seal alone. */
  openUnbound(sealed: string): string;
}

/** Where a sealed value lives: `endpoints:ep_…:secret`. */
export function sealContext(table: string, id: string, field: string): string {
  return `${table}:${id}:${field}`;
}

export function isUnbound(sealed: string): boolean {
  return sealed.startsWith('v1:');
}

export function createSecretBox(keyBase64: string): SecretBox {
  const key = Buffer.from(keyBase64, 'base64');
  if (key.length !== 32) throw new Error('the encryption key must be 32 bytes, base64-encoded');

  function decrypt(iv: string, tag: string, ct: string, aad?: string): string {
    const tagBytes = Buffer.from(tag, 'base64');
    if (tagBytes.length !== TAG_BYTES) throw new Error(`the sealed value's tag is ${tagBytes.length} bytes, not ${TAG_BYTES}`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'), { authTagLength: TAG_BYTES });
    if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tagBytes);
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]).toString('utf8');
  }

  function parts(sealed: string, version: string): [string, string, string] {
    const [v, iv, tag, ct] = sealed.split(':');
    if (v !== version || !iv || !tag || ct === undefined) throw new Error(v === 'v1' ? 'a sealed value from before secrets were bound to their place; restart Herald to re-seal it' : 'unrecognised sealed secret');
    return [iv, tag, ct];
  }

  return {
    seal(plain, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v2', iv.toString('base64'), cipher.getAuthTag().toString('base64'), ct.toString('base64')].join(':');
    },
    open(sealed, context) {
      const [iv, tag, ct] = parts(sealed, 'v2');
      try {
        return decrypt(iv, tag, ct, context);
      } catch (err) {
        throw new Error(`the sealed value does not open here (another key, another place, or altered): ${(err as Error).message}`);
      }
    },
    openUnbound(sealed) {
      const [iv, tag, ct] = parts(sealed, 'v1');
      return decrypt(iv, tag, ct);
    },
  };
}

export function generateEncryptionKey(): string {
  return randomBytes(32).toString('base64');
}

/**
 * The same box, remembering what it opened: an event's first round opens the secrets of every
 * endpoint it goes to, and at a fan-out of 100 the decryptions were a visible part of a
 * delivery's cost. A sealed value carries its own random IV, so a changed secret is a new entry;
 * the oldest entries go past `max`. Only for readers that open the same values again and again.
 */
export function rememberingOpens(box: SecretBox, max = 10_000): SecretBox {
  const opened = new BoundedMap<string, string>(max);
  return {
    ...box,
    open(sealed, context) {
      const key = `${context}\u0000${sealed}`;
      let plain = opened.get(key);
      if (plain === undefined) {
        plain = box.open(sealed, context);
        opened.set(key, plain);
      }
      return plain;
    },
  };
}
