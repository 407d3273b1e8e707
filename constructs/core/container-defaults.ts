/**
 * Hardened container defaults shared by every workload construct: resources expressed in plain
 * numbers (validated), and the security context the Kyverno baseline requires.
 */
import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { PropValidationError } from './prop-validation.js';

/** Requests and limits of one container, in millicores and mebibytes. Limits must be >= requests. */
export interface ContainerResourceSpec {
  /** CPU request in millicores. */
  readonly cpuRequestMillis: number;
  /** CPU limit in millicores. */
  readonly cpuLimitMillis: number;
  /** Memory request in MiB. */
  readonly memoryRequestMebibytes: number;
  /** Memory limit in MiB. */
  readonly memoryLimitMebibytes: number;
}

/** Validates a resource spec (positive integers, limit >= request) and turns it into cdk8s-plus resources. */
export function containerResources(
  construct: string,
  prop: string,
  spec: ContainerResourceSpec,
): kplus.ContainerResources {
  for (const [field, value] of Object.entries(spec)) {
    if (!Number.isInteger(value) || (value as number) <= 0) {
      throw new PropValidationError(construct, `${prop}.${field}`, value, 'use a positive integer');
    }
  }
  if (spec.cpuLimitMillis < spec.cpuRequestMillis) {
    throw new PropValidationError(
      construct,
      `${prop}.cpuLimitMillis`,
      spec.cpuLimitMillis,
      `set it >= cpuRequestMillis (${spec.cpuRequestMillis})`,
    );
  }
  if (spec.memoryLimitMebibytes < spec.memoryRequestMebibytes) {
    throw new PropValidationError(
      construct,
      `${prop}.memoryLimitMebibytes`,
      spec.memoryLimitMebibytes,
      `set it >= memoryRequestMebibytes (${spec.memoryRequestMebibytes})`,
    );
  }
  return {
    cpu: { request: kplus.Cpu.millis(spec.cpuRequestMillis), limit: kplus.Cpu.millis(spec.cpuLimitMillis) },
    memory: { request: Size.mebibytes(spec.memoryRequestMebibytes), limit: Size.mebibytes(spec.memoryLimitMebibytes) },
  };
}

/**
 * Container security context of the Kyverno baseline: non-root (explicit UID), no privilege
 * escalation, every capability dropped, RuntimeDefault seccomp, read-only root filesystem unless
 * the application cannot run with one.
 */
export function hardenedContainerSecurity(options: {
  user: number;
  readOnlyRootFilesystem: boolean;
}): kplus.ContainerSecurityContextProps {
  return {
    ensureNonRoot: true,
    user: options.user,
    group: options.user,
    privileged: false,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: options.readOnlyRootFilesystem,
    capabilities: { drop: [kplus.Capability.ALL] },
    seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
  };
}
