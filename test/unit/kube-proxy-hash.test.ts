import { expect, test } from 'vitest';
import { serviceChainName, endpointChainName } from '../../src/dataplane/kube-proxy/hash.js';
test('h', () => {
  expect(serviceChainName('KUBE-SVC-', 'ns1/svc1:p80', 'TCP')).toBe('KUBE-SVC-XPGD46QRK7WJZT7O');
  expect(serviceChainName('KUBE-SVC-', 'default/kubernetes:https', 'TCP')).toBe('KUBE-SVC-NPX46M4PTMTKRN6Y');
  expect(serviceChainName('KUBE-SVC-', 'kube-system/kube-dns:dns', 'UDP')).toBe('KUBE-SVC-TCOU7JCQXEZGVUNU');
  expect(endpointChainName('ns1/svc1:p80', 'TCP', '10.180.0.1:80')).toBe('KUBE-SEP-SXIVWICOYRO3J4NJ');
  expect(serviceChainName('KUBE-SVC-', 'default/web:http', 'TCP')).toBe('KUBE-SVC-CDGGSHYLG3RE2FKL');
  expect(serviceChainName('KUBE-SVC-', 'default/web-np', 'TCP')).toBe('KUBE-SVC-4UDSYVHJNXWHWIRT');
  expect(endpointChainName('default/web:http', 'TCP', '10.244.1.5:8080')).toBe('KUBE-SEP-AFGSLHOD2HFNCBX4');
});
