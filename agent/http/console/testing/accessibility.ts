/**
 * Basic accessibility checks run inside the page: the document has a language and one h1, every
 * form control has an accessible name, and every piece of text has a contrast of at least 4.5:1
 * against its background (3:1 for large text), computed from the styles the browser applied.
 */
import type { Page } from 'playwright-core';

/** Runs in the page; plain JavaScript, since this project compiles without the DOM's types. */
const CHECK = String.raw`(() => {
  const problems = [];
  if (!document.documentElement.lang) problems.push('the document has no lang attribute');
  const headings = document.querySelectorAll('h1').length;
  if (headings !== 1) problems.push('expected one h1, found ' + headings);
  const describe = (element) => element.tagName.toLowerCase() + (element.id ? '#' + element.id : '') +
    (element.className ? '.' + String(element.className).split(' ').join('.') : '');
  for (const control of document.querySelectorAll('input, select, textarea, button')) {
    if (control.type === 'hidden') continue;
    const labelled = (control.id !== '' && document.querySelector('label[for="' + control.id + '"]') !== null) ||
      control.getAttribute('aria-label') || control.getAttribute('aria-labelledby') || control.closest('label') !== null ||
      (control.tagName === 'BUTTON' && (control.textContent || '').trim() !== '');
    if (!labelled) problems.push(describe(control) + ' has no label');
  }
  const channel = (value) => { const s = value / 255; return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4); };
  const parse = (colour) => { const p = (colour.match(/[\d.]+/g) || ['0', '0', '0']).map(Number); return [p[0] || 0, p[1] || 0, p[2] || 0, p[3] === undefined ? 1 : p[3]]; };
  const luminance = (c) => 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]);
  const background = (element) => {
    for (let node = element; node; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour[3] > 0) return colour;
    }
    return [255, 255, 255, 1];
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!element || seen.has(element) || (node.textContent || '').trim() === '') continue;
    seen.add(element);
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    if (style.visibility === 'hidden' || style.display === 'none' || box.width === 0 || box.height === 0) continue;
    if (element.closest('[hidden], .visually-hidden')) continue;
    const foreground = luminance(parse(style.color));
    const behind = luminance(background(element));
    const ratio = (Math.max(foreground, behind) + 0.05) / (Math.min(foreground, behind) + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5))
      problems.push(describe(element) + ' "' + (node.textContent || '').trim().slice(0, 30) + '": contrast ' + ratio.toFixed(2));
  }
  return problems;
})()`;

export async function accessibilityProblems(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(CHECK);
}
