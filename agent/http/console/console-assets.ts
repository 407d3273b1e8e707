/**
 * The console's only stylesheet and script, served by the agent itself (no CDN, no build step:
 * they ship inside the agent's bundle). The script only refreshes the live part of a page by
 * polling its HTML fragment; every page works without it.
 */
export const CONSOLE_CSS = `
:root { color-scheme: light; --ink: #101828; --muted: #475467; --line: #d0d5dd; --focus: #1d4ed8; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0; background: #fff; }
header.top { display: flex; justify-content: space-between; align-items: center; gap: 16px; padding: 10px 24px; background: #101828; color: #fff; }
header.top a.brand { color: #fff; font-weight: 700; text-decoration: none; }
header.top .account { display: flex; gap: 12px; align-items: center; margin: 0; }
header.top .account span { color: #f2f4f7; }
button.link { background: none; border: 1px solid #98a2b3; color: #fff; padding: 2px 10px; border-radius: 4px; cursor: pointer; font: inherit; }
main { max-width: 1200px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 1.5em; margin: 8px 0 12px; } h2 { font-size: 1.2em; margin: 24px 0 8px; border-top: 1px solid var(--line); padding-top: 12px; } h3, h4 { margin: 12px 0 6px; }
a { color: #1849a9; } a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; font-size: 0.93em; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #eaecf0; vertical-align: top; }
th { background: #f2f4f7; }
.status { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 0.85em; font-weight: 600; background: #eaecf0; color: #101828; }
.status-awaiting-approval { background: #fef0c7; color: #7a2e0e; } .status-resolved { background: #d1fadf; color: #054f31; }
.status-failed, .status-blocked, .status-needs-human { background: #fee4e2; color: #7a271a; }
.banner { padding: 10px 24px; } .banner.dry-run { background: #fef0c7; color: #7a2e0e; border-bottom: 2px solid #b54708; } .banner.info { background: #eff8ff; color: #194185; }
.error { background: #fee4e2; color: #7a271a; border: 1px solid #b42318; padding: 8px 12px; border-radius: 4px; margin: 8px 0; }
.notice { background: #d1fadf; color: #054f31; padding: 8px 12px; border-radius: 4px; margin: 8px 0; }
.hint { color: var(--muted); }
form.filters { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-bottom: 12px; }
form.login { display: grid; gap: 6px; max-width: 420px; }
input, select, textarea { font: inherit; padding: 6px 8px; border: 1px solid #667085; border-radius: 4px; color: var(--ink); background: #fff; }
textarea { width: 100%; }
button { font: inherit; padding: 6px 14px; border-radius: 4px; border: 1px solid #344054; background: #fff; color: #101828; cursor: pointer; }
button.approve { background: #05603a; border-color: #05603a; color: #fff; } button.reject { background: #b42318; border-color: #b42318; color: #fff; }
.review-form { border: 2px solid #b54708; border-radius: 6px; padding: 4px 16px 16px; margin: 12px 0; background: #fffcf5; }
.review-form h2 { border-top: none; padding-top: 0; }
.buttons { display: flex; gap: 12px; margin-top: 8px; flex-wrap: wrap; }
pre { background: #f9fafb; border: 1px solid #eaecf0; padding: 8px; overflow-x: auto; font-size: 0.85em; }
pre.diff .add { color: #054f31; background: #ecfdf3; display: block; } pre.diff .del { color: #7a271a; background: #fef3f2; display: block; } pre.diff .same { color: #344054; display: block; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; } dl.facts dt { color: var(--muted); }
blockquote { margin: 8px 0; padding: 6px 12px; border-left: 4px solid var(--line); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

export const CONSOLE_JS = `
(function () {
  'use strict';
  var live = document.getElementById('live');
  if (!live) return;
  var url = live.getAttribute('data-live-url');
  var last = null;
  function sync() {
    var overview = live.querySelector('[data-status]');
    var review = document.getElementById('review');
    if (review && overview && overview.getAttribute('data-status') !== 'awaiting-approval') review.hidden = true;
  }
  function poll() {
    fetch(url, { credentials: 'same-origin', cache: 'no-store', headers: { 'x-console-fragment': '1' } })
      .then(function (response) {
        if (response.status === 401) { window.location.reload(); return null; }
        return response.ok ? response.text() : null;
      })
      .then(function (text) {
        if (text !== null && text !== last) {
          if (last !== null || text !== live.innerHTML) live.innerHTML = text;
          last = text;
          sync();
        }
      })
      .catch(function () { /* the agent may be restarting; try again */ })
      .then(function () { window.setTimeout(poll, 2000); });
  }
  sync();
  window.setTimeout(poll, 2000);
})();
`;
