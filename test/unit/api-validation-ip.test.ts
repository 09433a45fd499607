// isIP: which family an address is, as Kubernetes parses it (node:net's isIP, but no zones).
import { isIP as nodeIsIP } from 'node:net';
import { expect, it } from 'vitest';
import { isIP } from '../../src/api/validation/ip.js';

it('tells IPv4, IPv6 and anything else apart', () => {
  const cases: Array<[string, 0 | 4 | 6]> = [
    ['10.96.0.1', 4],
    ['0.0.0.0', 4],
    ['255.255.255.255', 4],
    ['256.1.1.1', 0],
    ['10.96.0', 0],
    ['010.96.0.1', 0],
    ['0x7f.0.0.1', 0],
    [' 10.96.0.1', 0],
    ['10.96.0.1/32', 0],
    ['2001:db8::ffff', 6],
    ['::', 6],
    ['::1', 6],
    ['::ffff:10.1.2.3', 6],
    ['::ffff:10.1.2.03', 0],
    ['1:2:3:4:5:6:7:8', 6],
    ['1:2:3:4:5:6:7:8:9', 0],
    ['1::2::3', 0],
    ['12345::', 0],
    ['[::1]', 0],
    ['fe80::1%eth0', 0],
    ['example.com', 0],
    ['', 0],
  ];
  expect(cases.map(([s]) => [s, isIP(s)])).toEqual(cases);
});

it('agrees with node:net on addresses without a zone', () => {
  // Random strings of hex groups, colons, a double colon, a dotted tail: both parsers on each.
  let x = 2463534242;
  const rnd = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (x >>> 0) / 4294967296);
  const hex = '0123456789abcdefABCDEFg';
  const octet = () => String(rnd() < 0.1 ? '0' + ((rnd() * 99) | 0) : (rnd() * 300) | 0);
  for (let i = 0; i < 20000; i++) {
    const groups = Array.from({ length: 1 + ((rnd() * 9) | 0) }, () => Array.from({ length: (rnd() * 6) | 0 }, () => hex[(rnd() * hex.length) | 0]).join(''));
    let s = rnd() < 0.3 ? [octet(), octet(), octet(), octet()].join('.') : groups.join(':');
    if (rnd() < 0.3) {
      const at = (rnd() * (s.length + 1)) | 0;
      s = s.slice(0, at) + '::' + s.slice(at);
    }
    if (rnd() < 0.2) s += ':' + [octet(), octet(), octet(), octet()].join('.');
    expect(isIP(s), s).toBe(nodeIsIP(s));
  }
});
