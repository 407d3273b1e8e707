/**
 * Reads every query out of a dashboard model (panels, panels inside rows, and query variables), with
 * the datasource each one resolves to. The ConfigMap construct validates datasources with it; tests
 * parse the queries it returns.
 */
import type { Dashboard, Panel, RowPanel } from '@grafana/grafana-foundation-sdk/dashboard';

/** One query of a dashboard. */
export interface DashboardQuery {
  readonly panelTitle: string;
  /** The query's datasource uid, else its panel's. */
  readonly datasourceUid: string | undefined;
  readonly datasourceType: string | undefined;
  /** PromQL or LogQL. */
  readonly expr: string;
}

interface TargetLike {
  readonly expr?: string;
  readonly datasource?: { readonly uid?: string; readonly type?: string };
}

function isRow(panel: Panel | RowPanel): panel is RowPanel {
  return panel.type === 'row';
}

/** Every query of the dashboard's panels and query variables. */
export function dashboardQueries(dashboard: Dashboard): DashboardQuery[] {
  const panels = (dashboard.panels ?? []).flatMap((panel) => (isRow(panel) ? (panel.panels ?? []) : [panel]));
  const fromPanels = panels.flatMap((panel) =>
    ((panel.targets ?? []) as TargetLike[]).map((target) => ({
      panelTitle: panel.title ?? '(untitled)',
      datasourceUid: target.datasource?.uid ?? panel.datasource?.uid,
      datasourceType: target.datasource?.type ?? panel.datasource?.type,
      expr: target.expr ?? '',
    })),
  );
  const fromVariables = (dashboard.templating?.list ?? [])
    .filter((variable) => String(variable.type) === 'query')
    .map((variable) => {
      const query = variable.query as unknown;
      const expr = typeof query === 'string' ? query : String((query as { query?: string } | undefined)?.query ?? '');
      return {
        panelTitle: `variable ${variable.name}`,
        datasourceUid: variable.datasource?.uid,
        datasourceType: variable.datasource?.type,
        expr,
      };
    });
  return [...fromPanels, ...fromVariables];
}
