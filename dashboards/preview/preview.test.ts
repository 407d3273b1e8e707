/**
 * Dashboard previews: every panel drawn at its grid position with its title and queries, and the
 * committed files under docs/dashboards equal to what the code renders now (like dist/).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DashboardBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { allDashboards } from '../dashboards-chart.js';
import { PREVIEW_DIRECTORY, previewFiles } from './preview-files.js';
import { panelBoxes, renderDashboardPreview } from './render-preview.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe('renderDashboardPreview', () => {
  it('draws every panel of every dashboard with its title and its queries', () => {
    for (const dashboard of allDashboards()) {
      const svg = renderDashboardPreview(dashboard);
      const boxes = panelBoxes(dashboard);
      expect(boxes.length).toBeGreaterThan(0);
      expect(svg.match(/<g><title>/g)).toHaveLength(boxes.length);
      for (const box of boxes) {
        const hover = [`${box.title} (${box.type})`, ...box.queries].join('\n');
        expect(svg).toContain(
          hover.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;'),
        );
      }
    }
  });

  it('places a panel at its gridPos (50 px per column, 34 px per row, under a 48 px header)', () => {
    const dashboard = new DashboardBuilder('t')
      .uid('t')
      .withRow(new RowBuilder('A row'))
      .withPanel(
        new StatBuilder()
          .title('Queue <depth>')
          .gridPos({ x: 6, y: 2, w: 6, h: 4 })
          .withTarget(new DataqueryBuilder().expr('max(x{a="b"})')),
      )
      .build();
    const svg = renderDashboardPreview(dashboard);
    expect(svg).toContain('<rect x="306" y="122" width="294" height="130"');
    expect(svg).toContain('Queue &lt;depth&gt;');
    expect(svg).toContain('max(x{a=&quot;b&quot;})');
  });
});

describe(`${PREVIEW_DIRECTORY}/`, () => {
  const files = previewFiles();

  it('holds exactly the generated previews (run `npx tsx dashboards/preview/write-previews.ts`)', () => {
    const directory = join(root, PREVIEW_DIRECTORY);
    const committed = existsSync(directory) ? readdirSync(directory).map((name) => `${PREVIEW_DIRECTORY}/${name}`) : [];
    expect(committed.sort()).toEqual(files.map((file) => file.path).sort());
  });

  it.each(files.map((file) => [file.path, file.content] as const))(
    '%s is up to date (run `npx tsx dashboards/preview/write-previews.ts`)',
    (path, content) => {
      expect(readFileSync(join(root, path), 'utf8') === content, `${path} is stale`).toBe(true);
    },
  );
});
