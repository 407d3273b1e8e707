/**
 * The cluster's certificates and credentials: a CA, one serving certificate for every local
 * listener, a service-account signing key pair and one bearer token per identity.
 *
 * Keys come from node:crypto; X.509 certificates are issued with the openssl CLI, because Node
 * can parse certificates but not create them.
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The identities that authenticate with a static token, and the groups each belongs to. */
export const TOKEN_IDENTITIES = {
  admin: { user: 'ai4all-admin', groups: ['system:masters'] },
  'kube-controller-manager': { user: 'system:kube-controller-manager', groups: [] },
  'kube-scheduler': { user: 'system:kube-scheduler', groups: [] },
  kwok: { user: 'kwok-controller', groups: [] },
} as const;
export type TokenIdentity = keyof typeof TOKEN_IDENTITIES;

/** Paths of everything the PKI step writes. */
export interface Pki {
  readonly caCertificate: string;
  readonly caKey: string;
  readonly servingCertificate: string;
  readonly servingKey: string;
  readonly serviceAccountPublicKey: string;
  readonly serviceAccountPrivateKey: string;
  readonly tokenFile: string;
  readonly tokens: Readonly<Record<TokenIdentity, string>>;
}

/** Subject alternative names of the serving certificate: loopback plus the in-cluster names. */
export const SERVING_NAMES = {
  dns: [
    'localhost',
    'kubernetes',
    'kubernetes.default',
    'kubernetes.default.svc',
    'kubernetes.default.svc.cluster.local',
  ],
  ip: ['127.0.0.1', '::1', '10.96.0.1'],
} as const;

/** One line per identity in kube-apiserver's --token-auth-file format: token,user,uid,"groups". */
export function tokenFileContent(tokens: Readonly<Record<TokenIdentity, string>>): string {
  return (Object.keys(TOKEN_IDENTITIES) as TokenIdentity[])
    .map((identity) => {
      const { user, groups } = TOKEN_IDENTITIES[identity];
      const groupColumn = groups.length > 0 ? `,"${groups.join(',')}"` : '';
      return `${tokens[identity]},${user},${user}${groupColumn}`;
    })
    .join('\n')
    .concat('\n');
}

function ecKeyPem(): { privateKey: string; publicKey: string } {
  return generateKeyPairSync('ec', {
    namedCurve: 'prime256v1',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
}

async function openssl(args: readonly string[], cwd: string): Promise<void> {
  try {
    await run('openssl', args, { cwd });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`openssl ${args[0] ?? ''} failed while creating the cluster PKI in ${cwd}: ${detail}`, {
      cause: error,
    });
  }
}

/** Creates a fresh PKI under `directory` (mode 0700; keys 0600). */
export async function createPki(directory: string): Promise<Pki> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const path = (name: string) => join(directory, name);
  const secret = { mode: 0o600 } as const;

  const ca = ecKeyPem();
  await writeFile(path('ca.key'), ca.privateKey, secret);
  await openssl(
    [
      'req',
      '-x509',
      '-new',
      '-key',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '3650',
      '-subj',
      '/CN=ai4all-sre-local-ca',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    directory,
  );

  const serving = ecKeyPem();
  await writeFile(path('serving.key'), serving.privateKey, secret);
  const names = [...SERVING_NAMES.dns.map((name) => `DNS:${name}`), ...SERVING_NAMES.ip.map((ip) => `IP:${ip}`)];
  await writeFile(
    path('serving.ext'),
    [
      `subjectAltName=${names.join(',')}`,
      'extendedKeyUsage=serverAuth,clientAuth',
      'keyUsage=critical,digitalSignature',
    ].join('\n'),
  );
  await openssl(
    ['req', '-new', '-key', 'serving.key', '-out', 'serving.csr', '-subj', '/CN=kube-apiserver'],
    directory,
  );
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      'serving.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'serving.crt',
      '-days',
      '365',
      '-extfile',
      'serving.ext',
    ],
    directory,
  );

  const serviceAccount = ecKeyPem();
  await writeFile(path('sa.key'), serviceAccount.privateKey, secret);
  await writeFile(path('sa.pub'), serviceAccount.publicKey);

  const tokens = Object.fromEntries(
    (Object.keys(TOKEN_IDENTITIES) as TokenIdentity[]).map((identity) => [identity, randomBytes(24).toString('hex')]),
  ) as Record<TokenIdentity, string>;
  await writeFile(path('tokens.csv'), tokenFileContent(tokens), secret);

  return {
    caCertificate: path('ca.crt'),
    caKey: path('ca.key'),
    servingCertificate: path('serving.crt'),
    servingKey: path('serving.key'),
    serviceAccountPublicKey: path('sa.pub'),
    serviceAccountPrivateKey: path('sa.key'),
    tokenFile: path('tokens.csv'),
    tokens,
  };
}
