/**
 * Linkerd in the order its charts require: Gateway API CRDs (applied by the stack from the
 * vendored files, or read from the cluster to fail early when missing) → linkerd-crds →
 * linkerd-control-plane, with the trust
 * anchor (root CA) and issuer (intermediate CA, CN identity.linkerd.cluster.local) generated as
 * ECDSA P-256 certificates and wired into the values.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as tls from '@pulumi/tls';
import { LAB_NAMESPACES } from '../../catalog/platform-contract.js';
import { GATEWAY_API_CRDS } from '../catalog/chart-catalog.js';
import { linkerdControlPlaneValues, linkerdCrdsValues } from '../values/linkerd-values.js';
import type { ChartSource } from './chart-source.js';
import { pinnedRelease } from './pinned-release.js';

/** Arguments of {@link Linkerd}. */
export interface LinkerdArgs {
  readonly namespace: k8s.core.v1.Namespace;
  readonly gatewayApi: 'existing' | 'install';
  /** Absolute paths of the Gateway API CRD files applied in `install` mode. */
  readonly gatewayApiCrdFiles: readonly string[];
  /** Public repository or vendored archives (stack setting `charts`). */
  readonly charts: ChartSource;
  readonly iptablesMode: 'nft' | 'legacy';
  readonly highAvailability: boolean;
}

const CA_USES = ['cert_signing', 'crl_signing', 'server_auth', 'client_auth'];

/** The Linkerd control plane and its certificates. */
export class Linkerd extends pulumi.ComponentResource {
  readonly gatewayApiCrds: pulumi.Resource[];
  readonly crds: k8s.helm.v3.Release;
  readonly controlPlane: k8s.helm.v3.Release;
  /** Trust anchor PEM (public); meshed workloads' identities chain to it. */
  readonly trustAnchorPem: pulumi.Output<string>;

  constructor(name: string, args: LinkerdArgs, options: pulumi.ComponentResourceOptions) {
    super('ai4all-sre:platform:Linkerd', name, {}, options);
    const child = { parent: this };
    if (args.gatewayApi === 'install' && args.gatewayApiCrdFiles.length === 0) {
      throw new pulumi.ResourceError(
        'Linkerd: gatewayApi is "install" but no Gateway API CRD files were given (gatewayApiCrdFiles)',
        this,
      );
    }

    this.gatewayApiCrds =
      args.gatewayApi === 'install'
        ? [new k8s.yaml.v2.ConfigGroup(`${name}-gateway-api-crds`, { files: [...args.gatewayApiCrdFiles] }, child)]
        : GATEWAY_API_CRDS.requiredCrds.map((crd) =>
            // Reading fails the preview with the CRD's name when the cluster lacks it.
            k8s.apiextensions.v1.CustomResourceDefinition.get(`${name}-existing-${crd}`, crd, child),
          );

    const anchorKey = new tls.PrivateKey(`${name}-trust-anchor`, { algorithm: 'ECDSA', ecdsaCurve: 'P256' }, child);
    const anchor = new tls.SelfSignedCert(
      `${name}-trust-anchor`,
      {
        privateKeyPem: anchorKey.privateKeyPem,
        isCaCertificate: true,
        validityPeriodHours: 24 * 365 * 10,
        subject: { commonName: 'root.linkerd.cluster.local' },
        allowedUses: CA_USES,
      },
      child,
    );
    const issuerKey = new tls.PrivateKey(`${name}-issuer`, { algorithm: 'ECDSA', ecdsaCurve: 'P256' }, child);
    const issuerRequest = new tls.CertRequest(
      `${name}-issuer`,
      { privateKeyPem: issuerKey.privateKeyPem, subject: { commonName: 'identity.linkerd.cluster.local' } },
      child,
    );
    const issuer = new tls.LocallySignedCert(
      `${name}-issuer`,
      {
        certRequestPem: issuerRequest.certRequestPem,
        caCertPem: anchor.certPem,
        caPrivateKeyPem: anchorKey.privateKeyPem,
        isCaCertificate: true,
        validityPeriodHours: 24 * 365,
        // `pulumi up` within 30 days of expiry re-issues the issuer (the anchor stays).
        earlyRenewalHours: 24 * 30,
        allowedUses: CA_USES,
      },
      child,
    );

    this.crds = pinnedRelease(
      'linkerdCrds',
      {
        releaseName: 'linkerd-crds',
        namespace: LAB_NAMESPACES.linkerd,
        charts: args.charts,
        values: linkerdCrdsValues(),
      },
      { ...child, dependsOn: [args.namespace, ...this.gatewayApiCrds] },
    );
    this.controlPlane = pinnedRelease(
      'linkerdControlPlane',
      {
        releaseName: 'linkerd-control-plane',
        namespace: LAB_NAMESPACES.linkerd,
        charts: args.charts,
        values: linkerdControlPlaneValues({
          trustAnchorPem: anchor.certPem,
          issuerCertPem: issuer.certPem,
          // Explicitly secret: the Release's values (and so Pulumi state) never hold the key in clear.
          issuerKeyPem: pulumi.secret(issuerKey.privateKeyPem),
          highAvailability: args.highAvailability,
          iptablesMode: args.iptablesMode,
        }),
      },
      { ...child, dependsOn: [this.crds] },
    );
    this.trustAnchorPem = anchor.certPem;
    this.registerOutputs({ trustAnchorPem: this.trustAnchorPem });
  }
}
