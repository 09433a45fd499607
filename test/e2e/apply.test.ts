// apply / create -f through the real binary: every example and documentation manifest, outcomes, output formats.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, freshCluster } from '../helpers/cli.js';

const names = (dir: string) => readdirSync(join(ROOT, dir)).filter((f) => /\.ya?ml$/.test(f)).sort();

describe('apply -f manifests/ (every example manifest of the seeds)', () => {
  it('creates everything, then re-applying changes nothing', () => {
    const { run } = freshCluster();
    const first = run('apply -f manifests/');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      [
        'deployment.apps/currency-exchange created',
        'service/currency-exchange created',
        'deployment.apps/currency-conversion created',
        'service/currency-conversion created',
        'namespace/ingress-nginx created',
        'deployment.apps/ingress-nginx-controller created',
        'service/ingress-nginx-controller created',
        'ingressclass.networking.k8s.io/nginx created',
        'ingress.networking.k8s.io/gateway-ingress created',
        'deployment.apps/frontend created',
        'service/frontend created',
        'deployment.apps/web created',
        'service/web created',
        'service/my-xn-service created',
        'service/external-api created',
        'service/nginx created',
        'statefulset.apps/nginx-sts created',
        'deployment.apps/backend created',
        'service/backend created',
        'deployment.apps/tests created',
        'service/my-tp-service created',
        'namespace/prod created',
        'deployment.apps/data created',
        'service/data created',
        '',
      ].join('\n'),
    );
    const again = run('apply -f manifests/');
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(first.stdout.replace(/ created$/gm, ' unchanged'));
  });

  it.each(names('manifests'))('manifests/%s applies on its own', (file) => {
    const { run } = freshCluster();
    const r = run(['apply', '-f', `manifests/${file}`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('the documentation manifests (test/fixtures/wild-manifests)', () => {
  it('all apply cleanly in one run, and again unchanged', () => {
    const { run } = freshCluster();
    const r = run('apply -f test/fixtures/wild-manifests/');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        'deployment.apps/backend created',
        'service/hello created',
        'pod/dns-example created',
        'service/nginx-service created',
        'deployment.apps/frontend created',
        'service/frontend created',
        'ingress.networking.k8s.io/ingress-wildcard-host created',
        'deployment.apps/hello-world created',
        'ingress.networking.k8s.io/minimal-ingress created',
        'ingress.networking.k8s.io/name-virtual-host-ingress created',
        'deployment.apps/my-nginx created',
        'ingress.networking.k8s.io/simple-fanout-example created',
        '',
      ].join('\n'),
    );
    expect(run('apply -f test/fixtures/wild-manifests/').stdout).toBe(r.stdout.replace(/ created$/gm, ' unchanged'));
  });
});

describe('apply semantics', () => {
  const svc = (extra = '') => `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n${extra}`;

  it('created, configured, unchanged; a field removed from the manifest is removed, the clusterIP kept', () => {
    const { run } = freshCluster();
    expect(run('apply -f -', { input: svc('    targetPort: 8080\n') }).stdout).toBe('service/web created\n');
    const ip = run('get svc web -o jsonpath={.spec.clusterIP}').stdout;
    expect(run('apply -f -', { input: svc('    targetPort: 8080\n') }).stdout).toBe('service/web unchanged\n');
    expect(run('apply -f -', { input: svc().replace('  labels:\n    app: web\n', '') }).stdout).toBe('service/web configured\n');
    expect(run('get svc web -o jsonpath={.metadata.labels}{.spec.ports[0].targetPort}{.spec.clusterIP}').stdout).toBe(`80${ip}`);
  });

  it('re-applying the output of apply -o yaml and of get -o yaml is unchanged', () => {
    const { run } = freshCluster();
    const out = run('apply -f manifests/05-nodeport.yaml -o yaml');
    expect(out.code).toBe(0);
    expect(out.stdout.startsWith('apiVersion: v1\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n')).toBe(true);
    expect(run('apply -f -', { input: out.stdout }).stdout).toBe('deployment.apps/frontend unchanged\nservice/frontend unchanged\n');
    const got = run('get deploy,svc frontend -o yaml');
    expect(run('apply -f -', { input: got.stdout }).stdout).toBe('deployment.apps/frontend unchanged\nservice/frontend unchanged\n');
  });

  const ext = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: external-api\nspec:\n  type: ExternalName\n  externalName: api.example.com\n';

  it('-o name and -o json', () => {
    const { run } = freshCluster();
    expect(run('apply -f - -o name', { input: ext }).stdout).toBe('service/external-api\n');
    const json = JSON.parse(run('apply -f - -o json', { input: ext }).stdout);
    expect([json.kind, json.spec.type, json.spec.sessionAffinity]).toEqual(['Service', 'ExternalName', 'None']);
  });

  it('--dry-run=client and =server store nothing', () => {
    const { run, state } = freshCluster();
    run('get ns');
    const before = readFileSync(state, 'utf8');
    expect(run('apply -f - --dry-run=client', { input: ext }).stdout).toBe('service/external-api created (dry run)\n');
    expect(run('apply -f - --dry-run=server', { input: ext }).stdout).toBe('service/external-api created (server dry run)\n');
    expect(readFileSync(state, 'utf8')).toBe(before);
  });

  it('create -f refuses what exists, in kubectl words', () => {
    const { run } = freshCluster();
    expect(run('create -f manifests/07-externalname.yaml').stdout).toBe('service/my-xn-service created\nservice/external-api created\n');
    expect(run('create -f manifests/07-externalname.yaml')).toEqual({
      stdout: '',
      stderr:
        'Error from server (AlreadyExists): error when creating "manifests/07-externalname.yaml": services "my-xn-service" already exists\n' +
        'Error from server (AlreadyExists): error when creating "manifests/07-externalname.yaml": services "external-api" already exists\n',
      code: 1,
    });
  });

  it('a Deployment scaled by hand keeps its replicas when the manifest does not set them', () => {
    const { run } = freshCluster();
    const d = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  selector:\n    matchLabels: {app: d}\n  template:\n    metadata:\n      labels: {app: d}\n    spec:\n      containers:\n      - name: c\n        image: nginx:1.27\n';
    run('apply -f -', { input: d });
    run('scale deploy d --replicas=3');
    expect(run('apply -f -', { input: d }).stdout).toBe('deployment.apps/d unchanged\n');
    expect(run('get deploy d -o jsonpath={.spec.replicas}').stdout).toBe('3');
  });
});
