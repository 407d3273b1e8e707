import { X509Certificate, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Pki, SERVING_NAMES, createPki, tokenFileContent } from './pki.js';

describe('cluster PKI', () => {
  let directory: string;
  let pki: Pki;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'ai4all-pki-'));
    pki = await createPki(directory);
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('issues a serving certificate signed by the CA for loopback and the in-cluster names', async () => {
    const ca = new X509Certificate(await readFile(pki.caCertificate));
    const serving = new X509Certificate(await readFile(pki.servingCertificate));
    expect(ca.ca).toBe(true);
    expect(serving.ca).toBe(false);
    expect(serving.verify(ca.publicKey)).toBe(true);
    for (const name of SERVING_NAMES.dns) expect(serving.checkHost(name)).toBe(name);
    expect(serving.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(serving.checkIP('10.96.0.1')).toBe('10.96.0.1');
    expect(serving.checkIP('192.0.2.10')).toBeUndefined();
  });

  it('writes a matching service-account key pair and keeps private keys owner-only', async () => {
    const data = Buffer.from('token payload');
    const signature = sign('sha256', data, createPrivateKey(await readFile(pki.serviceAccountPrivateKey)));
    expect(verify('sha256', data, createPublicKey(await readFile(pki.serviceAccountPublicKey)), signature)).toBe(true);
    for (const secret of [pki.caKey, pki.servingKey, pki.serviceAccountPrivateKey, pki.tokenFile]) {
      expect((await stat(secret)).mode & 0o077).toBe(0);
    }
  });

  it('gives each identity its own random token in the API server token-file format', async () => {
    expect(new Set(Object.values(pki.tokens)).size).toBe(4);
    const lines = (await readFile(pki.tokenFile, 'utf8')).trim().split('\n');
    expect(lines).toContain(`${pki.tokens.admin},ai4all-admin,ai4all-admin,"system:masters"`);
    expect(lines).toContain(`${pki.tokens.kwok},kwok-controller,kwok-controller`);
    expect(tokenFileContent(pki.tokens).match(/system:masters/g)).toHaveLength(1);
  });
});
