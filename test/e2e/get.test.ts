import { beforeAll, describe, expect, it } from 'vitest';
import { freshCluster } from '../helpers/cli.js';

// Objects from test/fixtures/printers (a NodePort Service, a Pod, an Ingress), read 3m20s after they were applied.
const LATER = { env: { KUBESIM_NOW: '2026-11-21T10:03:20Z' } };

describe("kubesim get", () => {
  let run: ReturnType<typeof freshCluster>['run'];
  beforeAll(() => {
    run = freshCluster().run;
    expect(run('apply -f test/fixtures/printers/').code).toBe(0);
  });

  it("get svc", () => {
    expect(run("get svc", LATER)).toEqual({
      stdout: [
        "NAME         TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)        AGE",
        "kubernetes   ClusterIP   10.96.0.1       <none>        443/TCP        3m20s",
        "web          NodePort    10.100.187.33   <none>        80:30080/TCP   3m20s",
        "",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("get svc -o wide", () => {
    expect(run("get svc -o wide", LATER)).toEqual({
      stdout: [
        "NAME         TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)        AGE     SELECTOR",
        "kubernetes   ClusterIP   10.96.0.1       <none>        443/TCP        3m20s   <none>",
        "web          NodePort    10.100.187.33   <none>        80:30080/TCP   3m20s   app=web",
        "",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("get svc -A", () => {
    expect(run("get svc -A", LATER)).toEqual({
      stdout: [
        "NAMESPACE     NAME         TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)                  AGE",
        "default       kubernetes   ClusterIP   10.96.0.1       <none>        443/TCP                  3m20s",
        "default       web          NodePort    10.100.187.33   <none>        80:30080/TCP             3m20s",
        "kube-system   kube-dns     ClusterIP   10.96.0.10      <none>        53/UDP,53/TCP,9153/TCP   3m20s",
        "",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("get pods -o wide", () => {
    expect(run("get pods -o wide", LATER)).toEqual({
      stdout: [
        "NAME    READY   STATUS    RESTARTS   AGE     IP           NODE             NOMINATED NODE   READINESS GATES",
        "web-1   1/1     Running   0          3m20s   10.244.1.3   kubesim-worker   <none>           <none>",
        "",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("get pods -A", () => {
    expect(run("get pods -A", LATER)).toEqual({
      stdout: [
        "NAMESPACE     NAME                      READY   STATUS    RESTARTS   AGE",
        "default       web-1                     1/1     Running   0          3m20s",
        "kube-system   coredns-fb4d568dd-5pvjl   1/1     Running   0          3m20s",
        "kube-system   coredns-fb4d568dd-jdc7z   1/1     Running   0          3m20s",
        "",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("get deploy,rs -A -o wide", () => {
    expect(run("get deploy,rs -A -o wide", LATER)).toEqual({
      stdout: [
        "NAMESPACE     NAME                      READY   UP-TO-DATE   AVAILABLE   AGE     CONTAINERS   IMAGES                                    SELECTOR",
        "kube-system   deployment.apps/coredns   2/2     2            2           3m20s   coredns      registry.k8s.io/coredns/coredns:v1.12.0   k8s-app=kube-dns",
        "",
        "NAMESPACE     NAME                                DESIRED   CURRENT   READY   AGE     CONTAINERS   IMAGES                                    SELECTOR",
        "kube-system   replicaset.apps/coredns-fb4d568dd   2         2         2       3m20s   coredns      registry.k8s.io/coredns/coredns:v1.12.0   k8s-app=kube-dns,pod-template-hash=fb4d568dd",
        "",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("get no", () => {
    expect(run("get no", LATER)).toEqual({
      stdout: [
        "NAME                    STATUS   ROLES           AGE     VERSION",
        "kubesim-control-plane   Ready    control-plane   3m20s   v1.33.1",
        "kubesim-worker          Ready    <none>          3m20s   v1.33.1",
        "kubesim-worker2         Ready    <none>          3m20s   v1.33.1",
        "",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("get no -o wide", () => {
    expect(run("get no -o wide", LATER)).toEqual({
      stdout: [
        "NAME                    STATUS   ROLES           AGE     VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION   CONTAINER-RUNTIME",
        "kubesim-control-plane   Ready    control-plane   3m20s   v1.33.1   172.18.0.2    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-kubesim    containerd://2.1.1",
        "kubesim-worker          Ready    <none>          3m20s   v1.33.1   172.18.0.3    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-kubesim    containerd://2.1.1",
        "kubesim-worker2         Ready    <none>          3m20s   v1.33.1   172.18.0.4    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-kubesim    containerd://2.1.1",
        "",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("get ns", () => {
    expect(run("get ns", LATER)).toEqual({
      stdout: [
        "NAME              STATUS   AGE",
        "default           Active   3m20s",
        "kube-node-lease   Active   3m20s",
        "kube-public       Active   3m20s",
        "kube-system       Active   3m20s",
        "",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("get ep", () => {
    expect(run("get ep", LATER)).toEqual({
      stdout: [
        "NAME         ENDPOINTS         AGE",
        "kubernetes   172.18.0.2:6443   3m20s",
        "web          10.244.1.3:8080   3m20s",
        "",
      ].join('\n'),
      stderr: "Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n",
      code: 0,
    });
  });

  it("get endpointslices -l kubernetes.io/service-name=web", () => {
    expect(run("get endpointslices -l kubernetes.io/service-name=web", LATER)).toEqual({
      stdout: [
        "NAME        ADDRESSTYPE   PORTS   ENDPOINTS    AGE",
        "web-pjm9q   IPv4          8080    10.244.1.3   3m20s",
        "",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("get ing", () => {
    expect(run("get ing", LATER)).toEqual({
      stdout: [
        "NAME   CLASS   HOSTS              ADDRESS   PORTS   AGE",
        "shop   nginx   shop.example.com             80      3m20s",
        "",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("get ingressclasses", () => {
    expect(run("get ingressclasses", LATER)).toEqual({
      stdout: [
        "",
      ].join('\n'),
      stderr: "No resources found in default namespace.\n",
      code: 0,
    });
  });

  it("get cm,secrets,sa -A", () => {
    expect(run("get cm,secrets,sa -A", LATER)).toEqual({
      stdout: [
        "",
      ].join('\n'),
      stderr: "No resources found\n",
      code: 0,
    });
  });

  it("get svc,pods -l app=web --show-labels", () => {
    expect(run("get svc,pods -l app=web --show-labels", LATER)).toEqual({
      stdout: [
        "NAME          TYPE       CLUSTER-IP      EXTERNAL-IP   PORT(S)        AGE     LABELS",
        "service/web   NodePort   10.100.187.33   <none>        80:30080/TCP   3m20s   app=web,tier=frontend",
        "",
        "NAME        READY   STATUS    RESTARTS   AGE     LABELS",
        "pod/web-1   1/1     Running   0          3m20s   app=web",
        "",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("get pods -l 'app in (web,api),tier notin (db)'", () => {
    expect(run("get pods -l 'app in (web,api),tier notin (db)'", LATER)).toEqual({
      stdout: [
        "NAME    READY   STATUS    RESTARTS   AGE",
        "web-1   1/1     Running   0          3m20s",
        "",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("get all", () => {
    expect(run("get all", LATER)).toEqual({
      stdout: [
        "NAME        READY   STATUS    RESTARTS   AGE",
        "pod/web-1   1/1     Running   0          3m20s",
        "",
        "NAME                 TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)        AGE",
        "service/kubernetes   ClusterIP   10.96.0.1       <none>        443/TCP        3m20s",
        "service/web          NodePort    10.100.187.33   <none>        80:30080/TCP   3m20s",
        "",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("get all -A", () => {
    expect(run("get all -A", LATER)).toEqual({
      stdout: [
        "NAMESPACE     NAME                          READY   STATUS    RESTARTS   AGE",
        "default       pod/web-1                     1/1     Running   0          3m20s",
        "kube-system   pod/coredns-fb4d568dd-5pvjl   1/1     Running   0          3m20s",
        "kube-system   pod/coredns-fb4d568dd-jdc7z   1/1     Running   0          3m20s",
        "",
        "NAMESPACE     NAME                 TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)                  AGE",
        "default       service/kubernetes   ClusterIP   10.96.0.1       <none>        443/TCP                  3m20s",
        "default       service/web          NodePort    10.100.187.33   <none>        80:30080/TCP             3m20s",
        "kube-system   service/kube-dns     ClusterIP   10.96.0.10      <none>        53/UDP,53/TCP,9153/TCP   3m20s",
        "",
        "NAMESPACE     NAME                      READY   UP-TO-DATE   AVAILABLE   AGE",
        "kube-system   deployment.apps/coredns   2/2     2            2           3m20s",
        "",
        "NAMESPACE     NAME                                DESIRED   CURRENT   READY   AGE",
        "kube-system   replicaset.apps/coredns-fb4d568dd   2         2         2       3m20s",
        "",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("get svc web", () => {
    expect(run("get svc web", LATER)).toEqual({
      stdout: [
        "NAME   TYPE       CLUSTER-IP      EXTERNAL-IP   PORT(S)        AGE",
        "web    NodePort   10.100.187.33   <none>        80:30080/TCP   3m20s",
        "",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("get svc/web pod/web-1", () => {
    expect(run("get svc/web pod/web-1", LATER)).toEqual({
      stdout: [
        "NAME          TYPE       CLUSTER-IP      EXTERNAL-IP   PORT(S)        AGE",
        "service/web   NodePort   10.100.187.33   <none>        80:30080/TCP   3m20s",
        "",
        "NAME        READY   STATUS    RESTARTS   AGE",
        "pod/web-1   1/1     Running   0          3m20s",
        "",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("get svc web nope", () => {
    expect(run("get svc web nope", LATER)).toEqual({
      stdout: [
        "NAME   TYPE       CLUSTER-IP      EXTERNAL-IP   PORT(S)        AGE",
        "web    NodePort   10.100.187.33   <none>        80:30080/TCP   3m20s",
        "",
      ].join('\n'),
      stderr: "Error from server (NotFound): services \"nope\" not found\n",
      code: 1,
    });
  });

  it("get svcs", () => {
    expect(run("get svcs", LATER)).toEqual({
      stdout: [
        "",
      ].join('\n'),
      stderr: "error: the server doesn't have a resource type \"svcs\"\n",
      code: 1,
    });
  });

  it("get pods -n nope", () => {
    expect(run("get pods -n nope", LATER)).toEqual({
      stdout: [
        "",
      ].join('\n'),
      stderr: "No resources found in nope namespace.\n",
      code: 0,
    });
  });

  it("get jobs -A", () => {
    expect(run("get jobs -A", LATER)).toEqual({
      stdout: [
        "",
      ].join('\n'),
      stderr: "No resources found\n",
      code: 0,
    });
  });

  it("get svc --no-headers", () => {
    expect(run("get svc --no-headers", LATER)).toEqual({
      stdout: [
        "kubernetes   ClusterIP   10.96.0.1       <none>   443/TCP        3m20s",
        "web          NodePort    10.100.187.33   <none>   80:30080/TCP   3m20s",
        "",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("get svc --sort-by=.spec.clusterIP", () => {
    expect(run("get svc --sort-by=.spec.clusterIP", LATER)).toEqual({
      stdout: [
        "NAME         TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)        AGE",
        "web          NodePort    10.100.187.33   <none>        80:30080/TCP   3m20s",
        "kubernetes   ClusterIP   10.96.0.1       <none>        443/TCP        3m20s",
        "",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("get svc web -o yaml", () => {
    expect(run("get svc web -o yaml", LATER)).toEqual({
      stdout: [
        "apiVersion: v1",
        "kind: Service",
        "metadata:",
        "  annotations:",
        "    kubectl.kubernetes.io/last-applied-configuration: |",
        "      {\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"labels\":{\"app\":\"web\",\"tier\":\"frontend\"},\"name\":\"web\",\"namespace\":\"default\"},\"spec\":{\"ports\":[{\"name\":\"http\",\"nodePort\":30080,\"port\":80,\"targetPort\":8080}],\"selector\":{\"app\":\"web\"},\"type\":\"NodePort\"}}",
        "  creationTimestamp: \"2026-11-21T10:00:00Z\"",
        "  labels:",
        "    app: web",
        "    tier: frontend",
        "  name: web",
        "  namespace: default",
        "  resourceVersion: \"43\"",
        "  uid: 4a175443-1dbf-476a-9773-eb563241b171",
        "spec:",
        "  clusterIP: 10.100.187.33",
        "  clusterIPs:",
        "  - 10.100.187.33",
        "  externalTrafficPolicy: Cluster",
        "  internalTrafficPolicy: Cluster",
        "  ipFamilies:",
        "  - IPv4",
        "  ipFamilyPolicy: SingleStack",
        "  ports:",
        "  - name: http",
        "    nodePort: 30080",
        "    port: 80",
        "    protocol: TCP",
        "    targetPort: 8080",
        "  selector:",
        "    app: web",
        "  sessionAffinity: None",
        "  type: NodePort",
        "status:",
        "  loadBalancer: {}",
        "",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("get svc web -o json", () => {
    expect(run("get svc web -o json", LATER)).toEqual({
      stdout: [
        "{",
        "    \"apiVersion\": \"v1\",",
        "    \"kind\": \"Service\",",
        "    \"metadata\": {",
        "        \"annotations\": {",
        "            \"kubectl.kubernetes.io/last-applied-configuration\": \"{\\\"apiVersion\\\":\\\"v1\\\",\\\"kind\\\":\\\"Service\\\",\\\"metadata\\\":{\\\"labels\\\":{\\\"app\\\":\\\"web\\\",\\\"tier\\\":\\\"frontend\\\"},\\\"name\\\":\\\"web\\\",\\\"namespace\\\":\\\"default\\\"},\\\"spec\\\":{\\\"ports\\\":[{\\\"name\\\":\\\"http\\\",\\\"nodePort\\\":30080,\\\"port\\\":80,\\\"targetPort\\\":8080}],\\\"selector\\\":{\\\"app\\\":\\\"web\\\"},\\\"type\\\":\\\"NodePort\\\"}}\\n\"",
        "        },",
        "        \"creationTimestamp\": \"2026-11-21T10:00:00Z\",",
        "        \"labels\": {",
        "            \"app\": \"web\",",
        "            \"tier\": \"frontend\"",
        "        },",
        "        \"name\": \"web\",",
        "        \"namespace\": \"default\",",
        "        \"resourceVersion\": \"43\",",
        "        \"uid\": \"4a175443-1dbf-476a-9773-eb563241b171\"",
        "    },",
        "    \"spec\": {",
        "        \"clusterIP\": \"10.100.187.33\",",
        "        \"clusterIPs\": [",
        "            \"10.100.187.33\"",
        "        ],",
        "        \"externalTrafficPolicy\": \"Cluster\",",
        "        \"internalTrafficPolicy\": \"Cluster\",",
        "        \"ipFamilies\": [",
        "            \"IPv4\"",
        "        ],",
        "        \"ipFamilyPolicy\": \"SingleStack\",",
        "        \"ports\": [",
        "            {",
        "                \"name\": \"http\",",
        "                \"nodePort\": 30080,",
        "                \"port\": 80,",
        "                \"protocol\": \"TCP\",",
        "                \"targetPort\": 8080",
        "            }",
        "        ],",
        "        \"selector\": {",
        "            \"app\": \"web\"",
        "        },",
        "        \"sessionAffinity\": \"None\",",
        "        \"type\": \"NodePort\"",
        "    },",
        "    \"status\": {",
        "        \"loadBalancer\": {}",
        "    }",
        "}",
        "",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("get svc,deploy -A -o name", () => {
    expect(run("get svc,deploy -A -o name", LATER)).toEqual({
      stdout: [
        "service/kubernetes",
        "service/web",
        "service/kube-dns",
        "deployment.apps/coredns",
        "",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("get svc -l app=nope -o yaml", () => {
    expect(run("get svc -l app=nope -o yaml", LATER)).toEqual({
      stdout: [
        "apiVersion: v1",
        "items: []",
        "kind: List",
        "metadata:",
        "  resourceVersion: \"\"",
        "",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("get no -o jsonpath={.items[*].metadata.name}", () => {
    expect(run("get no -o jsonpath={.items[*].metadata.name}", LATER)).toEqual({
      stdout: [
        "kubesim-control-plane kubesim-worker kubesim-worker2",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("get no -o jsonpath='{range .items[*]}{.metadata.name}{\"\\t\"}{.status.addresses[?(@.type==\"InternalIP\")].address}{\"\\n\"}{end}'", () => {
    expect(run("get no -o jsonpath='{range .items[*]}{.metadata.name}{\"\\t\"}{.status.addresses[?(@.type==\"InternalIP\")].address}{\"\\n\"}{end}'", LATER)).toEqual({
      stdout: [
        "",
      ].join('\n'),
      stderr: "error: error parsing jsonpath '{range, unclosed action\n",
      code: 1,
    });
  });

  it("get svc web -o jsonpath={.spec.ports[0].nodePort}", () => {
    expect(run("get svc web -o jsonpath={.spec.ports[0].nodePort}", LATER)).toEqual({
      stdout: [
        "30080",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("get svc -A -o custom-columns=NAME:.metadata.name,IP:.spec.clusterIP,PORTS:.spec.ports[*].port", () => {
    expect(run("get svc -A -o custom-columns=NAME:.metadata.name,IP:.spec.clusterIP,PORTS:.spec.ports[*].port", LATER)).toEqual({
      stdout: [
        "NAME         IP              PORTS",
        "kubernetes   10.96.0.1       443",
        "web          10.100.187.33   80",
        "kube-dns     10.96.0.10      53,53,9153",
        "",
      ].join('\n'),
      stderr: "",
      code: 0,
    });
  });

  it("get svc -o xml", () => {
    expect(run("get svc -o xml", LATER)).toEqual({
      stdout: [
        "",
      ].join('\n'),
      stderr: "error: unable to match a printer suitable for the output format \"xml\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n",
      code: 1,
    });
  });
});
