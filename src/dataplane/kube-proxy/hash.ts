// Chain names as kube-proxy builds them (pkg/proxy/iptables/proxier.go servicePortChainName/endpointChainName):
// prefix + the first 16 characters of base32(sha256(text)), RFC 4648 alphabet.
import { createHash } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The first 16 base32 characters of sha256(text): 16 chars = 80 bits, all inside the digest, so no padding. */
export function hash16(text: string): string {
  const digest = createHash('sha256').update(text).digest();
  let out = '';
  let bits = 0;
  let value = 0;
  for (let i = 0; out.length < 16; i++) {
    value = (value << 8) | digest[i];
    bits += 8;
    while (bits >= 5 && out.length < 16) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/** `ns/name:port` (`ns/name` for an unnamed port): the ServicePortName string kube-proxy prints and hashes. */
export function servicePortName(namespace: string, name: string, portName: string | undefined): string {
  return portName ? `${namespace}/${name}:${portName}` : `${namespace}/${name}`;
}

export type ServiceChainPrefix = 'KUBE-SVC-' | 'KUBE-SVL-' | 'KUBE-EXT-' | 'KUBE-FW-';

export function serviceChainName(prefix: ServiceChainPrefix, spn: string, protocol: string): string {
  return prefix + hash16(spn + protocol.toLowerCase());
}

/** KUBE-SEP-…: the service port name, protocol and the endpoint `ip:port`, concatenated. */
export function endpointChainName(spn: string, protocol: string, endpoint: string): string {
  return 'KUBE-SEP-' + hash16(spn + protocol.toLowerCase() + endpoint);
}
