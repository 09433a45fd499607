// Is this an IP address, and of which family: as Kubernetes parses addresses (Go's net.ParseIP, with apimachinery
// rejecting IPv4 leading zeros), with ipaddr.js. Not node:net's isIP: loading node:net (with the stream modules it
// needs) costs ~3 ms of every command that validates a Service, and it takes zones (fe80::1%eth0), which
// Kubernetes does not.
import ipaddr from 'ipaddr.js';

/** 4 for an IPv4 address (four decimal parts, no leading zeros), 6 for an IPv6 one (no zone), 0 for anything else. */
export function isIP(s: string): 0 | 4 | 6 {
  if (ipaddr.IPv4.isValidFourPartDecimal(s)) return 4;
  if (s.includes('%') || !ipaddr.IPv6.isValid(s)) return 0;
  // An IPv4 address ending an IPv6 one (::ffff:10.1.2.3) is written as an IPv4 address on its own is.
  const last = s.slice(s.lastIndexOf(':') + 1);
  return last.includes('.') && !ipaddr.IPv4.isValidFourPartDecimal(last) ? 0 : 6;
}
