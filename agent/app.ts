/**
 * Builds and starts the agent from a parsed configuration: journal, intake, scheduler, reports,
 * leadership, HTTP server. `startAgent` is what `agent/main.ts` (the process entry), the demo and
 * the tests call; `overrides` replace the edges (workflow, leadership, Kubernetes config, clock).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { closeSharedConnections } from './adapters/kubernetes/api-clients.js';
import { pino, type Logger } from 'pino';
import { AGENT_DEFAULTS } from '../catalog/agent-contract.js';
import type { AgentConfig } from './config/config.js';
import { ConfigError } from './config/errors.js';
import type { Incident, TimelineEntry } from './domain/incident.js';
import { AlertIntake } from './core/intake/alert-intake.js';
import { buildHttpServer } from './http/http-server.js';
import { changePreview } from './http/console/change-preview.js';
import { registerConsole } from './http/console/console-routes.js';
import { createKubernetesCluster } from './adapters/kubernetes/kubernetes-cluster.js';
import { IncidentQueue } from './core/intake/incident-queue.js';
import { IncidentScheduler } from './core/intake/incident-scheduler.js';
import type { IncidentWorkflowPort } from './core/intake/workflow-port.js';
import { StaticLeadership, type Leadership } from './ports/leadership.js';
import { LeaseLeadership } from './adapters/kubernetes/lease-leadership.js';
import { createAgentMetrics, type AgentMetrics } from './adapters/metrics/agent-metrics.js';
import { durationsOf } from './core/reports/durations.js';
import { GitReportPublisher } from './adapters/disk/git-publisher.js';
import type { ReportPublisher } from './core/reports/report-publisher.js';
import { ReportWriter } from './adapters/disk/report-writer.js';
import { AlertLedger } from './adapters/disk/alert-ledger.js';
import { IncidentStore } from './adapters/disk/incident-store.js';
import { journalIntegrity } from './adapters/disk/journal-integrity.js';
import { createDefaultWorkflow, type WorkflowContext } from './wiring.js';

/** Seconds Alertmanager is told to wait when the queue is full (it retries 5xx on its own schedule). */
const RETRY_AFTER_SECONDS = 30;
const SERVICE_ACCOUNT_NAMESPACE_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

export interface AgentOverrides {
  /** The incident workflow, or a factory given the agent's context; default: the real pipeline. */
  readonly workflow?: IncidentWorkflowPort | ((context: WorkflowContext) => IncidentWorkflowPort);
  readonly leadership?: Leadership;
  readonly kubeConfig?: KubeConfig;
  readonly logger?: Logger;
  readonly reportPublisher?: ReportPublisher | null;
  readonly now?: () => Date;
  /** How long close() waits for running incidents (default 10 s); they resume on the next start. */
  readonly stopGraceMilliseconds?: number;
}

export interface RunningAgent {
  /** Base URL of the HTTP server, e.g. http://127.0.0.1:8080. */
  readonly url: string;
  readonly metrics: AgentMetrics;
  readonly store: IncidentStore;
  /** Resolves when no incident is running or queued (tests, bench, demo). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function loadKubeConfig(config: AgentConfig): KubeConfig {
  const kubeConfig = new KubeConfig();
  if (config.kubernetes.mode === 'in-cluster') kubeConfig.loadFromCluster();
  else kubeConfig.loadFromFile(config.kubernetes.path);
  return kubeConfig;
}

export async function startAgent(config: AgentConfig, overrides: AgentOverrides = {}): Promise<RunningAgent> {
  if (!config.http.webhookToken && !config.http.insecureNoAuth) {
    throw new ConfigError([
      { variable: 'AGENT_WEBHOOK_TOKEN', message: 'not set; set it, or AGENT_INSECURE_NO_AUTH=true for development' },
    ]);
  }
  const logger =
    overrides.logger ??
    pino({ level: config.logLevel, base: { service: AGENT_DEFAULTS.name }, redact: ['req.headers.authorization'] });
  const metrics = createAgentMetrics();
  let kubeConfig = overrides.kubeConfig;
  const cluster = () => (kubeConfig ??= loadKubeConfig(config));

  const { store, loaded } = await IncidentStore.open({
    directory: config.dataDirectory,
    retain: config.intake.retainedIncidents,
  });
  // Lost journal records are said where operators look: the log, /readyz warnings, a metric, and
  // a `journal-records-lost` entry on each incident they belonged to.
  const integrity = journalIntegrity(loaded);
  for (const [reason, count] of Object.entries(integrity.lostByReason))
    metrics.journalRecordsLost.inc({ reason }, count);
  if (integrity.warnings.length > 0) {
    logger.warn(
      {
        corrupt: loaded.corrupt.slice(0, 20),
        count: loaded.lostCount,
        quarantine: loaded.quarantinePath,
        warnings: integrity.warnings,
      },
      'journal-records-lost',
    );
  }
  const ledger = new AlertLedger({ directory: config.dataDirectory, rotateBytes: config.intake.ledgerMaxBytes });
  const publisher =
    overrides.reportPublisher !== undefined
      ? overrides.reportPublisher
      : config.gitops.enabled
        ? new GitReportPublisher({
            repository: config.gitops.repository,
            branch: config.gitops.branch,
            push: config.gitops.push,
          })
        : null;
  const reports = new ReportWriter(join(config.dataDirectory, 'reports'), { publisher });
  const leadership = overrides.leadership ?? createLeadership(config, cluster, logger);
  // Bound late: the intake is built after the workflow, and is only asked during verification.
  const alertsResolved = (incidentId: string): boolean => intake.alertsResolved(incidentId);
  const workflow =
    typeof overrides.workflow === 'function'
      ? overrides.workflow({ config, kubeConfig: cluster, metrics, logger, store, alertsResolved })
      : (overrides.workflow ??
        createDefaultWorkflow({ config, kubeConfig: cluster, metrics, logger, store, alertsResolved }));

  const queue = new IncidentQueue(config.intake.queueCapacity);
  const ended = (incident: Incident): void => {
    metrics.incidents.inc({ outcome: incident.status });
    const recovered = durationsOf(incident).recoverSeconds;
    if (incident.status === 'resolved' && recovered !== null) {
      metrics.timeToRecover.observe({ action: incident.action?.type ?? 'none' }, recovered);
    }
    intake.incidentEnded(incident);
    logger.info({ incidentId: incident.id, status: incident.status }, 'incident-finished');
  };
  const finish = async (incident: Incident): Promise<Incident> => {
    const written = await reports.write(incident);
    const at = (overrides.now?.() ?? new Date()).toISOString();
    const timeline: TimelineEntry[] = [
      ...incident.timeline,
      { at, event: 'post-mortem-written', message: `post-mortem written to ${written.postMortemPath}` },
      ...(written.publishError
        ? [
            {
              at,
              event: 'post-mortem-publish-failed' as const,
              message: `GitOps publish failed: ${written.publishError}`,
            },
          ]
        : []),
    ];
    const reported: Incident = { ...incident, postMortemPath: written.postMortemPath, timeline };
    await store.save(reported);
    return reported;
  };
  const scheduler = new IncidentScheduler({
    store,
    workflow,
    queue,
    concurrency: config.intake.concurrency,
    isLeader: () => leadership.isLeader(),
    logger,
    onEnded: ended,
    onTerminal: finish,
    onQueueChange: (depth) => metrics.queueDepth.set(depth),
    ...(overrides.now ? { now: overrides.now } : {}),
    ...(overrides.stopGraceMilliseconds !== undefined
      ? { stopGraceMilliseconds: overrides.stopGraceMilliseconds }
      : {}),
  });
  const intake = new AlertIntake({
    store,
    scheduler,
    queue,
    ledger,
    metrics,
    dedupeWindowMilliseconds: config.intake.dedupeWindowMilliseconds,
    cooldownMilliseconds: config.intake.cooldownMilliseconds,
    retryAfterSeconds: RETRY_AFTER_SECONDS,
    ...(overrides.now ? { now: overrides.now } : {}),
  });

  const server = buildHttpServer({
    intake,
    scheduler,
    store,
    ledger,
    metrics,
    webhookToken: config.http.webhookToken,
    readToken: config.http.readToken,
    logger,
    readiness: () => {
      const reasons: string[] = [];
      if (!leadership.isLeader()) reasons.push(leadership.describe());
      if (ledger.lastError) reasons.push(`alert ledger cannot be written: ${ledger.lastError.message}`);
      return { ready: reasons.length === 0, reasons, warnings: integrity.warnings };
    },
  });
  // The approval console (/console): same port, same tokens, the Deployment read live for its diffs.
  let previewCluster: ReturnType<typeof createKubernetesCluster> | undefined;
  registerConsole(server, {
    store,
    scheduler,
    mode: config.mode,
    webhookToken: config.http.webhookToken,
    readToken: config.http.readToken,
    previewChange: changePreview(() => (previewCluster ??= createKubernetesCluster(cluster()))),
    ...(overrides.now ? { now: overrides.now } : {}),
  });
  if (!config.http.webhookToken) {
    // Only reachable with AGENT_INSECURE_NO_AUTH=true (parseConfig refuses otherwise).
    logger.warn(
      { host: config.http.host },
      'AGENT_INSECURE_NO_AUTH: no token; anyone who reaches the port can send alerts, read incidents and approve writes',
    );
  }
  if (config.namespaces.length === 0) logger.warn('AGENT_NAMESPACES is empty: every action will be denied');

  let resumed = false;
  await leadership.start((leader) => {
    if (leader && !resumed) {
      resumed = true;
      const counts = scheduler.resumeUnfinished();
      logger.info(counts, 'incidents-resumed');
    } else {
      scheduler.pump();
    }
  });
  await server.listen({ host: config.http.host, port: config.http.port });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? '127.0.0.1' : config.http.host;
  logger.info({ port, mode: config.mode, leader: leadership.isLeader(), incidents: store.size }, 'agent-started');

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    metrics,
    store,
    idle: () => scheduler.idle(),
    close: () =>
      (closing ??= (async () => {
        await server.close();
        await scheduler.stop();
        await leadership.stop();
        await reports.flush();
        await ledger.flush();
        await store.close();
        if (kubeConfig) await closeSharedConnections(kubeConfig);
        logger.info('agent-stopped');
      })()),
  };
}

function createLeadership(config: AgentConfig, cluster: () => KubeConfig, logger: Logger): Leadership {
  if (config.leadership.election === 'off') return new StaticLeadership(true);
  return new LeaseLeadership({
    kubeConfig: cluster(),
    namespace: config.leadership.namespace ?? serviceAccountNamespace() ?? AGENT_DEFAULTS.namespace,
    name: config.leadership.leaseName,
    identity: config.leadership.identity,
    durationSeconds: config.leadership.leaseDurationSeconds,
    missingLease: config.leadership.election === 'auto' ? 'lead-alone' : 'wait',
    logger,
  });
}

function serviceAccountNamespace(): string | undefined {
  try {
    return readFileSync(SERVICE_ACCOUNT_NAMESPACE_FILE, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
