// Every tutorial, in the order of catalog.ts.
import type { Tutorial } from '../types.js';
import { podIp } from './pod-ip.js';
import { clusteripAlways } from './clusterip-always.js';
import { lbPending } from './lb-pending.js';
import { nodeportUnreachable } from './nodeport-unreachable.js';
import { externalname } from './externalname.js';
import { fqdn } from './fqdn.js';
import { scalingEndpoints } from './scaling-endpoints.js';
import { headless } from './headless.js';
import { ingressVsLb } from './ingress-vs-lb.js';
import { discovery } from './discovery.js';

export const SCENARIOS: Tutorial[] = [podIp, clusteripAlways, lbPending, nodeportUnreachable, externalname, fqdn, scalingEndpoints, headless, ingressVsLb, discovery];
