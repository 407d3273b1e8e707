/**
 * Runs a Pulumi program under `pulumi.runtime.setMocks` and records every resource the program
 * registers or reads: type, name, URN, inputs, parent, provider reference and the URNs it
 * depends on. `setMocks`' callback does not see dependencies or providers, so the handlers of the
 * installed mock monitor are wrapped to record them from the registration request before delegating.
 * Test support only (deep imports of @pulumi/pulumi's runtime are fine here, never in stacks/).
 */
import * as pulumi from '@pulumi/pulumi';
import { MockMonitor } from '@pulumi/pulumi/runtime/mocks.js';
import { getMonitor } from '@pulumi/pulumi/runtime/settings.js';

/** One resource as the engine would have received it. */
export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- arbitrary JSON the tests navigate
  readonly inputs: Record<string, any>;
  /** Paths (`stringData`, `values.identity.issuer.tls.keyPEM`) of inputs sent to the engine as secrets. */
  readonly secretPaths: readonly string[];
  readonly custom: boolean;
  /** `read` for `Resource.get`, `register` otherwise. */
  readonly operation: 'register' | 'read';
  readonly parent: string;
  /** Provider reference (`<provider urn>::<id>`), '' when none was set explicitly. */
  readonly provider: string;
  /** URNs of every resource this one waits for (explicit dependsOn and input dependencies). */
  readonly dependencies: readonly string[];
}

interface RegistrationRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getProvider(): string;
  getDependenciesList(): string[];
  getCustom?(): boolean;
}

type RegisterRequest = RegistrationRequest & { getObject(): { toJavaScript(): unknown } };
type ReadRequest = RegistrationRequest & { getProperties(): { toJavaScript(): unknown } };
type Callback = (error: unknown, response: { getUrn(): string } | undefined) => void;

/** Computed outputs the real providers would return, so dependent inputs resolve. */
function computedOutputs(type: string, name: string): Record<string, unknown> {
  switch (type) {
    case 'tls:index/privateKey:PrivateKey':
      return {
        privateKeyPem: `-----BEGIN EC PRIVATE KEY-----\nmock-key-${name}\n-----END EC PRIVATE KEY-----\n`,
        publicKeyPem: `mock-public-${name}`,
      };
    case 'tls:index/selfSignedCert:SelfSignedCert':
    case 'tls:index/locallySignedCert:LocallySignedCert':
      return { certPem: `-----BEGIN CERTIFICATE-----\nmock-cert-${name}\n-----END CERTIFICATE-----\n` };
    case 'tls:index/certRequest:CertRequest':
      return { certRequestPem: `mock-csr-${name}` };
    case 'random:index/randomPassword:RandomPassword':
      return { result: `generated-${name}-7f3a9c`, bcryptHash: `$2a$10$generated.${name}` };
    default:
      return {};
  }
}

/** Pulumi's wire marker for a secret value (`{ [SECRET_SIGNATURE]: SECRET_MARKER, value }`). */
const SECRET_SIGNATURE = '4dabf18193072939515e22adb298388d';
const SECRET_MARKER = '1b47061264138c4ac30d75fd1eb44270';

/** Unwrap secret markers, collecting the paths where they were. */
function revealSecrets(value: unknown, path: string, secretPaths: string[]): unknown {
  if (Array.isArray(value)) {
    return value.map((item, index) => revealSecrets(item, `${path}[${index}]`, secretPaths));
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (record[SECRET_SIGNATURE] === SECRET_MARKER) {
      secretPaths.push(path);
      return revealSecrets(record.value, path, secretPaths);
    }
    return Object.fromEntries(
      Object.entries(record).map(([key, item]) => [
        key,
        revealSecrets(item, path === '' ? key : `${path}.${key}`, secretPaths),
      ]),
    );
  }
  return value;
}

/** Result of {@link runUnderMocks}. */
export interface MockRun<T> {
  readonly resources: readonly RecordedResource[];
  readonly result: T;
}

/**
 * Run `program` under mocks (project `ai4all-sre`, the given stack) and wait until every
 * registration has been answered.
 */
export async function runUnderMocks<T>(program: () => T, stack = 'test'): Promise<MockRun<T>> {
  const resources: RecordedResource[] = [];
  const mocks: pulumi.runtime.Mocks = {
    newResource: (args) => ({
      id: args.id ?? `${args.name}-id`,
      state: { ...(args.inputs as Record<string, unknown>), ...computedOutputs(args.type, args.name) },
    }),
    call: () => ({}),
  };
  await pulumi.runtime.setMocks(mocks, 'ai4all-sre', stack, false);

  const monitor = getMonitor() as unknown as MockMonitor | undefined;
  if (!(monitor instanceof MockMonitor)) {
    throw new Error('runUnderMocks: setMocks did not install a MockMonitor; check the @pulumi/pulumi version.');
  }
  const record =
    (request: RegistrationRequest, operation: 'register' | 'read', inputs: unknown, callback: Callback): Callback =>
    (error, response) => {
      const secretPaths: string[] = [];
      if (!error && response) {
        resources.push({
          type: request.getType(),
          name: request.getName(),
          urn: response.getUrn(),
          inputs: revealSecrets(inputs ?? {}, '', secretPaths) as RecordedResource['inputs'],
          secretPaths,
          custom: request.getCustom?.() ?? true,
          operation,
          parent: request.getParent(),
          provider: request.getProvider(),
          dependencies: request.getDependenciesList(),
        });
      }
      callback(error, response);
    };
  // Wrap this instance's handlers (setMocks' callback never sees dependencies or providers).
  const register = monitor.registerResource.bind(monitor);
  const read = monitor.readResource.bind(monitor);
  monitor.registerResource = (request: RegisterRequest, callback: Callback) =>
    register(request, record(request, 'register', request.getObject().toJavaScript(), callback));
  monitor.readResource = (request: ReadRequest, callback: Callback) =>
    read(request, record(request, 'read', request.getProperties().toJavaScript(), callback));

  let result: T;
  try {
    result = program();
  } finally {
    // Waits until every outstanding registration has been answered (then drops the mock monitor) —
    // also when the program throws part-way, so components it already registered cannot report their
    // outputs to the next run's mocks (an unhandled rejection in a later test).
    await pulumi.runtime.disconnect();
  }
  return { resources, result };
}

/** Resolve an Output's value (mocks resolve every value, secrets included). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}
