// The payload codec: AES-256-GCM with the key's id in the payload's metadata; the newest key
// encrypts, every listed key decrypts; payloads written before a key was set, and summaries marked
// readable, pass as they are; a payload nobody's key opens fails with the variables to look at.
import { randomBytes } from 'node:crypto';
import type { Payload } from '@temporalio/common';
import { defaultPayloadConverter } from '@temporalio/common';
import { createEncryptionCodec, parsePayloadKeys, payloadKeyId } from '../../runtime/payload-encryption';
import { READABLE_METADATA_KEY, readable, summaryTarget } from '../../domain/readable-summary';

const key = () => randomBytes(32).toString('base64');
const text = (b?: Uint8Array | null) => Buffer.from(b ?? []).toString('utf8');
const event = defaultPayloadConverter.toPayload({ type: 'message.created', data: { body: 'meet me at noon', to: '+15550001111' } })!;

it('encrypts every payload with the newest key and decrypts it again, naming the key', async () => {
  const k1 = key();
  const codec = createEncryptionCodec(parsePayloadKeys(k1));
  const [sealed] = await codec.encode([event]);
  expect(text(sealed.metadata!.encoding)).toBe('binary/encrypted');
  expect(text(sealed.metadata!['encryption-key-id'])).toBe(payloadKeyId(Buffer.from(k1, 'base64')));
  expect(text(sealed.metadata!['encryption-cipher'])).toBe('AES-256-GCM');
  expect(text(sealed.data)).not.toContain('noon');
  expect(text(sealed.data)).not.toContain('+1555');
  // A fresh IV each time: the same event never gives the same ciphertext.
  const [again] = await codec.encode([event]);
  expect(Buffer.from(again.data!).equals(Buffer.from(sealed.data!))).toBe(false);

  const [opened] = await codec.decode([sealed]);
  expect(defaultPayloadConverter.fromPayload(opened)).toEqual({ type: 'message.created', data: { body: 'meet me at noon', to: '+15550001111' } });
});

it('rotates: a new key encrypts, the old one listed in HERALD_PAYLOAD_KEYS still decrypts; without it, decoding says which key is missing', async () => {
  const [k1, k2] = [key(), key()];
  const [byOld] = await createEncryptionCodec(parsePayloadKeys(k1)).encode([event]);
  const rotated = createEncryptionCodec(parsePayloadKeys(k2, [k1]));
  expect(defaultPayloadConverter.fromPayload((await rotated.decode([byOld]))[0])).toMatchObject({ type: 'message.created' });
  const [byNew] = await rotated.encode([event]);
  expect(text(byNew.metadata!['encryption-key-id'])).toBe(payloadKeyId(Buffer.from(k2, 'base64')));

  const withoutOld = createEncryptionCodec(parsePayloadKeys(k2));
  await expect(withoutOld.decode([byOld])).rejects.toThrow(
    `a payload is encrypted with key ${payloadKeyId(Buffer.from(k1, 'base64'))}, which is neither HERALD_PAYLOAD_KEY nor among HERALD_PAYLOAD_KEYS`,
  );
});

it('says what is missing when a process without a key meets an encrypted payload, and writes in clear', async () => {
  const [sealed] = await createEncryptionCodec(parsePayloadKeys(key())).encode([event]);
  const keyless = createEncryptionCodec(undefined);
  await expect(keyless.decode([sealed])).rejects.toThrow('but this process has no HERALD_PAYLOAD_KEY');
  expect(await keyless.encode([event])).toEqual([event]);
});

it('refuses a payload altered on the way', async () => {
  const codec = createEncryptionCodec(parsePayloadKeys(key()));
  const [sealed] = await codec.encode([event]);
  const data = Buffer.from(sealed.data!);
  data[20] ^= 1;
  await expect(codec.decode([{ ...sealed, data }])).rejects.toThrow('does not decrypt');
});

it('passes payloads written before a key was set, and readable summaries, as they are', async () => {
  const codec = createEncryptionCodec(parsePayloadKeys(key()));
  expect(await codec.decode([event])).toEqual([event]);
  const summary = (readable('message.sent · event e1') as unknown as { payload: Payload }).payload;
  expect(text(summary.metadata![READABLE_METADATA_KEY])).toBe('1');
  const [kept] = await codec.encode([summary]);
  expect(kept).toBe(summary);
  expect(defaultPayloadConverter.fromPayload(kept)).toBe('message.sent · event e1');
});

it('checks keys without repeating them', () => {
  expect(() => parsePayloadKeys('c2hvcnQ=')).toThrow('HERALD_PAYLOAD_KEY: a payload key is 32 bytes in base64 (44 characters)');
  expect(() => parsePayloadKeys(key(), ['nope'])).toThrow('HERALD_PAYLOAD_KEYS: a payload key is 32 bytes');
  try {
    parsePayloadKeys('c2hvcnQ=');
  } catch (err) {
    expect((err as Error).message).not.toContain('c2hvcnQ=');
  }
  const k = key();
  expect(parsePayloadKeys(k, [k]).all).toHaveLength(1);
});

it('names delivery targets in summaries without paths, queries or addresses', () => {
  expect(summaryTarget({ endpointId: 'ep_1', url: 'https://user:pw@hooks.example.com/T0/B0/secret?token=x' })).toBe('ep_1 (hooks.example.com)');
  expect(summaryTarget({ endpointId: 'rt_1', url: 'sms Alerts → +15550001111' })).toBe('sms Alerts');
  expect(summaryTarget({ endpointId: 'rt_2', url: 'email Support → ann@example.com' })).toBe('email Support');
});
