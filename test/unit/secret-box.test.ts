import { createSecretBox, generateEncryptionKey } from '../../domain/secret-box';

describe('secret box', () => {
  it('opens what it sealed, and nothing sealed under another key', () => {
    const box = createSecretBox(generateEncryptionKey());
    const sealed = box.seal('whsec_abc');
    expect(sealed).not.toContain('whsec_abc');
    expect(box.open(sealed)).toBe('whsec_abc');
    expect(() => createSecretBox(generateEncryptionKey()).open(sealed)).toThrow();
  });

  it('refuses a key of the wrong size', () => {
    expect(() => createSecretBox(Buffer.alloc(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
