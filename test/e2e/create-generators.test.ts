import { describe, expect, it } from 'vitest';
import { freshCluster } from '../helpers/cli.js';

describe('kubesim create deployment|service, run', () => {
  it('create deployment --dry-run=client -o yaml prints what kubectl prints', () => {
    const { run } = freshCluster();
    expect(run('create deployment web --image=gcr.io/google-samples/hello-app:2.0 --replicas 3 --port 8080 --dry-run=client -o yaml').stdout).toBe(
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  creationTimestamp: null',
        '  labels:',
        '    app: web',
        '  name: web',
        'spec:',
        '  replicas: 3',
        '  selector:',
        '    matchLabels:',
        '      app: web',
        '  strategy: {}',
        '  template:',
        '    metadata:',
        '      creationTimestamp: null',
        '      labels:',
        '        app: web',
        '    spec:',
        '      containers:',
        '      - image: gcr.io/google-samples/hello-app:2.0',
        '        name: hello-app',
        '        ports:',
        '        - containerPort: 8080',
        '        resources: {}',
        'status: {}',
        '',
      ].join('\n'),
    );
    expect(run('create deployment web --image nginx --dry-run=client').stdout).toBe('deployment.apps/web created (dry run)\n');
    expect(run('create deployment web').stderr).toBe('error: required flag(s) "image" not set\n');
  });

  it('create deployment and create service wire up endpoints', () => {
    const { run } = freshCluster();
    expect(run('create deployment web --image nginx --replicas 2 --port 80').stdout).toBe('deployment.apps/web created\n');
    expect(run('create service clusterip web --tcp 80:80').stdout).toBe('service/web created\n');
    const svc = JSON.parse(run('get svc web -o json').stdout);
    expect(svc.metadata.labels).toEqual({ app: 'web' });
    expect(svc.spec.ports).toEqual([{ name: '80-80', port: 80, protocol: 'TCP', targetPort: 80 }]);
    expect(run('get ep web').stdout).toMatch(/^NAME\s+ENDPOINTS\s+AGE\nweb\s+10\.244\.\d+\.\d+:80,10\.244\.\d+\.\d+:80\s+0s\n$/);
    expect(run('create deployment web --image nginx').stderr).toBe('error: failed to create deployment: deployments.apps "web" already exists\n');
    expect(run('create service clusterip web --tcp 80').stderr).toBe('error: failed to create ClusterIP service: services "web" already exists\n');
  });

  it('create service prints kubectl YAML for each type and refuses bad flags', () => {
    const { run } = freshCluster();
    expect(run('create service nodeport np --tcp=5678:8080 --node-port 30080 --dry-run=client -o yaml').stdout).toBe(
      [
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        '  creationTimestamp: null',
        '  labels:',
        '    app: np',
        '  name: np',
        'spec:',
        '  ports:',
        '  - name: 5678-8080',
        '    nodePort: 30080',
        '    port: 5678',
        '    protocol: TCP',
        '    targetPort: 8080',
        '  selector:',
        '    app: np',
        '  type: NodePort',
        'status:',
        '  loadBalancer: {}',
        '',
      ].join('\n'),
    );
    expect(run('create service externalname ext --external-name api.example.com --dry-run=client -o yaml').stdout).toBe(
      ['apiVersion: v1', 'kind: Service', 'metadata:', '  creationTimestamp: null', '  labels:', '    app: ext', '  name: ext', 'spec:', '  externalName: api.example.com', '  selector:', '    app: ext', '  type: ExternalName', 'status:', '  loadBalancer: {}', ''].join('\n'),
    );
    expect(run('create service clusterip h --clusterip None --dry-run=client -o yaml').stdout).toContain('spec:\n  clusterIP: None\n  selector:\n    app: h\n  type: ClusterIP\n');
    expect(run('create service clusterip web').stderr).toBe('error: at least one tcp port specifier must be provided\n');
    expect(run('create service externalname ext').stderr).toBe('error: required flag(s) "external-name" not set\n');
    expect(run('create service externalname ext --external-name Bad_Name').stderr).toBe('error: invalid service external name Bad_Name\n');
    expect(run('create service clusterip').stderr).toBe("error: exactly one NAME is required, got 0\nSee 'kubesim create service clusterip -h' for help and examples\n");
    const noType = run('create service');
    expect(noType.code).toBe(1);
    expect(noType.stderr).toMatch(/^Create a service using a specified subcommand\.\n[\s\S]*Available Commands:\n  clusterip      Create a ClusterIP service\n/);
  });

  it('run creates a pod (and with --expose its Service first) as kubectl does', () => {
    const { run } = freshCluster();
    expect(run('run web --image nginx --port 80 --labels app=web,tier=front --dry-run=client -o yaml').stdout).toBe(
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  creationTimestamp: null',
        '  labels:',
        '    app: web',
        '    tier: front',
        '  name: web',
        'spec:',
        '  containers:',
        '  - image: nginx',
        '    name: web',
        '    ports:',
        '    - containerPort: 80',
        '    resources: {}',
        '  dnsPolicy: ClusterFirst',
        '  restartPolicy: Always',
        'status: {}',
        '',
      ].join('\n'),
    );
    expect(run('run web --image nginx --port 80 --expose')).toEqual({ stdout: 'service/web created\npod/web created\n', stderr: '', code: 0 });
    expect(run('get ep web').stdout).toMatch(/^NAME\s+ENDPOINTS\s+AGE\nweb\s+10\.244\.\d+\.\d+:80\s+0s\n$/);
    expect(run('run x --image nginx --expose').stderr).toBe('error: --port must be set when exposing a service\n');
    expect(run('run x --image nginx --restart Sometimes').stderr).toBe('error: invalid restart policy: Sometimes\n');
  });
});
