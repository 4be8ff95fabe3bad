// Values as an older Herald sealed them, for the tests of their re-seal.
import { createCipheriv, randomBytes } from 'node:crypto';

/** A value as Herald sealed it before secrets were bound to their place (no additional data). */
export function sealUnbound(keyBase64: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(keyBase64, 'base64'), iv);
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), ct.toString('base64')].join(':');
}
