// Line summaries: a short string the state file keeps at the end of an object's line (bucket.ts), made from the
// object when it is written, for the readers that go over every object of a resource in the thousands: the pod
// table (row-summary.ts) and kube-proxy's rules (proxy-summary.ts). A line is copied as is only while its
// object is unchanged, so its summary is always the object's own; a summary its reader cannot use (UNKNOWN, or
// a line written without one) means the object is decoded instead.
import type { KubeObject } from '../api/types.js';
import { podSummary } from './row-summary.js';
import { serviceSummary, sliceSummary } from './proxy-summary.js';

export type Summarizer = (obj: KubeObject) => string;

export const SUMMARIZERS: Record<string, Summarizer | undefined> = {
  pods: podSummary,
  services: serviceSummary,
  endpointslices: sliceSummary,
};
