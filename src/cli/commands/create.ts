// kubectl create: from manifests (-f), or one of the generators (deployment, service …) registered below.
import type { Command } from 'commander';
import { globals } from '../context.js';
import { registerCreateDeployment } from '../create/deployment.js';
import { registerCreateService } from '../create/service.js';

export function register(program: Command): void {
  const create = program
    .command('create')
    .description('Create a resource from a file or from stdin, or with a generator subcommand')
    .option('-f, --filename <file...>', 'Files, folders or - (stdin) that contain the configuration to create')
    .option('-R, --recursive', 'Process the folders given in -f recursively')
    .option('--dry-run [mode]', 'none, client or server: only print what would be sent')
    .option('--validate [mode]', 'strict (or true), warn, ignore (or false): how unknown fields are treated')
    .option('-o, --output <format>', 'Print the created objects: yaml, json or name')
    .addHelpText(
      'after',
      `
Examples:
  # Create the objects in a manifest (an error if one exists already; apply updates instead)
  kubesim create -f manifests/01-currency-exchange.yaml

  # Create from every manifest in a folder, or from stdin
  kubesim create -f manifests/
  cat web.yaml | kubesim create -f -

  # Generators
  kubesim create deployment web --image=nginx --replicas=2 --port=80
  kubesim create service clusterip web --tcp=80:80`,
    )
    .action(async (opts, cmd: Command) => {
      const { runManifestCommand } = await import('../manifest-writes.js');
      await runManifestCommand(globals(cmd), opts, 'create');
    });
  // Generators: each registers itself as a subcommand of `create`.
  registerCreateDeployment(create);
  registerCreateService(create);
  // Examples for the generators, kept here beside the parent's (the generators live in ../create/).
  const sub = (parent: Command, name: string) => parent.commands.find((c) => c.name() === name);
  const help = (cmd: Command | undefined, text: string) => cmd?.addHelpText('after', `\nExamples:\n${text}`);
  help(
    sub(create, 'deployment'),
    `  # Create a deployment named web that runs the nginx image
  kubesim create deployment web --image=nginx

  # With 3 replicas, its containers listening on port 8000
  kubesim create deployment web --image=nginx --replicas=3 --port=8000

  # With a pod of two containers
  kubesim create deployment multi --image=busybox --image=nginx

  # Print it instead of creating it
  kubesim create deployment web --image=nginx --dry-run=client -o yaml`,
  );
  const service = sub(create, 'service');
  help(
    service,
    `  # A ClusterIP Service named web, port 80 to the pods' port 8000
  kubesim create service clusterip web --tcp=80:8000

  # The other types
  kubesim create service nodeport web --tcp=80:8000 --node-port=30080
  kubesim create service loadbalancer web-lb --tcp=80:8000
  kubesim create service externalname my-xn --external-name=example.com`,
  );
  if (service) {
    help(
      sub(service, 'clusterip'),
      `  # A ClusterIP Service named web, port 5678 to the pods' port 8080
  kubesim create service clusterip web --tcp=5678:8080

  # A headless Service (no ClusterIP: DNS answers with the pods' IPs)
  kubesim create service clusterip web-headless --clusterip="None"`,
    );
    help(
      sub(service, 'nodeport'),
      `  # A NodePort Service named web: port 80 to the pods' port 8000, a node port from 30000–32767
  kubesim create service nodeport web --tcp=80:8000

  # With a chosen node port
  kubesim create service nodeport web --tcp=80:8000 --node-port=30080`,
    );
    help(
      sub(service, 'loadbalancer'),
      `  # A LoadBalancer Service named web-lb (it gets a ClusterIP and a node port too)
  kubesim create service loadbalancer web-lb --tcp=80:8000`,
    );
    help(
      sub(service, 'externalname'),
      `  # An ExternalName Service: DNS answers my-xn with a CNAME to example.com
  kubesim create service externalname my-xn --external-name=example.com`,
    );
  }
}
