import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

const out = join(import.meta.dirname, '../artifacts/a11y');

/** WCAG 2.2 A and AA plus axe's best practices (landmarks, headings, region). */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/**
 * Runs axe on the page as it is and fails on any `serious` or `critical` violation,
 * naming the rule and the elements; also fails on a control smaller than 44 × 44 px
 * (the issue's touch-target size, stricter than WCAG 2.2's 24 px). Every violation of any
 * impact is written to artifacts/a11y/<name>.json for people to read.
 */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, `${name}.json`),
    JSON.stringify(
      results.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')),
      })),
      null,
      2,
    ),
  );
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  expect(serious, `axe on ${name}`).toEqual([]);
  expect(await smallTargets(page), `controls under 44 px on ${name}`).toEqual([]);
}

/** The little of the DOM the size check uses (this side compiles without DOM types). */
interface Box {
  width: number;
  height: number;
  right: number;
}
interface Control {
  outerHTML: string;
  matches(selector: string): boolean;
  closest(selector: string): Control | null;
  getBoundingClientRect(): Box;
}
interface BrowserGlobals {
  document: { querySelectorAll(selector: string): Iterable<Control> };
  getComputedStyle(element: Control): { clipPath: string };
}

/** Visible controls whose box (a checkbox's: its label's) is under 44 px either way. */
function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const { document, getComputedStyle } = globalThis as unknown as BrowserGlobals;
    const small: string[] = [];
    const controls = document.querySelectorAll(
      'a[href], button, input, select, textarea, [role="tab"]',
    );
    for (const el of controls) {
      // Inline links in running text are exempt (WCAG 2.5.8), as is the off-screen skip link.
      if (el.matches('p a, li > a:not([class]), .skip-link')) continue;
      // Visually hidden controls (a file input behind its drop zone) are not targets.
      if (el.closest('.visually-hidden') || getComputedStyle(el).clipPath !== 'none') continue;
      const target = el.matches('input[type="checkbox"], input[type="radio"]')
        ? (el.closest('label') ?? el)
        : el;
      const box = target.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || box.right < 0) continue;
      if (box.width < 43.5 || box.height < 43.5)
        small.push(
          `${el.outerHTML.slice(0, 80)} ${Math.round(box.width)}×${Math.round(box.height)}`,
        );
    }
    return small;
  });
}
