/**
 * Leader election on a coordination.k8s.io/v1 Lease with the real Kubernetes client. The Lease is
 * pre-created by the manifests, so the agent only needs `get` and `update` on that one object
 * (never `create`): it takes the Lease when it is free or expired, renews it every third of its
 * duration, and releases it on stop. Writes carry the resourceVersion, so two replicas racing for
 * the Lease cannot both win (the loser gets 409 Conflict).
 *
 * AGENT_LEADER_ELECTION=auto treats a missing Lease (404) as "single replica": this one leads.
 * `required` waits for the Lease instead.
 */
import { ApiException, CoordinationV1Api, type KubeConfig, type V1Lease, V1MicroTime } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { makeApiClient } from './api-clients.js';
import type { Leadership } from '../../ports/leadership.js';

export interface LeaseLeadershipOptions {
  readonly kubeConfig: KubeConfig;
  readonly namespace: string;
  readonly name: string;
  readonly identity: string;
  readonly durationSeconds: number;
  readonly missingLease: 'lead-alone' | 'wait';
  readonly logger: Logger;
  readonly now?: () => Date;
}

type State = { readonly leader: boolean; readonly reason: string };

export class LeaseLeadership implements Leadership {
  private readonly api: CoordinationV1Api;
  private state: State = { leader: false, reason: 'lease not checked yet' };
  private timer: NodeJS.Timeout | null = null;
  private lastRenewal = 0;
  private onChange: (leader: boolean) => void = () => undefined;
  private ticking: Promise<void> = Promise.resolve();

  constructor(private readonly options: LeaseLeadershipOptions) {
    this.api = makeApiClient(options.kubeConfig, CoordinationV1Api);
  }

  isLeader(): boolean {
    return this.state.leader;
  }

  describe(): string {
    return this.state.reason;
  }

  async start(onChange: (leader: boolean) => void): Promise<void> {
    this.onChange = onChange;
    await this.tick();
    const period = Math.max(1000, (this.options.durationSeconds * 1000) / 3);
    this.timer = setInterval(() => {
      this.ticking = this.tick();
    }, period);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
    if (!this.state.leader) return;
    try {
      const lease = await this.read();
      if (lease?.spec?.holderIdentity === this.options.identity) {
        // Release: an empty holder lets the next replica take over without waiting for expiry.
        await this.replace({ ...lease, spec: { ...lease.spec, holderIdentity: undefined, leaseDurationSeconds: 1 } });
      }
    } catch (error) {
      this.options.logger.warn({ err: error }, 'lease-release-failed');
    }
    this.set({ leader: false, reason: 'stopped' });
  }

  /** One election round; never throws. */
  async tick(): Promise<void> {
    const { namespace, name, identity, durationSeconds } = this.options;
    const now = this.options.now?.() ?? new Date();
    try {
      const lease = await this.read();
      if (!lease) {
        if (this.options.missingLease === 'lead-alone') {
          this.set({ leader: true, reason: `no Lease ${namespace}/${name}: single replica, this one acts` });
        } else {
          this.set({ leader: false, reason: `waiting for Lease ${namespace}/${name} to exist` });
        }
        return;
      }
      const spec = lease.spec ?? {};
      const holder = spec.holderIdentity ?? '';
      const renewedAt = spec.renewTime ? new Date(spec.renewTime).getTime() : 0;
      const expired = renewedAt + (spec.leaseDurationSeconds ?? durationSeconds) * 1000 < now.getTime();
      if (holder !== identity && holder !== '' && !expired) {
        this.set({ leader: false, reason: `standby: ${holder} holds Lease ${namespace}/${name}` });
        return;
      }
      const taking = holder !== identity;
      await this.replace({
        ...lease,
        spec: {
          ...spec,
          holderIdentity: identity,
          leaseDurationSeconds: durationSeconds,
          renewTime: new V1MicroTime(now.getTime()),
          ...(taking
            ? { acquireTime: new V1MicroTime(now.getTime()), leaseTransitions: (spec.leaseTransitions ?? 0) + 1 }
            : {}),
        },
      });
      this.lastRenewal = now.getTime();
      this.set({ leader: true, reason: `leader: holds Lease ${namespace}/${name}` });
    } catch (error) {
      const code = error instanceof ApiException ? error.code : undefined;
      // Keep leading until the Lease would have expired; then step down (another replica may take it).
      const stillValid = this.state.leader && now.getTime() - this.lastRenewal < durationSeconds * 1000;
      const why =
        code === 409 ? 'another replica updated the Lease first' : `Lease check failed (${code ?? describe(error)})`;
      this.set({ leader: stillValid, reason: stillValid ? `leader (renewal pending: ${why})` : `standby: ${why}` });
      if (code !== 409) this.options.logger.warn({ err: error, namespace, name }, 'lease-check-failed');
    }
  }

  private async read(): Promise<V1Lease | null> {
    try {
      return await this.api.readNamespacedLease({ name: this.options.name, namespace: this.options.namespace });
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) return null;
      throw error;
    }
  }

  private replace(lease: V1Lease): Promise<V1Lease> {
    return this.api.replaceNamespacedLease({ name: this.options.name, namespace: this.options.namespace, body: lease });
  }

  private set(state: State): void {
    const changed = state.leader !== this.state.leader;
    if (changed || state.reason !== this.state.reason) {
      this.options.logger.info(
        { leader: state.leader, reason: state.reason },
        changed ? 'leadership-changed' : 'leadership-state',
      );
    }
    this.state = state;
    if (changed) this.onChange(state.leader);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
