// Chain names as kube-proxy builds them (pkg/proxy/iptables/proxier.go servicePortChainName/endpointChainName):
// prefix + the first 16 characters of base32(sha256(text)), RFC 4648 alphabet.
import { createRequire } from 'node:module';
import { sha256 } from '@noble/hashes/sha2';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * A command hashes a handful of names (a curl: one Service port and its endpoints, a dozen for ten replicas) or
 * hundreds to tens of thousands (iptables-save). Loading node:crypto costs ~5 ms, more than a dozen hashes cost in
 * JavaScript (@noble/hashes, ~0.1 ms each while its code is cold); past them, node:crypto is loaded and its native
 * speed wins. Both are SHA-256: the names are the same.
 */
const HASHED_IN_JS = 16;
let hashed = 0;
let nativeHex: ((text: string) => string) | undefined;

const load = createRequire(import.meta.url);
function loadNativeHex(): (text: string) => string {
  const crypto = load('node:crypto') as typeof import('node:crypto');
  // One-shot crypto.hash (Node >= 20.12) allocates no Hash object; createHash where it is missing.
  return typeof (crypto as any).hash === 'function' ? (text) => (crypto as any).hash('sha256', text, 'hex') : (text) => crypto.createHash('sha256').update(text).digest('hex');
}

/**
 * The first 16 base32 characters of sha256(text): its first 80 bits, 5 bits a character. Not memoized: a command
 * asks for each name once per cluster read (the Service ports are cached per read), and a memo would keep every
 * text hashed alive (a large node's rules hash tens of thousands).
 */
export function hash16(text: string): string {
  if (hashed < HASHED_IN_JS) {
    hashed++;
    return base32Of80Bits(sha256(text));
  }
  return base32Of80HexBits((nativeHex ??= loadNativeHex())(text));
}

/** The first 80 bits (10 bytes) of a digest in base32: 8 bits in, 5 bits out, at most 12 bits pending. */
function base32Of80Bits(digest: Uint8Array): string {
  let out = '';
  let pending = 0;
  let bits = 0;
  for (let i = 0; i < 10; i++) {
    pending = (pending << 8) | digest[i];
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(pending >>> bits) & 31];
    }
    pending &= (1 << bits) - 1;
  }
  return out;
}

/** The same from a digest in lower-case hex: the first 20 hex digits, 5 digits (20 bits) → 4 characters. */
function base32Of80HexBits(hex: string): string {
  let out = '';
  for (let i = 0; i < 20; i += 5) {
    let v = 0;
    for (let j = i; j < i + 5; j++) {
      const c = hex.charCodeAt(j);
      v = (v << 4) | (c <= 57 ? c - 48 : c - 87);
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
