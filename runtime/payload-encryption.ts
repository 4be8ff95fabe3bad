// Event data encrypted in Temporal: a payload codec (Temporal's mechanism for it) that encrypts
// every payload Herald's client and worker write with AES-256-GCM, so workflow histories, the
// Temporal database and anyone reading them see ciphertext; the Temporal UI reads them through
// Herald's codec endpoint (api/routes/codec.ts). Several keys: the newest (HERALD_PAYLOAD_KEY)
// encrypts, it and the older ones (HERALD_PAYLOAD_KEYS) decrypt, each payload naming its key's id
// in its metadata, so a key is rotated by adding a new one and keeping the old until the histories
// that use it are gone (the namespace's retention). A payload that is not encrypted (written before
// a key was set) decodes as it is, so running workflows carry on.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { READABLE_METADATA_KEY } from '../domain/readable-summary';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA_KEY = 'encryption-key-id';
const CIPHER_METADATA_KEY = 'encryption-cipher';
const CIPHER = 'AES-256-GCM';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class PayloadKeyError extends Error {}

export interface PayloadKey {
  id: string;
  key: Buffer;
}

/** A key's id: derived from the key, so every process agrees without a registry, and it reveals nothing of it. */
export function payloadKeyId(key: Buffer): string {
  return `hpk-${createHash('sha256').update('herald payload key id\0').update(key).digest('hex').slice(0, 16)}`;
}

/** Reads HERALD_PAYLOAD_KEY (and HERALD_PAYLOAD_KEYS: older keys, comma or space separated): each 32 bytes in base64. */
export function parsePayloadKeys(current: string, older: string[] = []): { current: PayloadKey; all: PayloadKey[] } {
  const read = (text: string, variable: string): PayloadKey => {
    const key = Buffer.from(text, 'base64');
    if (key.length !== 32 || key.toString('base64') !== text) throw new PayloadKeyError(`${variable}: a payload key is 32 bytes in base64 (44 characters), like \`openssl rand -base64 32\``);
    return { id: payloadKeyId(key), key };
  };
  const first = read(current, 'HERALD_PAYLOAD_KEY');
  const all = [first, ...older.map((k) => read(k, 'HERALD_PAYLOAD_KEYS'))];
  return { current: first, all: all.filter((k, i) => all.findIndex((o) => o.id === k.id) === i) };
}

/**
 * Without keys (no HERALD_PAYLOAD_KEY) it writes payloads in clear and, meeting an encrypted one
 * (the key was unset, or this process lacks it), fails with that said instead of the SDK's
 * "Unknown encoding"; the workflow task is retried until a process with the key takes it.
 */
export function createEncryptionCodec(keys: { current: PayloadKey; all: PayloadKey[] } | undefined): PayloadCodec {
  const byId = new Map((keys?.all ?? []).map((k) => [k.id, k.key]));
  return {
    async encode(payloads: Payload[]): Promise<Payload[]> {
      return payloads.map((payload) => {
        if (!keys || payload.metadata?.[READABLE_METADATA_KEY] || isEncrypted(payload)) return payload;
        const iv = randomBytes(IV_BYTES);
        const cipher = createCipheriv('aes-256-gcm', keys.current.key, iv);
        cipher.setAAD(Buffer.from(keys.current.id));
        const plain = temporal.api.common.v1.Payload.encode(payload).finish();
        const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
        return {
          metadata: {
            encoding: encoder.encode(ENCRYPTED_ENCODING),
            [KEY_ID_METADATA_KEY]: encoder.encode(keys.current.id),
            [CIPHER_METADATA_KEY]: encoder.encode(CIPHER),
          },
          data: sealed,
        };
      });
    },
    async decode(payloads: Payload[]): Promise<Payload[]> {
      return payloads.map((payload) => {
        if (!isEncrypted(payload)) return payload;
        const id = payload.metadata?.[KEY_ID_METADATA_KEY] ? decoder.decode(payload.metadata[KEY_ID_METADATA_KEY]) : '';
        const key = byId.get(id);
        if (!keys) throw new PayloadKeyError(`a payload is encrypted (key ${id || '(none named)'}) but this process has no HERALD_PAYLOAD_KEY: set it (and HERALD_PAYLOAD_KEYS) as on the process that wrote it`);
        if (!key) throw new PayloadKeyError(`a payload is encrypted with key ${id || '(none named)'}, which is neither HERALD_PAYLOAD_KEY nor among HERALD_PAYLOAD_KEYS`);
        const data = Buffer.from(payload.data ?? new Uint8Array());
        if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadKeyError(`an encrypted payload (key ${id}) is too short to be one`);
        const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
        decipher.setAAD(Buffer.from(id));
        decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
        let plain: Buffer;
        try {
          plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
        } catch {
          throw new PayloadKeyError(`an encrypted payload (key ${id}) does not decrypt: altered, or sealed by another key with the same id`);
        }
        return temporal.api.common.v1.Payload.decode(plain) as Payload;
      });
    },
  };
}

function isEncrypted(payload: Payload): boolean {
  const encoding = payload.metadata?.encoding;
  return encoding !== undefined && encoding !== null && decoder.decode(encoding) === ENCRYPTED_ENCODING;
}
