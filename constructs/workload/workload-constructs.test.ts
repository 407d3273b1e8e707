/* eslint-disable @typescript-eslint/no-unsafe-return -- assertions read synthesized JSON */
import { App, Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { DEMO_APP, MANAGED_WORKLOAD_LABEL } from '../../catalog/index.js';
import { OnlineBoutique } from '../demo/online-boutique.js';
import { ManagedWorkload, type ManagedWorkloadProps } from './managed-workload.js';

const chart = () => new Chart(new App(), 'test', { disableResourceNameHashes: true });
const valid: ManagedWorkloadProps = {
  namespace: 'shop',
  image: 'registry.example/web:1.2.3',
  containerPort: 8080,
  probe: { kind: 'grpc', port: 8080 },
  resources: { cpuRequestMillis: 100, cpuLimitMillis: 200, memoryRequestMebibytes: 64, memoryLimitMebibytes: 128 },
};

describe('ManagedWorkload', () => {
  it('emits gRPC probes (not modelled by cdk8s-plus-28) and the labels alerts and the agent select on', () => {
    const scope = chart();
    new ManagedWorkload(scope, 'web', valid);
    const [deployment, service] = Testing.synth(scope);
    const container = deployment.spec.template.spec.containers[0];
    expect(container.livenessProbe.grpc).toEqual({ port: 8080 });
    expect(container.readinessProbe.grpc).toEqual({ port: 8080 });
    expect(deployment.metadata.labels).toMatchObject({ app: 'web', [MANAGED_WORKLOAD_LABEL]: 'true' });
    expect(service.spec.selector).toEqual({ app: 'web' });
  });

  it('keeps HTTP probe ports and headers', () => {
    const scope = chart();
    new ManagedWorkload(scope, 'web', {
      ...valid,
      probe: { kind: 'http', port: 8080, path: '/health', headers: { A: 'b' } },
    });
    const [deployment] = Testing.synth(scope);
    expect(deployment.spec.template.spec.containers[0].readinessProbe.httpGet).toMatchObject({
      port: 8080,
      path: '/health',
      httpHeaders: [{ name: 'A', value: 'b' }],
    });
  });

  it.each([
    [{ image: 'web' }, /image.*"web".*pin the image/],
    [{ image: 'web:latest' }, /pin the image/],
    [{ namespace: 'Shop' }, /namespace.*"Shop"/],
    [{ containerPort: 70000 }, /containerPort.*from 1 to 65535/],
    [{ probe: { kind: 'http', port: 8080, path: 'health' } }, /probe.path.*"health".*absolute path/],
    [{ probe: { kind: 'exec', command: [] } }, /probe.command.*pass the command/],
    [
      { resources: { ...valid.resources, memoryLimitMebibytes: 32 } },
      /memoryLimitMebibytes.*>= memoryRequestMebibytes \(64\)/,
    ],
    [{ resources: { ...valid.resources, cpuRequestMillis: 0 } }, /cpuRequestMillis.*positive integer/],
    [{ writablePaths: ['tmp'] }, /writablePaths.*"tmp"/],
  ] as const)('refuses bad props %#', (props, message) => {
    expect(
      () => new ManagedWorkload(chart(), 'web', { ...valid, ...(props as Partial<ManagedWorkloadProps>) }),
    ).toThrow(message);
  });
});

describe('OnlineBoutique', () => {
  it('pins every image to the demo version and annotates the namespace for Linkerd', () => {
    const scope = chart();
    new OnlineBoutique(scope, 'boutique');
    const objects = Testing.synth(scope);
    const namespace = objects.find((object) => object.kind === 'Namespace');
    expect(namespace.metadata.annotations).toEqual({ 'linkerd.io/inject': 'enabled' });
    const images = objects
      .filter((object) => object.kind === 'Deployment')
      .map((object) => object.spec.template.spec.containers[0].image as string);
    expect(images).toHaveLength(DEMO_APP.services.length + 1);
    for (const image of images.filter((image) => !image.startsWith('redis:'))) expect(image).toMatch(/:v0\.10\.4$/);
  });

  it('leaves the load generator out when it has no users, and refuses system namespaces and bad versions', () => {
    const scope = chart();
    new OnlineBoutique(scope, 'boutique', { loadGeneratorUsers: 0, linkerdInjection: false });
    const names = Testing.synth(scope).map((object) => object.metadata.name);
    expect(names).not.toContain(DEMO_APP.loadGenerator);
    expect(() => new OnlineBoutique(chart(), 'b', { namespace: 'kube-system' })).toThrow(/system namespace/);
    expect(() => new OnlineBoutique(chart(), 'b', { version: 'latest' })).toThrow(
      /version.*"latest".*released version tag/,
    );
  });
});
