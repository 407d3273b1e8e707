/**
 * A Grafana dashboard shipped as a ConfigMap the Grafana sidecar loads (GRAFANA_DASHBOARD_LABEL),
 * from a dashboard model built with @grafana/grafana-foundation-sdk. Validated before it ships:
 * a stable uid, a title, and every panel and query pointing at a datasource the platform provisions
 * by uid (the reference lab's panels fell back to the default datasource or pointed at a missing uid).
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { GRAFANA_DASHBOARD_LABEL, GRAFANA_DATASOURCES } from '../../catalog/platform-contract.js';
import { PropValidationError, requireDnsLabel } from '../core/prop-validation.js';
import { dashboardQueries } from './dashboard-queries.js';

const CONSTRUCT = 'GrafanaDashboardConfigMap';

/** Annotation the lab's Grafana sidecar reads to place a dashboard in a folder. */
export const GRAFANA_FOLDER_ANNOTATION = 'grafana_folder';

/** Props of {@link GrafanaDashboardConfigMap}. */
export interface GrafanaDashboardConfigMapProps {
  /** The dashboard model (`new DashboardBuilder(...).build()`). Must set `uid` and `title`. */
  readonly dashboard: Dashboard;
  /** Namespace of the ConfigMap (the sidecar searches all namespaces in the lab). */
  readonly namespace: string;
  /** Grafana folder. @default 'ai4all-sre' */
  readonly folder?: string;
  /** Datasource uids panels may use. @default the uids of GRAFANA_DATASOURCES */
  readonly allowedDatasourceUids?: readonly string[];
}

/** A ConfigMap holding one dashboard as `<uid>.json`, labelled for the Grafana sidecar. */
export class GrafanaDashboardConfigMap extends Construct {
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: GrafanaDashboardConfigMapProps) {
    super(scope, id);
    const { dashboard } = props;
    const uid = dashboard.uid ?? '';
    if (!/^[a-z0-9-]{1,40}$/.test(uid)) {
      throw new PropValidationError(
        CONSTRUCT,
        'dashboard.uid',
        uid,
        'set a stable uid of lower-case letters, digits and "-" (≤ 40)',
      );
    }
    if ((dashboard.title ?? '').trim().length === 0) {
      throw new PropValidationError(CONSTRUCT, 'dashboard.title', dashboard.title, 'give the dashboard a title');
    }
    requireDnsLabel(CONSTRUCT, 'namespace', props.namespace);
    const allowed = props.allowedDatasourceUids ?? Object.values(GRAFANA_DATASOURCES).map((source) => source.uid);
    const queries = dashboardQueries(dashboard);
    if (queries.length === 0) {
      throw new PropValidationError(CONSTRUCT, 'dashboard', uid, 'add at least one panel with a query');
    }
    for (const query of queries) {
      if (query.datasourceUid === undefined || !allowed.includes(query.datasourceUid)) {
        throw new PropValidationError(
          CONSTRUCT,
          'dashboard',
          `${query.panelTitle}: ${query.datasourceUid ?? 'no datasource'}`,
          `set the panel and query datasource to one of the provisioned uids: ${allowed.join(', ')}`,
        );
      }
    }
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: `grafana-dashboard-${uid}`,
        namespace: props.namespace,
        labels: { [GRAFANA_DASHBOARD_LABEL.key]: GRAFANA_DASHBOARD_LABEL.value },
        annotations: { [GRAFANA_FOLDER_ANNOTATION]: props.folder ?? 'ai4all-sre' },
      },
      data: { [`${uid}.json`]: JSON.stringify(dashboard, null, 2) },
    });
  }
}
