// Generates src/api/schema/fields.gen.json: a compact field tree per kind, from the official OpenAPI definitions
// as kubernetes-models ships them (its .d.ts types give the fields and their shapes; its compiled validators give
// the integer formats). Run: node scripts/gen-k8s-schema.mjs (after changing the kubernetes-models version).
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const pkgDir = dirname(require.resolve('kubernetes-models/package.json'));

// Every kind of the registry (src/api/resources.ts), by apiVersion.
const KINDS = {
  v1: ['Namespace', 'Node', 'Pod', 'Service', 'Endpoints', 'ConfigMap', 'Secret', 'Event', 'ServiceAccount', 'PersistentVolume', 'PersistentVolumeClaim', 'ReplicationController', 'LimitRange', 'ResourceQuota', 'PodTemplate'],
  'apps/v1': ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ControllerRevision'],
  'batch/v1': ['Job', 'CronJob'],
  'autoscaling/v2': ['HorizontalPodAutoscaler'],
  'policy/v1': ['PodDisruptionBudget'],
  'networking.k8s.io/v1': ['Ingress', 'IngressClass', 'NetworkPolicy'],
  'discovery.k8s.io/v1': ['EndpointSlice'],
  'rbac.authorization.k8s.io/v1': ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'],
  'storage.k8s.io/v1': ['StorageClass'],
  'scheduling.k8s.io/v1': ['PriorityClass'],
  'coordination.k8s.io/v1': ['Lease'],
  'apiextensions.k8s.io/v1': ['CustomResourceDefinition'],
};

const files = [];
for (const [av, kinds] of Object.entries(KINDS)) for (const k of kinds) files.push(join(pkgDir, av, `${k}.d.ts`));
const program = ts.createProgram(files, { allowJs: false, noEmit: true, skipLibCheck: true, moduleResolution: ts.ModuleResolutionKind.Node10 });
const checker = program.getTypeChecker();

// Definition name from the alias kubernetes-models exports: IIoK8sApiCoreV1ServicePort → IoK8sApiCoreV1ServicePort.
const defs = {};
const SPECIAL = {
  IoK8sApimachineryPkgUtilIntstrIntOrString: 'ios',
  IoK8sApimachineryPkgApiResourceQuantity: 'q',
  IoK8sApimachineryPkgApisMetaV1Time: 's',
  IoK8sApimachineryPkgApisMetaV1MicroTime: 's',
  IoK8sApimachineryPkgRuntimeRawExtension: 'any',
  IoK8sApiextensionsApiserverPkgApisApiextensionsV1JSON: 'any',
  IoK8sApiextensionsApiserverPkgApisApiextensionsV1JSONSchemaPropsOrArray: 'any',
  IoK8sApiextensionsApiserverPkgApisApiextensionsV1JSONSchemaPropsOrBool: 'any',
  IoK8sApiextensionsApiserverPkgApisApiextensionsV1JSONSchemaPropsOrStringArray: 'any',
  IoK8sApimachineryPkgApisMetaV1FieldsV1: 'any',
};

function defName(type) {
  const sym = type.aliasSymbol ?? type.getSymbol();
  const decl = sym?.declarations?.[0];
  if (!decl) return undefined;
  const file = decl.getSourceFile().fileName;
  // Find the export alias `I<Def>` in that file.
  const m = /export \{ I(\w+) as I(IoK8s\w+)/.exec(decl.getSourceFile().text);
  void file;
  return m ? m[2] : undefined;
}

function typeCode(type, ctxDef, field) {
  if (type.isUnion()) {
    const parts = type.types.filter((t) => !(t.flags & ts.TypeFlags.Undefined));
    if (parts.every((t) => t.flags & (ts.TypeFlags.StringLiteral | ts.TypeFlags.String))) return 's';
    if (parts.every((t) => t.flags & (ts.TypeFlags.BooleanLiteral | ts.TypeFlags.Boolean))) return 'b';
    if (parts.length === 1) return typeCode(parts[0], ctxDef, field);
    const codes = new Set(parts.map((t) => typeCode(t, ctxDef, field)));
    if (codes.has('s') && [...codes].some((c) => c.startsWith('i'))) return 'ios';
    return 'any';
  }
  if (type.flags & ts.TypeFlags.String || type.flags & ts.TypeFlags.StringLiteral) return 's';
  if (type.flags & ts.TypeFlags.Boolean || type.flags & ts.TypeFlags.BooleanLiteral) return 'b';
  if (type.flags & ts.TypeFlags.Number) return numberFormat(ctxDef, field);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 'any';
  if (checker.isArrayType(type)) return ['[]', typeCode(checker.getTypeArguments(type)[0], ctxDef, field)];
  const index = type.getStringIndexType?.();
  if (index && checker.getPropertiesOfType(type).length === 0) return ['{}', typeCode(index, ctxDef, field)];
  const name = defName(type);
  if (name && SPECIAL[name]) return SPECIAL[name];
  if (name) {
    visit(name, type);
    return '#' + name;
  }
  return 'any';
}

const validators = {};
function numberFormat(def, field) {
  // Ask the compiled validator: a value beyond int32 fails `format: int32`; a fraction fails `type: integer`.
  if (!validators[def]) {
    const own = join(pkgDir, '_schemas', `${def}.js`);
    const base = join(dirname(require.resolve('@kubernetes-models/apimachinery/package.json')), '_schemas', `${def}.js`);
    try {
      validators[def] = require(own).validate;
    } catch {
      validators[def] = require(base).validate;
    }
  }
  const v = validators[def];
  const errsFor = (value) => {
    v({ [field]: value });
    return (v.errors ?? []).filter((e) => e.instancePath === `/${field}`);
  };
  if (errsFor(2 ** 40).some((e) => e.keyword === 'format' && e.params?.format === 'int32')) return 'i32';
  if (errsFor(1.5).some((e) => e.keyword === 'type' || e.keyword === 'format')) return 'i64';
  return 'f64';
}

function visit(name, type) {
  if (defs[name]) return;
  const fields = {};
  defs[name] = fields;
  for (const prop of checker.getPropertiesOfType(type)) {
    const t = checker.getTypeOfSymbol(prop);
    fields[prop.getName()] = typeCode(t, name, prop.getName());
  }
}

const kinds = {};
for (const [av, list] of Object.entries(KINDS)) {
  for (const k of list) {
    const sf = program.getSourceFile(join(pkgDir, av, `${k}.d.ts`));
    const iface = sf.statements.find((s) => ts.isInterfaceDeclaration(s) && s.name.text === `I${k}`);
    const type = checker.getTypeAtLocation(iface.name);
    const m = /export \{ I\w+ as I(IoK8s\w+)/.exec(sf.text);
    visit(m[1], type);
    kinds[`${av}/${k}`] = m[1];
  }
}

const version = require('kubernetes-models/package.json').version;
writeFileSync(join(root, 'src/api/schema/fields.gen.json'), JSON.stringify({ source: `kubernetes-models@${version}`, kinds, defs }) + '\n');
console.log(`wrote ${Object.keys(defs).length} definitions for ${Object.keys(kinds).length} kinds`);
