import { createSecretBox, generateEncryptionKey, rememberingOpens, sealContext } from '../../domain/secret-box';
import { sealUnbound } from '../support/legacy-seal';

describe('secret box', () => {
  const here = sealContext('endpoints', 'ep_1', 'secret');

  it('opens what it sealed, and nothing sealed under another key', () => {
    const box = createSecretBox(generateEncryptionKey());
    const sealed = box.seal('whsec_abc', here);
    expect(sealed).not.toContain('whsec_abc');
    expect(sealed.startsWith('v2:')).toBe(true);
    expect(box.open(sealed, here)).toBe('whsec_abc');
    expect(() => createSecretBox(generateEncryptionKey()).open(sealed, here)).toThrow();
  });

  it('opens a value only where it was sealed: another row or field refuses it', () => {
    const box = createSecretBox(generateEncryptionKey());
    const sealed = box.seal('whsec_abc', here);
    expect(() => box.open(sealed, sealContext('endpoints', 'ep_2', 'secret'))).toThrow(/does not open here/);
    expect(() => box.open(sealed, sealContext('endpoints', 'ep_1', 'mesiboSecret'))).toThrow(/does not open here/);
    expect(() => box.open(sealed, sealContext('channels', 'ep_1', 'secret'))).toThrow(/does not open here/);
  });

  it('refuses a shortened tag, which GCM would otherwise accept', () => {
    const box = createSecretBox(generateEncryptionKey());
    const [v, iv, tag, ct] = box.seal('whsec_abc', here).split(':');
    const short = [v, iv, Buffer.from(tag, 'base64').subarray(0, 4).toString('base64'), ct].join(':');
    expect(() => box.open(short, here)).toThrow(/tag is 4 bytes, not 16/);
  });

  it('opens an unbound (v1) value only for the re-seal', () => {
    const key = generateEncryptionKey();
    const box = createSecretBox(key);
    const legacy = sealUnbound(key, 'whsec_old');
    expect(() => box.open(legacy, here)).toThrow(/restart Herald to re-seal/);
    expect(box.openUnbound(legacy)).toBe('whsec_old');
  });

  it('refuses a key of the wrong size', () => {
    expect(() => createSecretBox(Buffer.alloc(16).toString('base64'))).toThrow(/32 bytes/);
  });
});

describe('rememberingOpens', () => {
  it('opens each sealed value once, and still refuses one sealed for another place', () => {
    const box = createSecretBox(generateEncryptionKey());
    let opens = 0;
    const counting = { ...box, open: (sealed: string, context: string) => (opens++, box.open(sealed, context)) };
    const remembering = rememberingOpens(counting, 2);
    const sealed = box.seal('whsec_a', 'endpoints:ep_1:secret');
    expect(remembering.open(sealed, 'endpoints:ep_1:secret')).toBe('whsec_a');
    expect(remembering.open(sealed, 'endpoints:ep_1:secret')).toBe('whsec_a');
    expect(opens).toBe(1);
    expect(() => remembering.open(sealed, 'endpoints:ep_2:secret')).toThrow(/does not open here/);
    // A new secret is a new sealed value (its own IV): opened, not served from memory.
    const rotated = box.seal('whsec_b', 'endpoints:ep_1:secret');
    expect(remembering.open(rotated, 'endpoints:ep_1:secret')).toBe('whsec_b');
    // Past `max` the oldest goes: opened again.
    remembering.open(box.seal('whsec_c', 'endpoints:ep_3:secret'), 'endpoints:ep_3:secret');
    const before = opens;
    remembering.open(sealed, 'endpoints:ep_1:secret');
    expect(opens).toBe(before + 1);
  });
});
