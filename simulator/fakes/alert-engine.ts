/**
 * A fake Prometheus rule evaluator plus Alertmanager notifier: evaluates alert rules through a query
 * resolver (for example `simulatorMetrics(cluster)`), keeps each alert's pending → firing → resolved
 * state with the rule's `for` duration, groups alerts like Alertmanager (`group_by`) and POSTs real
 * webhook v4 payloads (bearer token optional) when a group changes or its repeat interval elapses.
 * Time comes from the caller (`evaluate(now)`), so it follows the simulator's clock.
 */
import { makeAlert, makeWebhook, type WebhookAlert } from './alertmanager-payloads.js';
import type { AlertmanagerWebhook } from './fixtures.js';
import type { QueryResolver, Sample } from './simulator-metrics.js';

export interface AlertRule {
  readonly alert: string;
  /** PromQL; every returned sample is one alert instance. */
  readonly expr: string;
  /** Seconds the expression must hold before the alert fires (default 0). */
  readonly forSeconds?: number;
  readonly labels?: Readonly<Record<string, string>>;
  /** Templates may use `{{ $labels.name }}` and `{{ $value }}`. */
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface AlertEngineOptions {
  readonly rules: readonly AlertRule[];
  readonly resolver: QueryResolver;
  /** Where notifications go (the agent's webhook URL). */
  readonly webhookUrl: string;
  readonly token?: string;
  /** Alertmanager `group_by` (default alertname, namespace). */
  readonly groupBy?: readonly string[];
  /** Re-send an unchanged firing group after this many seconds (default 4 h, as Alertmanager). */
  readonly repeatIntervalSeconds?: number;
  readonly receiver?: string;
}

export interface Delivery {
  readonly at: number;
  readonly payload: AlertmanagerWebhook;
  /** HTTP status, or 0 when the request failed. */
  readonly status: number;
  readonly error?: string;
}

interface AlertState {
  readonly key: string;
  readonly rule: AlertRule;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  activeAt: number;
  firingSince: number | undefined;
  resolvedAt: number | undefined;
}

function render(template: string, labels: Record<string, string>, value: number): string {
  return template
    .replace(/\{\{\s*\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g, (_match, name: string) => labels[name] ?? '')
    .replace(/\{\{\s*\$value\s*\}\}/g, String(Math.round(value * 1000) / 1000));
}

function iso(milliseconds: number): string {
  return new Date(milliseconds).toISOString();
}

export class AlertEngine {
  private readonly states = new Map<string, AlertState>();
  private readonly lastSent = new Map<string, { signature: string; at: number }>();
  private readonly sent: Delivery[] = [];
  private readonly groupBy: readonly string[];

  constructor(private readonly options: AlertEngineOptions) {
    this.groupBy = options.groupBy ?? ['alertname', 'namespace'];
    for (const rule of options.rules) {
      if (rule.alert.trim() === '') throw new Error('alert rule needs a non-empty `alert` name');
      if ((rule.forSeconds ?? 0) < 0) throw new Error(`alert rule ${rule.alert}: forSeconds must be >= 0`);
    }
  }

  /** Alerts currently firing (labels), for progress displays. */
  firing(): Record<string, string>[] {
    return [...this.states.values()]
      .filter((state) => state.firingSince !== undefined && state.resolvedAt === undefined)
      .map((state) => ({ ...state.labels }));
  }

  deliveries(): Delivery[] {
    return structuredClone(this.sent);
  }

  /** Evaluates every rule at `now` (ms) and sends the notifications that are due. */
  async evaluate(now: number): Promise<Delivery[]> {
    this.evaluateRules(now);
    const deliveries: Delivery[] = [];
    for (const [group, members] of this.groups()) {
      const alerts = members.map((member) => member.alert);
      const signature = alerts
        .map((alert) => `${alert.fingerprint}:${alert.status}`)
        .sort()
        .join(',');
      const previous = this.lastSent.get(group);
      const repeatDue =
        previous !== undefined && now - previous.at >= (this.options.repeatIntervalSeconds ?? 14_400) * 1000;
      if (previous?.signature === signature && !repeatDue) continue;
      const delivery = await this.post(now, makeWebhook(alerts, this.groupBy, this.options.receiver));
      deliveries.push(delivery);
      if (delivery.status < 200 || delivery.status >= 300) continue; // retried at the next evaluation
      this.lastSent.set(group, { signature, at: now });
      // A resolved alert is forgotten once its resolution was delivered.
      for (const member of members) if (member.state.resolvedAt !== undefined) this.states.delete(member.state.key);
    }
    return deliveries;
  }

  private evaluateRules(now: number): void {
    const seen = new Set<string>();
    for (const rule of this.options.rules) {
      const samples: readonly Sample[] = this.options.resolver(rule.expr, now / 1000) ?? [];
      for (const sample of samples) {
        const labels: Record<string, string> = { ...sample.metric, ...rule.labels, alertname: rule.alert };
        delete labels.__name__;
        const key = JSON.stringify(Object.entries(labels).sort());
        seen.add(key);
        const annotations = Object.fromEntries(
          Object.entries(rule.annotations ?? {}).map(([name, template]) => [
            name,
            render(template, labels, sample.value),
          ]),
        );
        let state = this.states.get(key);
        if (state === undefined || state.resolvedAt !== undefined) {
          state = { key, rule, labels, annotations, activeAt: now, firingSince: undefined, resolvedAt: undefined };
          this.states.set(key, state);
        }
        state.annotations = annotations;
        if (state.firingSince === undefined && now - state.activeAt >= (rule.forSeconds ?? 0) * 1000)
          state.firingSince = now;
      }
    }
    for (const [key, state] of this.states) {
      if (seen.has(key) || state.resolvedAt !== undefined) continue;
      if (state.firingSince === undefined) this.states.delete(key);
      else state.resolvedAt = now;
    }
  }

  private groupKey(labels: Record<string, string>): string {
    return JSON.stringify(this.groupBy.map((name) => labels[name] ?? ''));
  }

  private groups(): Map<string, { alert: WebhookAlert; state: AlertState }[]> {
    const groups = new Map<string, { alert: WebhookAlert; state: AlertState }[]>();
    for (const state of this.states.values()) {
      if (state.firingSince === undefined) continue;
      const alert = makeAlert({
        labels: { ...state.labels, alertname: state.rule.alert },
        annotations: state.annotations,
        status: state.resolvedAt === undefined ? 'firing' : 'resolved',
        startsAt: iso(state.activeAt),
        ...(state.resolvedAt === undefined ? {} : { endsAt: iso(state.resolvedAt) }),
        expr: state.rule.expr,
      });
      const group = this.groupKey(state.labels);
      groups.set(group, [...(groups.get(group) ?? []), { alert, state }]);
    }
    return groups;
  }

  private async post(now: number, payload: AlertmanagerWebhook): Promise<Delivery> {
    let delivery: Delivery;
    try {
      const response = await fetch(this.options.webhookUrl, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Alertmanager/0.28.1',
          ...(this.options.token === undefined ? {} : { Authorization: `Bearer ${this.options.token}` }),
        },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      delivery = { at: now, payload, status: response.status };
    } catch (error) {
      delivery = { at: now, payload, status: 0, error: (error as Error).message };
    }
    this.sent.push(delivery);
    return delivery;
  }
}
