#!/usr/bin/env node
// Keeps the README's command, keybinding and settings tables in step with package.json: the text
// between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` is produced from the manifest.
//   node scripts/readme-tables.mjs          rewrite README.md
//   node scripts/readme-tables.mjs --check  exit 1 when README.md is out of date (the unit tests do this too)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const cell = s => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderTables(pkg) {
  const c = pkg.contributes;
  const hidden = new Set(c.menus.commandPalette.filter(m => m.when === 'false').map(m => m.command));
  const keys = new Map(c.keybindings.map(k => [k.command, k.mac && k.mac !== k.key ? `${k.key} (macOS ${k.mac})` : k.key]));
  const commands = ['| Command | Keybinding | Where |', '| --- | --- | --- |',
    ...c.commands.map(cmd => {
      const inMenu = menu => (c.menus[menu] ?? []).some(m => m.command === cmd.command);
      const where = [
        hidden.has(cmd.command) ? null : 'Command Palette',
        inMenu('editor/context') ? 'editor context menu' : null,
        inMenu('view/title') ? 'Entities view title' : null,
        inMenu('view/item/context') ? 'Entities view items' : null,
        /revealInTree|listMentions/.test(cmd.command) ? 'hover cards' : null,
        cmd.command.endsWith('revealAnnotation') ? 'clicking an Entities view item' : null,
      ].filter(Boolean).join(', ');
      return `| ${cell(`${cmd.category}: ${cmd.title}`)} | ${keys.has(cmd.command) ? '`' + keys.get(cmd.command) + '`' : ''} | ${where} |`;
    })];
  const settings = ['| Setting | Default | Description |', '| --- | --- | --- |',
    ...Object.entries(c.configuration.properties).map(([key, p]) =>
      `| \`${key}\` | \`${JSON.stringify(p.default)}\` | ${cell(p.markdownDescription ?? p.description ?? '')} |`)];
  const colors = ['| Colour | Description |', '| --- | --- |', ...c.colors.map(col => `| \`${col.id}\` | ${cell(col.description)} |`)];
  return { commands: commands.join('\n'), settings: settings.join('\n'), colors: colors.join('\n') };
}

/** The READMEs that carry generated tables: the repository's, and the one on the installed extension's page. */
export const READMES = ['README.md', 'docs/extension/README.md'];

/** Fills every generated block the README has (the extension page's README has commands and settings only). */
export function updateReadme(readme, pkg, { required = ['commands', 'settings', 'colors'] } = {}) {
  let out = readme;
  for (const [name, table] of Object.entries(renderTables(pkg))) {
    const re = new RegExp(`(<!-- generated:${name} -->)[\\s\\S]*?(<!-- /generated:${name} -->)`);
    if (!re.test(out)) { if (required.includes(name)) throw new Error(`README has no generated:${name} block`); continue; }
    out = out.replace(re, (_, a, b) => `${a}\n${table}\n${b}`);
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  for (const name of READMES) {
    const readmePath = path.join(root, name);
    const current = fs.readFileSync(readmePath, 'utf8');
    const next = updateReadme(current, pkg, { required: name === 'README.md' ? undefined : [] });
    if (process.argv.includes('--check')) {
      if (next !== current) { console.error(`${name} tables are out of date: run node scripts/readme-tables.mjs`); process.exitCode = 1; }
    } else if (next !== current) fs.writeFileSync(readmePath, next);
  }
}
