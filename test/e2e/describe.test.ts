import { beforeAll, describe, expect, it } from 'vitest';
import { freshCluster } from '../helpers/cli.js';

// Objects from test/fixtures/printers (a NodePort Service, a Pod, an Ingress), read 3m20s after they were applied.
const LATER = { env: { KUBESIM_NOW: '2026-11-21T10:03:20Z' } };

describe("kubesim describe", () => {
  let run: ReturnType<typeof freshCluster>['run'];
  beforeAll(() => {
    run = freshCluster().run;
    expect(run('apply -f test/fixtures/printers/').code).toBe(0);
  });

  it("describe svc web", () => {
    expect(run("describe svc web", LATER)).toEqual({
      stdout: [
        "Name:                     web",
        "Namespace:                default",
        "Labels:                   app=web",
        "                          tier=frontend",
        "Annotations:              <none>",
        "Selector:                 app=web",
        "Type:                     NodePort",
        "IP Family Policy:         SingleStack",
        "IP Families:              IPv4",
        "IP:                       10.100.187.33",
        "IPs:                      10.100.187.33",
        "Port:                     http  80/TCP",
        "TargetPort:               8080/TCP",
        "NodePort:                 http  30080/TCP",
        "Endpoints:                10.244.1.3:8080",
        "Session Affinity:         None",
        "External Traffic Policy:  Cluster",
        "Internal Traffic Policy:  Cluster",
        "Events:                   <none>",
        "",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("describe svc/kubernetes", () => {
    expect(run("describe svc/kubernetes", LATER)).toEqual({
      stdout: [
        "Name:                     kubernetes",
        "Namespace:                default",
        "Labels:                   component=apiserver",
        "                          provider=kubernetes",
        "Annotations:              <none>",
        "Selector:                 <none>",
        "Type:                     ClusterIP",
        "IP Family Policy:         SingleStack",
        "IP Families:              IPv4",
        "IP:                       10.96.0.1",
        "IPs:                      10.96.0.1",
        "Port:                     https  443/TCP",
        "TargetPort:               6443/TCP",
        "Endpoints:                172.18.0.2:6443",
        "Session Affinity:         None",
        "Internal Traffic Policy:  Cluster",
        "Events:                   <none>",
        "",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("describe pod web-1", () => {
    expect(run("describe pod web-1", LATER)).toEqual({
      stdout: [
        "Name:             web-1",
        "Namespace:        default",
        "Priority:         0",
        "Service Account:  default",
        "Node:             kubesim-worker/172.18.0.3",
        "Start Time:       Sat, 21 Nov 2026 10:00:00 +0000",
        "Labels:           app=web",
        "Annotations:      <none>",
        "Status:           Running",
        "IP:               10.244.1.3",
        "IPs:",
        "  IP:  10.244.1.3",
        "Containers:",
        "  web:",
        "    Container ID:   containerd://5140ee89e902cc4f4f7c951028c732b49874300a5500a0cc67f43659a6055488",
        "    Image:          nginx:1.27",
        "    Image ID:       docker.io/library/nginx@sha256:6965a10c15290ad0b29ca7fd1866de1850408b3cb15fb11a3bbbbc2fddb158bd",
        "    Port:           8080/TCP",
        "    Host Port:      0/TCP",
        "    State:          Running",
        "      Started:      Sat, 21 Nov 2026 10:00:00 +0000",
        "    Ready:          True",
        "    Restart Count:  0",
        "    Readiness:      http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3",
        "    Environment:",
        "      MODE:  prod",
        "    Mounts:  <none>",
        "Conditions:",
        "  Type                        Status",
        "  PodReadyToStartContainers   True ",
        "  Initialized                 True ",
        "  Ready                       True ",
        "  ContainersReady             True ",
        "  PodScheduled                True ",
        "Volumes:                      <none>",
        "QoS Class:                    BestEffort",
        "Node-Selectors:               <none>",
        "Tolerations:                  node.kubernetes.io/not-ready:NoExecute op=Exists for 300s",
        "                              node.kubernetes.io/unreachable:NoExecute op=Exists for 300s",
        "Events:",
        "  Type    Reason   Age    From     Message",
        "  ----    ------   ----   ----     -------",
        "  Normal  Pulling  3m20s  kubelet  Pulling image \"nginx:1.27\"",
        "  Normal  Pulled   3m20s  kubelet  Successfully pulled image \"nginx:1.27\" in 0.844s (0.844s including waiting). Image size: 63268044 bytes.",
        "  Normal  Created  3m20s  kubelet  Created container: web",
        "  Normal  Started  3m20s  kubelet  Started container web",
        "",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("describe deploy coredns -n kube-system", () => {
    expect(run("describe deploy coredns -n kube-system", LATER)).toEqual({
      stdout: [
        "Name:                   coredns",
        "Namespace:              kube-system",
        "CreationTimestamp:      Sat, 21 Nov 2026 10:00:00 +0000",
        "Labels:                 k8s-app=kube-dns",
        "Annotations:            deployment.kubernetes.io/revision: 1",
        "Selector:               k8s-app=kube-dns",
        "Replicas:               2 desired | 2 updated | 2 total | 2 available | 0 unavailable",
        "StrategyType:           RollingUpdate",
        "MinReadySeconds:        0",
        "RollingUpdateStrategy:  1 max unavailable, 25% max surge",
        "Pod Template:",
        "  Labels:  k8s-app=kube-dns",
        "  Containers:",
        "   coredns:",
        "    Image:       registry.k8s.io/coredns/coredns:v1.12.0",
        "    Ports:       53/UDP, 53/TCP, 9153/TCP",
        "    Host Ports:  0/UDP, 0/TCP, 0/TCP",
        "    Args:",
        "      -conf",
        "      /etc/coredns/Corefile",
        "    Readiness:          http-get http://:8181/ready delay=0s timeout=1s period=10s #success=1 #failure=3",
        "    Environment:        <none>",
        "    Mounts:             <none>",
        "  Volumes:              <none>",
        "  Node-Selectors:       <none>",
        "  Tolerations:          CriticalAddonsOnly op=Exists",
        "                        node-role.kubernetes.io/control-plane:NoSchedule",
        "  Priority Class Name:  system-cluster-critical",
        "Conditions:",
        "  Type           Status  Reason",
        "  ----           ------  ------",
        "  Available      True    MinimumReplicasAvailable",
        "  Progressing    True    NewReplicaSetAvailable",
        "OldReplicaSets:  <none>",
        "NewReplicaSet:   coredns-fb4d568dd (2/2 replicas created)",
        "Events:",
        "  Type    Reason             Age    From                   Message",
        "  ----    ------             ----   ----                   -------",
        "  Normal  ScalingReplicaSet  3m20s  deployment-controller  Scaled up replica set coredns-fb4d568dd from 0 to 2",
        "",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("describe ing shop", () => {
    expect(run("describe ing shop", LATER)).toEqual({
      stdout: [
        "Name:             shop",
        "Labels:           <none>",
        "Namespace:        default",
        "Address:          ",
        "Ingress Class:    nginx",
        "Default backend:  <default>",
        "Rules:",
        "  Host              Path  Backends",
        "  ----              ----  --------",
        "  shop.example.com  ",
        "                    /   web:80 (10.244.1.3:8080)",
        "Annotations:        <none>",
        "Events:             <none>",
        "",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("describe node kubesim-worker", () => {
    expect(run("describe node kubesim-worker", LATER)).toEqual({
      stdout: [
        "Name:               kubesim-worker",
        "Roles:              <none>",
        "Labels:             beta.kubernetes.io/arch=amd64",
        "                    beta.kubernetes.io/os=linux",
        "                    kubernetes.io/arch=amd64",
        "                    kubernetes.io/hostname=kubesim-worker",
        "                    kubernetes.io/os=linux",
        "Annotations:        kubesim.io/last-pod-ip: 10.244.1.3",
        "CreationTimestamp:  Sat, 21 Nov 2026 10:00:00 +0000",
        "Taints:             <none>",
        "Unschedulable:      false",
        "Conditions:",
        "  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message",
        "  ----             ------  -----------------                 ------------------                ------                       -------",
        "  MemoryPressure   False   Sat, 21 Nov 2026 10:00:00 +0000   Sat, 21 Nov 2026 10:00:00 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available",
        "  DiskPressure     False   Sat, 21 Nov 2026 10:00:00 +0000   Sat, 21 Nov 2026 10:00:00 +0000   KubeletHasNoDiskPressure     kubelet has no disk pressure",
        "  PIDPressure      False   Sat, 21 Nov 2026 10:00:00 +0000   Sat, 21 Nov 2026 10:00:00 +0000   KubeletHasSufficientPID      kubelet has sufficient PID available",
        "  Ready            True    Sat, 21 Nov 2026 10:00:00 +0000   Sat, 21 Nov 2026 10:00:00 +0000   KubeletReady                 kubelet is posting ready status",
        "Addresses:",
        "  InternalIP:  172.18.0.3",
        "  Hostname:    kubesim-worker",
        "Capacity:",
        "  cpu:                8",
        "  ephemeral-storage:  100Gi",
        "  memory:             16Gi",
        "  pods:               110",
        "Allocatable:",
        "  cpu:                8",
        "  ephemeral-storage:  100Gi",
        "  memory:             16Gi",
        "  pods:               110",
        "System Info:",
        "  Machine ID:                 ",
        "  System UUID:                ",
        "  Boot ID:                    ",
        "  Kernel Version:             6.8.0-kubesim",
        "  OS Image:                   Debian GNU/Linux 12 (bookworm)",
        "  Operating System:           linux",
        "  Architecture:               amd64",
        "  Container Runtime Version:  containerd://2.1.1",
        "  Kubelet Version:            v1.33.1",
        "  Kube-Proxy Version:         v1.33.1",
        "PodCIDR:                      10.244.1.0/24",
        "PodCIDRs:                     10.244.1.0/24",
        "ProviderID:                   kind://docker/kubesim/kubesim-worker",
        "Non-terminated Pods:          (2 in total)",
        "  Namespace                   Name                       CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age",
        "  ---------                   ----                       ------------  ----------  ---------------  -------------  ---",
        "  default                     web-1                      0 (0%)        0 (0%)      0 (0%)           0 (0%)         3m20s",
        "  kube-system                 coredns-fb4d568dd-jdc7z    0 (0%)        0 (0%)      0 (0%)           0 (0%)         3m20s",
        "Allocated resources:",
        "  (Total limits may be over 100 percent, i.e., overcommitted.)",
        "  Resource           Requests  Limits",
        "  --------           --------  ------",
        "  cpu                0 (0%)    0 (0%)",
        "  memory             0 (0%)    0 (0%)",
        "  ephemeral-storage  0 (0%)    0 (0%)",
        "Events:              <none>",
        "",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("describe ns default", () => {
    expect(run("describe ns default", LATER)).toEqual({
      stdout: [
        "Name:         default",
        "Labels:       kubernetes.io/metadata.name=default",
        "Annotations:  <none>",
        "Status:       Active",
        "",
        "No resource quota.",
        "",
        "No LimitRange resource.",
        "",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("describe ep web", () => {
    expect(run("describe ep web", LATER)).toEqual({
      stdout: [
        "Name:         web",
        "Namespace:    default",
        "Labels:       app=web",
        "              endpoints.kubernetes.io/managed-by=endpoint-controller",
        "              tier=frontend",
        "Annotations:  endpoints.kubernetes.io/last-change-trigger-time: 2026-11-21T10:00:00Z",
        "Subsets:",
        "  Addresses:          10.244.1.3",
        "  NotReadyAddresses:  <none>",
        "  Ports:",
        "    Name  Port  Protocol",
        "    ----  ----  --------",
        "    http  8080  TCP",
        "",
        "Events:  <none>",
        "",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("describe svc nope", () => {
    expect(run("describe svc nope", LATER)).toEqual({
      stdout: [
        "",
      ].join('\n'),
      stderr: "Error from server (NotFound): services \"nope\" not found\n",
      code: 1,
    });
  });

  it("describe pods -l app=nope", () => {
    expect(run("describe pods -l app=nope", LATER)).toEqual({
      stdout: [
        "",
      ].join('\n'),
      stderr: "No resources found in default namespace.\n",
      code: 0,
    });
  });

  it('colours statuses only when colour is on', () => {
    const coloured = run('describe pod web-1', { env: { KUBESIM_NOW: '2026-11-21T10:03:20Z', NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(coloured.stdout).toContain('Status:           \u001b[32mRunning\u001b[39m\n');
    expect(coloured.stdout).toContain('  Ready                       \u001b[32mTrue\u001b[39m \n');
    const off = run('describe pod web-1 --no-color', { env: { KUBESIM_NOW: '2026-11-21T10:03:20Z', NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(off.stdout).not.toContain('\u001b');
    expect(run('describe pod web-1', LATER).stdout).not.toContain('\u001b');
  });
});
