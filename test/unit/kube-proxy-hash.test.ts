import { createHash } from 'node:crypto';
import { expect, test } from 'vitest';
import { serviceChainName, endpointChainName, hash16 } from '../../src/dataplane/kube-proxy/hash.js';

test('chain names as kube-proxy writes them', () => {
  expect(serviceChainName('KUBE-SVC-', 'ns1/svc1:p80', 'TCP')).toBe('KUBE-SVC-XPGD46QRK7WJZT7O');
  expect(serviceChainName('KUBE-SVC-', 'default/kubernetes:https', 'TCP')).toBe('KUBE-SVC-NPX46M4PTMTKRN6Y');
  expect(serviceChainName('KUBE-SVC-', 'kube-system/kube-dns:dns', 'UDP')).toBe('KUBE-SVC-TCOU7JCQXEZGVUNU');
  expect(endpointChainName('ns1/svc1:p80', 'TCP', '10.180.0.1:80')).toBe('KUBE-SEP-SXIVWICOYRO3J4NJ');
  expect(serviceChainName('KUBE-SVC-', 'default/web:http', 'TCP')).toBe('KUBE-SVC-CDGGSHYLG3RE2FKL');
  expect(serviceChainName('KUBE-SVC-', 'default/web-np', 'TCP')).toBe('KUBE-SVC-4UDSYVHJNXWHWIRT');
  expect(endpointChainName('default/web:http', 'TCP', '10.244.1.5:8080')).toBe('KUBE-SEP-AFGSLHOD2HFNCBX4');
});

// RFC 4648 base32 of a digest's first 10 bytes, written the plain way: each byte as 8 bits, then 5 bits a character.
const base32 = (digest: Buffer) =>
  [...digest.subarray(0, 10)]
    .map((b) => b.toString(2).padStart(8, '0'))
    .join('')
    .match(/.{5}/g)!
    .map((bits) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[parseInt(bits, 2)])
    .join('');

test('the first names are hashed in JavaScript, the next ones by node:crypto: the same sha256 either way', () => {
  // 300 names take both ways (the first 16 of the process, then native), with non-ASCII text among them.
  for (let i = 0; i < 300; i++) {
    const text = `ns-${i}/svc-${i % 7}:p${i}tcp10.244.${i >> 8}.${i & 255}:${8000 + i}${i % 10 === 0 ? 'é✓' : ''}`;
    expect(hash16(text), text).toBe(base32(createHash('sha256').update(text).digest()));
  }
});
