/**
 * The one naming rule the agent applies to the namespaces and workload names it reads from alerts
 * and configuration: an RFC 1123 DNS label (lower-case alphanumerics and '-', 1-63 characters,
 * starting and ending alphanumeric). Anything else is refused where it enters, never guessed at.
 */

/** RFC 1123 DNS label. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** True when `value` is a valid RFC 1123 DNS label (a namespace or Deployment name the agent accepts). */
export function isDnsLabel(value: unknown): boolean {
  return typeof value === 'string' && DNS_LABEL.test(value);
}
