/**
 * docs/console holds each main console page as rendered HTML plus its screenshot. This checks the
 * HTML against what the views render now (like dist/): a view change without `npm run screenshots`
 * fails here. The PNGs are not compared pixel by pixel (font rasterizing differs between machines
 * and Chromium versions, so such a check fails on correct pages); they must exist for every page.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { consolePages } from './testing/console-pages.js';

const directory = join(resolve(dirname(fileURLToPath(import.meta.url)), '../../..'), 'docs/console');
const pages = consolePages();

describe('docs/console', () => {
  it('holds the HTML and PNG of exactly the main pages (run `npm run screenshots`)', () => {
    const expected = pages.flatMap((item) => [`${item.name}.html`, `${item.name}.png`]).sort();
    expect(
      readdirSync(directory)
        .filter((name) => name !== 'README.md')
        .sort(),
    ).toEqual(expected);
  });

  it.each(pages.map((item) => [item.name, item.html] as const))(
    '%s.html is what the views render now (run `npm run screenshots`)',
    (name, html) => {
      expect(readFileSync(join(directory, `${name}.html`), 'utf8') === html, `${name}.html is stale`).toBe(true);
      expect(existsSync(join(directory, `${name}.png`))).toBe(true);
    },
  );
});
