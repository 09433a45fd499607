// Chain names as kube-proxy builds them (pkg/proxy/iptables/proxier.go servicePortChainName/endpointChainName):
// prefix + the first 16 characters of base32(sha256(text)), RFC 4648 alphabet.
import * as crypto from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

// One-shot crypto.hash (Node ≥ 20.12) allocates no Hash object; createHash where it is missing.
const sha256hex: (text: string) => string =
  typeof (crypto as any).hash === 'function' ? (text) => (crypto as any).hash('sha256', text, 'hex') : (text) => crypto.createHash('sha256').update(text).digest('hex');

/**
 * The first 16 base32 characters of sha256(text): 80 bits = the first 20 hex digits, 5 hex digits → 4 characters.
 * Not memoized: a command asks for each name once per cluster read (the Service ports are cached per read), and
 * a memo would keep every text hashed alive (a large node's rules hash tens of thousands).
 */
export function hash16(text: string): string {
  const hex = sha256hex(text);
  let out = '';
  for (let i = 0; i < 20; i += 5) {
    let v = 0;
    for (let j = i; j < i + 5; j++) {
      const c = hex.charCodeAt(j);
      v = (v << 4) | (c <= 57 ? c - 48 : c - 87); // lower-case hex digit
    }
    out += ALPHABET[(v >>> 15) & 31] + ALPHABET[(v >>> 10) & 31] + ALPHABET[(v >>> 5) & 31] + ALPHABET[v & 31];
  }
  return out;
}

/** `ns/name:port` (`ns/name` for an unnamed port): the ServicePortName string kube-proxy prints and hashes. */
export function servicePortName(namespace: string, name: string, portName: string | undefined): string {
  return portName ? `${namespace}/${name}:${portName}` : `${namespace}/${name}`;
}

export type ServiceChainPrefix = 'KUBE-SVC-' | 'KUBE-SVL-' | 'KUBE-EXT-' | 'KUBE-FW-';

/** The hash KUBE-SVC-, KUBE-SVL-, KUBE-EXT- and KUBE-FW- share for one service port. */
export function servicePortHash(spn: string, protocol: string): string {
  return hash16(spn + protocol.toLowerCase());
}

export function serviceChainName(prefix: ServiceChainPrefix, spn: string, protocol: string): string {
  return prefix + servicePortHash(spn, protocol);
}

/** KUBE-SEP-…: the service port name, protocol and the endpoint `ip:port`, concatenated. */
export function endpointChainName(spn: string, protocol: string, endpoint: string): string {
  return 'KUBE-SEP-' + hash16(spn + protocol.toLowerCase() + endpoint);
}
