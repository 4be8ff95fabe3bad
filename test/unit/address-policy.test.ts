import { checkTargetUrl, isForbiddenAddress } from '../../domain/address-policy';

describe('isForbiddenAddress', () => {
  it.each([
    '127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1',
    '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fc00::1', 'fd00:ec2::254',
    '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:169.254.169.254', '64:ff9b::a00:1',
    // IPv4-compatible (::/96), mapped in every spelling (::ffff:0:0/96), SIIT, 6to4 (2002::/16).
    '::127.0.0.1', '::7f00:1', '::a9fe:a9fe', '0:0:0:0:0:ffff:7f00:1', '0000:0000:0000:0000:0000:ffff:0a00:0001', '::ffff:0:a00:1', '::ffff:0:10.0.0.1',
    '2002:7f00:1::', '2002:a9fe:a9fe::1', '2002:c0a8:101:0:0:0:0:1', '64:ff9b::169.254.169.254',
  ])('refuses %s', (address) => expect(isForbiddenAddress(address)).toBe(true));

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '::808:808', '2002:808:808::1', '2a00:1450:4001:80b::200e'])('allows %s', (address) =>
    expect(isForbiddenAddress(address)).toBe(false),
  );
});

describe('checkTargetUrl', () => {
  it('accepts public http(s) URLs', () => {
    expect(checkTargetUrl('https://hooks.example.com/herald', false)).toBeUndefined();
    expect(checkTargetUrl('http://93.184.216.34:8080/x', false)).toBeUndefined();
  });

  it('refuses private literals and names unless allowed', () => {
    expect(checkTargetUrl('http://127.0.0.1:3000/x', false)).toMatch(/private/);
    expect(checkTargetUrl('http://[::1]/x', false)).toMatch(/private/);
    expect(checkTargetUrl('http://localhost/x', false)).toMatch(/private/);
    expect(checkTargetUrl('http://metadata.google.internal/x', false)).toMatch(/private/);
    expect(checkTargetUrl('http://127.0.0.1:3000/x', true)).toBeUndefined();
  });

  it('refuses other schemes, credentials and non-URLs', () => {
    expect(checkTargetUrl('ftp://example.com/x', true)).toMatch(/http/);
    expect(checkTargetUrl('https://user:pw@example.com/x', true)).toMatch(/credentials/);
    expect(checkTargetUrl('not a url', true)).toMatch(/absolute URL/);
  });
});
