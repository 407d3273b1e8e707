/**
 * Writes docs/console: each main console page as the exact HTML rendered from fixtures and a PNG
 * of it in headless Chromium (assets served from memory, nothing fetched). `npm run screenshots`.
 * The staleness test compares the HTML, not the pixels: font rasterizing differs between machines
 * and Chromium versions, so a pixel check would fail on a correct page.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONSOLE_CSS } from '../console-assets.js';
import { launchChromium } from './chromium.js';
import { consolePages } from './console-pages.js';

export const SCREENSHOT_DIRECTORY = 'docs/console';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const directory = join(root, SCREENSHOT_DIRECTORY);
const ORIGIN = 'http://console.invalid';

const pages = consolePages();
mkdirSync(directory, { recursive: true });
const wanted = new Set(pages.flatMap((item) => [`${item.name}.html`, `${item.name}.png`]));
for (const name of readdirSync(directory)) if (!wanted.has(name) && name !== 'README.md') rmSync(join(directory, name));
const browser = await launchChromium({ width: 1280, height: 800 });
try {
  for (const item of pages) {
    writeFileSync(join(directory, `${item.name}.html`), item.html);
    const tab = await browser.context.newPage();
    await tab.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.pathname.endsWith('/assets/console.css'))
        return route.fulfill({ contentType: 'text/css', body: CONSOLE_CSS });
      if (url.pathname.endsWith('/assets/console.js'))
        // No live polling in a screenshot: there is no agent behind it.
        return route.fulfill({ contentType: 'text/javascript', body: '' });
      if (url.pathname === item.path) return route.fulfill({ contentType: 'text/html', body: item.html });
      return route.abort();
    });
    await tab.goto(`${ORIGIN}${item.path}`);
    await tab.screenshot({ path: join(directory, `${item.name}.png`), fullPage: true });
    await tab.close();
  }
} finally {
  await browser.close();
}
process.stdout.write(`wrote ${pages.length} pages (HTML + PNG) to ${SCREENSHOT_DIRECTORY}/\n`);
