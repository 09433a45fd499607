// The clock: real time, or fixed by KUBESIM_NOW (an RFC 3339 time or epoch seconds) so demos print the same AGE.

export function now(env: NodeJS.ProcessEnv = process.env): Date {
  const fixed = env.KUBESIM_NOW;
  if (fixed) {
    const asNumber = Number(fixed);
    const d = Number.isFinite(asNumber) && /^\d+(\.\d+)?$/.test(fixed) ? new Date(asNumber * 1000) : new Date(fixed);
    if (!Number.isNaN(d.getTime())) return d;
  }
  return new Date();
}

/** Kubernetes' metav1.Time format: RFC 3339 in UTC with second precision. */
export function formatTimestamp(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
