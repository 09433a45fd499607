// The answer of a serving pod: kubesim runs every workload as traefik/whoami would answer (hostname, addresses,
// the caller's address, then the request as Go's Request.Write prints it, CRLF line ends included).
import type { KubeObject } from '../api/types.js';

export const CURL_UA = 'curl/8.5.0';

export function whoamiBody(pod: KubeObject, remoteAddr: string, requestLine: string, headers: Array<[string, string]>): string {
  const lines = [`Hostname: ${pod.metadata.name}`, 'IP: 127.0.0.1', `IP: ${pod.status?.podIP}`, `RemoteAddr: ${remoteAddr}`];
  // Request.Write: the request line, Host, User-Agent, then the other headers sorted by name.
  const host = headers.find(([k]) => k.toLowerCase() === 'host')?.[1] ?? '';
  const ua = headers.find(([k]) => k.toLowerCase() === 'user-agent')?.[1];
  const rest = headers.filter(([k]) => !['host', 'user-agent'].includes(k.toLowerCase())).map(([k, v]) => [canonicalKey(k), v] as const);
  rest.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let req = `${requestLine}\r\nHost: ${host}\r\n`;
  if (ua !== undefined) req += `User-Agent: ${ua}\r\n`;
  for (const [k, v] of rest) req += `${k}: ${v}\r\n`;
  return lines.join('\n') + '\n' + req + '\r\n';
}

/** Go's textproto.CanonicalMIMEHeaderKey: `x-request-id` → `X-Request-Id`. */
export function canonicalKey(k: string): string {
  return k
    .split('-')
    .map((w) => (w ? w[0].toUpperCase() + w.slice(1).toLowerCase() : w))
    .join('-');
}

/** An HTTP date (RFC 7231 IMF-fixdate). */
export function httpDate(d: Date): string {
  return d.toUTCString();
}

/** nginx's built-in error page, as ingress-nginx serves it (server_tokens off). */
export function nginxErrorPage(status: number, reason: string): string {
  return `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}
