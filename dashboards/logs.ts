/**
 * "ai4all-sre / Logs": Loki log search over the demo app and the agent, by namespace, app and text.
 * Stream labels are the ones the lab's Alloy pipeline attaches (LOKI_STREAM_LABELS).
 */
import {
  CustomVariableBuilder,
  DashboardBuilder,
  TextBoxVariableBuilder,
  type Dashboard,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as LogsPanel } from '@grafana/grafana-foundation-sdk/logs';
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';
import { DEMO_APP, LAB_NAMESPACES } from '../catalog/platform-contract.js';
import { LOKI, lokiQuery } from './panels.js';

/** Dashboard uid. */
export const LOGS_UID = 'ai4all-sre-logs';

/** Builds the log view dashboard model. */
export function logsDashboard(): Dashboard {
  const stream = '{namespace="$namespace", app=~"$app"}';
  return new DashboardBuilder('ai4all-sre / Logs')
    .uid(LOGS_UID)
    .tags(['ai4all-sre', 'logs'])
    .refresh('30s')
    .time({ from: 'now-1h', to: 'now' })
    .timezone('browser')
    .withVariable(
      new CustomVariableBuilder('namespace')
        .label('Namespace')
        .values(`${LAB_NAMESPACES.demo},${LAB_NAMESPACES.agent}`),
    )
    .withVariable(
      new CustomVariableBuilder('app')
        .label('App')
        .values([...DEMO_APP.services, DEMO_APP.loadGenerator].join(','))
        .includeAll(true)
        .allValue('.*')
        .multi(true),
    )
    .withVariable(new TextBoxVariableBuilder('search').label('Search (regex)').defaultValue(''))
    .withPanel(
      new TimeseriesPanel()
        .title('Log lines with errors')
        .description('Lines per app matching "error" (case-insensitive).')
        .datasource(LOKI)
        .gridPos({ x: 0, y: 0, w: 24, h: 6 })
        .withTarget(
          lokiQuery(`sum by (app) (count_over_time(${stream} |~ "(?i)error" [$__interval]))`).legendFormat('{{app}}'),
        ),
    )
    .withPanel(
      new LogsPanel()
        .title('Logs')
        .description('Log lines of the selected namespace and apps matching the search.')
        .datasource(LOKI)
        .gridPos({ x: 0, y: 6, w: 24, h: 14 })
        .showTime(true)
        .wrapLogMessage(true)
        .withTarget(lokiQuery(`${stream} |~ "$search"`)),
    )
    .withPanel(
      new LogsPanel()
        .title('Agent decisions')
        .description('The agent logs JSON lines (pino); this view keeps those carrying an incident id.')
        .datasource(LOKI)
        .gridPos({ x: 0, y: 20, w: 24, h: 10 })
        .showTime(true)
        .withTarget(lokiQuery(`{namespace="${LAB_NAMESPACES.agent}"} | json | incidentId != ""`)),
    )
    .build();
}
