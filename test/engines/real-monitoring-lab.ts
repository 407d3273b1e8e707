/**
 * The whole monitoring loop with real servers, on 127.0.0.1 and in wall-clock time:
 * the Kubernetes API simulator with the demo shop (its clock driven by the wall clock), a scrape
 * target exposing it under kube-state-metrics / cAdvisor / Linkerd names, the real Prometheus
 * evaluating the rules shipped in dist/alerting unchanged, the real Alertmanager with the
 * configuration kube-prometheus-stack renders from the lab's values (only the agent receiver's URL
 * and token file pointed at this process), and the real agent (real pipeline, rule engine, no model).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { pino } from 'pino';
import { parse, stringify } from 'yaml';
import { AGENT_HTTP } from '../../catalog/agent-contract.js';
import { createKubernetesCluster } from '../../agent/adapters/kubernetes/kubernetes-cluster.js';
import { createLokiQuery } from '../../agent/adapters/loki/loki-query.js';
import { createPrometheusQuery } from '../../agent/adapters/prometheus/prometheus-query.js';
import { startAgent, type RunningAgent } from '../../agent/app.js';
import { parseConfig } from '../../agent/config/config.js';
import { historyFromIncidents } from '../../agent/core/pipeline/action-history.js';
import { createWorkflowConfig } from '../../agent/core/pipeline/config.js';
import { createIncidentWorkflow } from '../../agent/core/pipeline/workflow.js';
import { systemClock, type Clock } from '../../agent/ports/clock.js';
import { metricsTelemetry, workflowSettings } from '../../agent/wiring.js';
import { deployShop, SHOP_NAMESPACE, shopHealthy } from '../../demo/shop.js';
import { simulatorLogs, startFakeLoki } from '../../simulator/fakes/index.js';
import { startMetricsExporter } from '../../simulator/fakes/metrics-exporter.js';
import { startKubernetesSimulator, type KubernetesSimulator } from '../../simulator/kubernetes/index.js';
import { declaredPrometheusStack, renderAlertmanagerConfig } from './alertmanager-config.js';
import { freePort, startAlertmanager, startPrometheus, type RunningServer } from './monitoring-servers.js';
import { ruleFilesFromManifests, writeRuleFiles } from './prometheus-rule-files.js';
import { REPO_ROOT } from './ecosystem-tools.js';

const AGENT_RECEIVER = 'ai4all-sre-agent';

/** The running loop. */
export interface RealMonitoringLab {
  readonly simulator: KubernetesSimulator;
  readonly agent: RunningAgent;
  readonly prometheus: RunningServer;
  readonly alertmanager: RunningServer;
  readonly directory: string;
  close(): Promise<void>;
}

/** Alertmanager config rendered for the lab stack, with the agent receiver pointed at `agentUrl`. */
async function alertmanagerConfigFor(directory: string, agentUrl: string, tokenFile: string): Promise<string> {
  const rendered = parse(renderAlertmanagerConfig(await declaredPrometheusStack('lab'), directory)) as {
    receivers: { name: string; webhook_configs?: Record<string, unknown>[] }[];
  };
  const agent = rendered.receivers.find((receiver) => receiver.name === AGENT_RECEIVER);
  const webhook = agent?.webhook_configs?.[0] as
    { url: string; http_config: { authorization: { credentials_file: string } } } | undefined;
  if (webhook === undefined) throw new Error(`rendered Alertmanager config has no ${AGENT_RECEIVER} webhook`);
  webhook.url = `${agentUrl}${AGENT_HTTP.webhookPath}`;
  webhook.http_config.authorization.credentials_file = tokenFile;
  return stringify(rendered);
}

/** Starts everything; `close()` stops it in reverse order. */
export async function startRealMonitoringLab(directory: string): Promise<RealMonitoringLab> {
  mkdirSync(directory, { recursive: true });
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer().catch(() => undefined);
  };
  try {
    const simulator = await startKubernetesSimulator({
      seed: 7,
      startTime: Date.now(),
      nodes: ['lab-node-1', 'lab-node-2'],
    });
    closers.push(() => simulator.close());
    const cluster = simulator.cluster;
    deployShop(cluster);
    cluster.advanceUntil((candidate) => shopHealthy(candidate), 600, 'the shop to become ready');
    // From here on simulated time follows the wall clock (ahead by the start-up it simulated).
    let last = Date.now();
    const driver = setInterval(() => {
      const now = Date.now();
      cluster.advanceMilliseconds(now - last);
      last = now;
    }, 200);
    closers.push(() => Promise.resolve(clearInterval(driver)));
    const clock: Clock = {
      now: () => new Date(cluster.clock.now()),
      sleep: (milliseconds, signal) => systemClock.sleep(milliseconds, signal),
    };

    const exporter = await startMetricsExporter(cluster);
    closers.push(() => exporter.close());
    const loki = await startFakeLoki({ sources: [simulatorLogs(cluster)], now: () => cluster.clock.now() });
    closers.push(() => loki.close());
    const prometheusPort = await freePort();
    const prometheusUrl = `http://127.0.0.1:${prometheusPort}`;

    const token = randomBytes(24).toString('hex');
    const kubeconfigPath = join(directory, 'kubeconfig.yaml');
    await simulator.writeKubeConfig(kubeconfigPath);
    const config = parseConfig(
      {
        KUBECONFIG: kubeconfigPath,
        PROMETHEUS_URL: prometheusUrl,
        LOKI_URL: loki.url,
        AGENT_PORT: '0',
        AGENT_LISTEN_HOST: '127.0.0.1',
        AGENT_DATA_DIR: join(directory, 'agent'),
        AGENT_MODE: 'autonomous',
        AGENT_NAMESPACES: SHOP_NAMESPACE,
        AGENT_WEBHOOK_TOKEN: token,
        AGENT_LEADER_ELECTION: 'off',
        AGENT_LOG_LEVEL: 'info',
      },
      { fileExists: () => true },
    );
    const logger = pino({ level: 'info' }, pino.destination({ dest: join(directory, 'agent.log'), sync: true }));
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromString(simulator.kubeConfigYaml());
    const agent = await startAgent(config, {
      kubeConfig,
      logger,
      now: () => clock.now(),
      reportPublisher: null,
      stopGraceMilliseconds: 2_000,
      workflow: (context) =>
        createIncidentWorkflow({
          cluster: createKubernetesCluster(context.kubeConfig()),
          reasoner: null,
          metricsQuery: createPrometheusQuery({ url: prometheusUrl }),
          logQuery: createLokiQuery({ url: loki.url }),
          history: historyFromIncidents(() => context.store.list()),
          config: createWorkflowConfig(workflowSettings(context.config)),
          clock,
          telemetry: metricsTelemetry(context.metrics),
          logger: context.logger.child({ component: 'pipeline' }),
        }),
    });
    closers.push(() => agent.close());

    const tokenFile = join(directory, 'webhook-token');
    writeFileSync(tokenFile, token, { mode: 0o600 });
    const alertmanagerPort = await freePort();
    const alertmanager = await startAlertmanager(
      join(directory, 'alertmanager'),
      alertmanagerPort,
      await alertmanagerConfigFor(directory, agent.url, tokenFile),
    );
    closers.push(() => alertmanager.stop());

    const rules = ruleFilesFromManifests(join(REPO_ROOT, 'dist', 'alerting', 'manifests.yaml'));
    const prometheusDirectory = join(directory, 'prometheus');
    mkdirSync(prometheusDirectory, { recursive: true });
    const ruleFiles = writeRuleFiles(prometheusDirectory, rules);
    const prometheus = await startPrometheus({
      directory: prometheusDirectory,
      port: prometheusPort,
      config: stringify({
        global: { scrape_interval: '5s', evaluation_interval: '30s' },
        rule_files: ruleFiles,
        scrape_configs: [{ job_name: 'simulated-shop', static_configs: [{ targets: [exporter.target] }] }],
        alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${alertmanagerPort}`] }] }] },
      }),
    });
    closers.push(() => prometheus.stop());
    return { simulator, agent, prometheus, alertmanager, directory, close };
  } catch (error) {
    await close();
    throw error;
  }
}
