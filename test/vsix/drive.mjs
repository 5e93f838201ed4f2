// The VSIX tier's user: drives a VS Code (default profile: chat, its secondary side bar and git on) in which
// the packaged claimlens-<version>.vsix was installed with --install-extension, opened on a copy of the samples.
// Loaded by scripts/code-headless.mjs --drive; everything is done through the workbench page, as a user does it:
// Quick Open an article, look at the highlights, hover one, open the Entities view. Then the profile's logs are
// read for activation errors. Expected figures come from `claimlens stats --json` over the same folder
// (CLAIMLENS_EXPECTED_STATS). Resolves to the exit code: 0 when every check passed.
import fs from 'node:fs';
import path from 'node:path';

const ARTICLE = process.env.CLAIMLENS_VSIX_ARTICLE ?? '000_30b9ca53c861b234.txt';
const ENTITY = process.env.CLAIMLENS_VSIX_ENTITY ?? 'china';

export default async function drive({ page, workspace, userData, serverLog, say }) {
  const expected = JSON.parse(process.env.CLAIMLENS_EXPECTED_STATS);
  const entity = expected.entities.find(e => e.id === ENTITY);
  const failures = [];
  let passed = 0;
  const check = (ok, what) => { console.log(`  ${ok ? '✔' : '✗'} ${what}`); if (ok) passed++; else failures.push(what); };
  const within = async (ms, probe) => { for (const end = Date.now() + ms; ; await page.waitForTimeout(250)) {
    const v = await probe().catch(() => undefined); if (v || Date.now() > end) return v; } };

  console.log(`VSIX tier: ${path.basename(workspace)} opened with the installed extension`);
  await page.waitForSelector('.monaco-workbench', { timeout: 120_000 });
  // Let the workbench restore its default layout (the Chat view opens in the secondary side bar).
  await page.waitForTimeout(4000);
  const chatInput = await page.locator('.interactive-input-part, .chat-input-container').count();
  console.log(`  (chat input in the workbench: ${chatInput ? 'yes' : 'no'})`);

  // Quick Open the article.
  // Quick Open through the command center at the top of the window (its search box), or Ctrl+P.
  const quickInput = page.locator('.quick-input-widget input');
  await page.locator('.command-center .search-box, .command-center-center').first().click({ timeout: 10_000 }).catch(() => undefined);
  if (!await quickInput.isVisible().catch(() => false)) await page.keyboard.press('Control+P');
  await quickInput.waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.type(ARTICLE, { delay: 20 });
  // Enter only once the file search has found it (a busy machine indexes the folder slowly).
  await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: ARTICLE }).first().waitFor({ timeout: 30_000 }).catch(() => undefined);
  await page.keyboard.press('Enter');
  const tab = await within(20_000, async () => (await page.locator(`.tab[aria-label*="${ARTICLE}"]`).count()) > 0);
  check(!!tab, `Quick Open opens ${ARTICLE}`);

  // Highlights: the extension's decoration types render as elements with a ced- class in the editor.
  const editor = page.locator('.editor-instance .monaco-editor').first();
  const highlights = await within(30_000, async () => { const n = await editor.locator('[class*="ced-"]').count(); return n > 0 ? n : undefined; });
  check(!!highlights, `the article is highlighted (${highlights ?? 0} highlight elements in view)`);

  // Hover a highlighted mention: the card counts the mentions in the whole corpus.
  let hoverText = '';
  if (highlights) {
    const boxes = await editor.locator('.view-overlays [class*="ced-"]').evaluateAll(els => els.map(e => {
      const r = e.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2, w: r.width };
    }).filter(b => b.w > 4));
    for (const b of boxes.slice(0, 5)) {
      await page.mouse.move(b.x - 40, b.y - 40);
      await page.mouse.move(b.x, b.y, { steps: 4 });
      hoverText = (await within(6000, async () => {
        const t = await page.locator('.monaco-hover').filter({ visible: true }).innerText(); return /Mentioned|Claim/.test(t) ? t : undefined;
      })) ?? '';
      if (hoverText) break;
    }
  }
  check(/Mentioned \d+× in this article, \d+× in \d+ articles? of the corpus|Claim/.test(hoverText),
    `a hover card shows the annotation (${JSON.stringify(hoverText.split('\n')[0] ?? '')})`);
  await page.keyboard.press('Escape');

  // The Entities view counts the whole workspace.
  await page.locator('.activitybar [aria-label^="ClaimLens"]').first().click();
  const label = `${entity.name} (${entity.mentions})`;
  const row = await within(30_000, async () => (await page.locator('.monaco-list-row').filter({ hasText: label }).count()) > 0);
  const seen = await page.locator('.pane-body .monaco-list-row').allInnerTexts().catch(() => []);
  check(!!row, `the Entities view lists "${label}" (mentions over all ${expected.totals.articles} articles); rows seen: ${JSON.stringify(seen.slice(0, 4))}`);

  // The walkthrough, opened from the Command Palette: its steps are there, and a step's button completes it.
  await page.locator('.command-center .search-box, .command-center-center').first().click({ timeout: 10_000 }).catch(() => undefined);
  if (!await quickInput.isVisible().catch(() => false)) await page.keyboard.press('Control+P');
  await quickInput.waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.type('>Welcome: Open Walkthrough', { delay: 10 });
  await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Open Walkthrough' }).first().waitFor({ timeout: 15_000 }).catch(() => undefined);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Get Started with ClaimLens' }).first().click({ timeout: 15_000 }).catch(() => undefined);
  const steps = ['Open an article', 'Annotate an actor', 'Mark a claim', 'See the Entities view', 'Open the sidecar'];
  const listed = await within(20_000, async () => {
    const titles = await page.locator('.getting-started-step .step-title').allInnerTexts();
    return steps.every(t => titles.some(x => x.includes(t))) && titles;
  });
  check(!!listed, `the walkthrough lists its steps (${JSON.stringify(listed || [])})`);
  // A step shows its state in its icon's codicon class (…step-checked or …step-unchecked).
  const stepChecked = title => page.locator('.getting-started-step').filter({ hasText: title }).first()
    .evaluate(el => [...el.querySelectorAll('[class*="codicon"]')].map(i => i.className).join(' '));
  const iconBefore = await stepChecked('Open an article').catch(() => '');
  await page.locator('.getting-started-step').filter({ hasText: 'Open an article' }).first().click().catch(() => undefined);
  await page.locator('.getting-started-step a, .getting-started-step .button-link').filter({ hasText: 'Open the Sample Article' }).first().click({ timeout: 10_000 }).catch(() => undefined);
  const sampleOpen = await within(20_000, async () => (await page.locator('.tab[aria-label*="000_30b9ca53c861b234.txt"]').count()) > 0
    && fs.existsSync(path.join(workspace, 'claimlens-sample', '000_30b9ca53c861b234.txt')));
  check(!!sampleOpen, 'its first step’s button copies the sample article into claimlens-sample/ and opens it');
  // Back on the walkthrough's tab (the sample opened over it).
  await page.locator('.tab').filter({ hasText: /Welcome|Walkthrough/ }).first().click().catch(() => undefined);
  const iconAfter = await within(10_000, async () => { const c = await stepChecked('Open an article'); return /(^|-)checked\b/.test(c.replace(/unchecked/g, '')) && c; });
  check(!!iconAfter && /unchecked/.test(iconBefore), `running the step’s command marks the step complete (icon before: "${iconBefore}", after: "${iconAfter || ''}")`);

  // Logs: no activation error anywhere, and the installed extension's own log exists (it did activate).
  const logs = [];
  const walk = dir => { for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name); if (e.isDirectory()) walk(p); else if (e.name.endsWith('.log')) logs.push(p); } };
  walk(path.join(userData, 'logs'));
  const allText = logs.map(f => fs.readFileSync(f, 'utf8')).join('\n') + '\n' + serverLog();
  const activationError = /Activating extension.{0,40}claimlens\.claimlens.{0,10} failed.*/i.exec(allText);
  check(!activationError, `no activation error in the extension host log${activationError ? `: ${activationError[0]}` : ''}`);
  const ownLog = logs.find(f => /claimlens\.claimlens/i.test(f) && /ClaimLens\.log$/.test(f));
  check(!!ownLog, 'the installed extension activated (its ClaimLens log exists)');
  if (ownLog) {
    const errors = fs.readFileSync(ownLog, 'utf8').split('\n').filter(l => /\[error\]/.test(l));
    check(errors.length === 0, `the ClaimLens log has no errors${errors.length ? `: ${errors.slice(0, 3).join(' | ')}` : ''}`);
  }

  console.log(`\n  ${passed} passing`);
  if (failures.length) console.log(`  ${failures.length} failing`);
  if (failures.length) {
    const shot = path.join(process.env.CLAIMLENS_VSIX_OUT ?? '.', 'vsix-failure.png');
    await page.screenshot({ path: shot }).catch(() => undefined);
    console.log(`  ${failures.length} check(s) failed; screenshot ${shot}`);
    say?.('VSIX checks failed');
    return 1;
  }
  console.log('  all VSIX checks passed');
  return 0;
}
