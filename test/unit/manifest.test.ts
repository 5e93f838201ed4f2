// The manifest, the typed ids in src/ids.ts, the README tables and the layering rules agree.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ColorId, CommandId, ConfigKey, DEFAULT_STANCES, DEFAULT_TYPES, HOVER_COMMANDS, ViewId } from '../../src/ids';

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const c = pkg.contributes;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
}

describe('package.json', () => {
  it('declares exactly the commands in CommandId, each in the ClaimLens category', () => {
    const declared = c.commands.map((x: { command: string }) => x.command).sort();
    assert.deepStrictEqual(declared, Object.values(CommandId).sort());
    for (const cmd of c.commands) assert.strictEqual(cmd.category, 'ClaimLens', cmd.command);
  });

  it('declares exactly the settings in ConfigKey, each with a default and a description', () => {
    assert.deepStrictEqual(Object.keys(c.configuration.properties).sort(), Object.values(ConfigKey).sort());
    for (const [key, p] of Object.entries<{ default: unknown; markdownDescription?: string }>(c.configuration.properties)) {
      assert.ok(p.default !== undefined, `${key} default`);
      assert.ok(p.markdownDescription, `${key} description`);
    }
  });

  it('contributes a theme colour for every default entity type and stance', () => {
    const colors = new Set(c.colors.map((x: { id: string }) => x.id));
    for (const t of DEFAULT_TYPES) assert.ok(colors.has(ColorId.typeBackground(t)), t);
    for (const s of DEFAULT_STANCES) assert.ok(colors.has(ColorId.stanceUnderline(s)), s);
    for (const col of c.colors) for (const theme of ['light', 'dark', 'highContrast', 'highContrastLight']) assert.ok(col.defaults[theme], `${col.id} ${theme}`);
  });

  it('has the view container, the view and its welcome content', () => {
    assert.strictEqual(c.viewsContainers.activitybar[0].id, ViewId.container);
    assert.ok(fs.existsSync(path.join(root, c.viewsContainers.activitybar[0].icon)));
    assert.strictEqual(c.views[ViewId.container][0].id, ViewId.entities);
    assert.ok(c.viewsWelcome.some((w: { view: string }) => w.view === ViewId.entities));
  });

  it('activates only on relevant events and targets an engine the test host runs', () => {
    assert.ok(!pkg.activationEvents.includes('*') && !pkg.activationEvents.includes('onStartupFinished'));
    assert.ok(pkg.activationEvents.includes('workspaceContains:claimlens.codebook.yaml'));
    assert.match(pkg.engines.vscode, /^\^1\.(1[0-2]\d|13[0-8]|[89]\d)\.\d+$/);
  });

  it('the type check proves the engine: @types/vscode is pinned to the oldest VS Code it declares', () => {
    const engine = /^\^(\d+\.\d+)\.\d+$/.exec(pkg.engines.vscode)?.[1];
    assert.strictEqual(pkg.devDependencies['@types/vscode'], `${engine}.0`);
  });

  it('the Node bundle runs on the Node of the oldest VS Code it declares (1.85: Electron 25, Node 18)', () => {
    const build = fs.readFileSync(path.join(root, 'scripts/build.mjs'), 'utf8');
    assert.match(build, /outfile: `\$\{dist\}\/extension\.js`, platform: 'node', target: 'node18'/);
  });

  it('points yamlValidation at schemas that exist', () => {
    for (const v of c.yamlValidation) assert.ok(fs.existsSync(path.join(root, v.url)), v.url);
  });

  it('hover cards may only run tree commands that exist', () => {
    for (const id of HOVER_COMMANDS) assert.ok(Object.values(CommandId).includes(id));
  });

  it('menus refer only to declared commands', () => {
    const ids = new Set(Object.values(CommandId) as string[]);
    for (const [menu, items] of Object.entries<{ command: string }[]>(c.menus)) for (const m of items) assert.ok(ids.has(m.command), `${menu}: ${m.command}`);
    for (const k of c.keybindings) assert.ok(ids.has(k.command), k.command);
  });
});

describe('README', () => {
  it('tables match package.json (node scripts/readme-tables.mjs regenerates them)', async () => {
    const { updateReadme, READMES } = await import('../../scripts/readme-tables.mjs' as string);
    for (const name of READMES as string[]) {
      const readme = fs.readFileSync(path.join(root, name), 'utf8');
      assert.strictEqual(updateReadme(readme, pkg, { required: name === 'README.md' ? undefined : [] }), readme, `${name}: run node scripts/readme-tables.mjs`);
    }
  });

  it('the extension page has a README of its own whose pictures are in the VSIX', () => {
    const page = fs.readFileSync(path.join(root, 'docs/extension/README.md'), 'utf8');
    assert.match(pkg.scripts.package, /--readme-path docs\/extension\/README\.md/);
    assert.doesNotMatch(page, /npm (install|start|test)/, 'no developer commands on the extension page');
    const images = [...page.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map(m => m[1]);
    assert.ok(images.length >= 1, 'it shows the extension');
    const ignore = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8');
    for (const image of images) {
      assert.ok(fs.existsSync(path.join(root, image)), `${image} exists`);
      assert.ok(image.startsWith('media/') && /^!media\/\*\*$/m.test(ignore), `${image} is packaged (under media/)`);
    }
  });

  it('starts with the install-and-run command and the test command', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const firstBlock = /```(?:sh|bash)?\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    assert.deepStrictEqual(firstBlock.trim().split('\n').filter(l => !l.startsWith('#')), ['npm install && npm start', 'npm test']);
  });
});

describe('layering', () => {
  it('src/core and src/store never import vscode or Node modules', () => {
    for (const file of [...sourceFiles(path.join(root, 'src/core')), ...sourceFiles(path.join(root, 'src/store'))]) {
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(!/from ['"](vscode|fs|path|os|crypto|child_process|node:[a-z_]+)['"]/.test(text), `${path.relative(root, file)} imports an editor or Node module`);
      assert.ok(!/from ['"]\.\.\/(vscode|cli)\//.test(text) && !/from ['"]\.\.\/extension['"]/.test(text), `${path.relative(root, file)} imports upward`);
    }
  });

  it('src/node (Node file access) never imports vscode, and only the composition root imports it', () => {
    for (const file of sourceFiles(path.join(root, 'src/node'))) {
      assert.ok(!/from ['"]vscode['"]/.test(fs.readFileSync(file, 'utf8')), `${path.relative(root, file)} imports vscode`);
    }
    for (const file of [...sourceFiles(path.join(root, 'src/core')), ...sourceFiles(path.join(root, 'src/store')), ...sourceFiles(path.join(root, 'src/vscode'))]) {
      assert.ok(!/from ['"][./]*node\//.test(fs.readFileSync(file, 'utf8')), `${path.relative(root, file)} imports src/node`);
    }
    // The web build swaps src/node/local.ts for its .web.ts sibling (scripts/build.mjs).
    assert.ok(fs.existsSync(path.join(root, 'src/node/local.web.ts')));
  });

  it('the extension loads the YAML library only through core/yamlLib, on first use (type imports aside)', () => {
    for (const file of sourceFiles(path.join(root, 'src'))) {
      if (file.endsWith(path.join('core', 'yamlLib.ts'))) continue;
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(!/^import (?!type )[^;]*from ['"]yaml['"]/m.test(text) && !/require\(['"]yaml['"]\)/.test(text), `${path.relative(root, file)} loads yaml with the bundle`);
    }
  });

  it('the editor layer never imports the command line and never touches Node file APIs', () => {
    for (const file of [...sourceFiles(path.join(root, 'src/vscode')), path.join(root, 'src/extension.ts')]) {
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(!/from ['"](fs|path|node:fs|node:path)['"]/.test(text), `${path.relative(root, file)} uses Node file APIs`);
      assert.ok(!/from ['"][./]*cli\//.test(text), `${path.relative(root, file)} imports the CLI`);
    }
  });
});

describe('fixtures', () => {
  it('the integration workspace holds the samples exactly as they are', () => {
    const fixtures = path.join(root, 'test/fixtures/workspace');
    // Files only: samples/.vscode holds the editor settings of the sample folder, not fixtures.
    for (const name of fs.readdirSync(path.join(root, 'samples')).filter(n => fs.statSync(path.join(root, 'samples', n)).isFile())) {
      assert.ok(fs.existsSync(path.join(fixtures, name)), `${name} is in test/fixtures/workspace`);
      assert.ok(fs.readFileSync(path.join(fixtures, name)).equals(fs.readFileSync(path.join(root, 'samples', name))), `${name} differs from samples/ (copy it again)`);
    }
  });
});

describe('walkthrough', () => {
  const w = pkg.contributes.walkthroughs?.[0];
  it('each step has a text, an image that exists, and a completion event of a ClaimLens command or view', () => {
    assert.ok(w && w.steps.length >= 5, 'a Getting Started walkthrough with its steps');
    const commands = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
    for (const step of w.steps) {
      assert.ok(step.description.length > 40, `${step.id}: a short text`);
      assert.ok(fs.existsSync(path.join(root, step.media.image)), `${step.id}: ${step.media.image} exists`);
      assert.ok(step.media.image.startsWith('media/'), `${step.id}: its image is packaged`);
      for (const event of step.completionEvents) {
        const [kind, id] = event.split(':');
        if (kind === 'onCommand') assert.ok(commands.has(id), `${step.id}: ${id} is a contributed command`);
        else assert.strictEqual(kind, 'onView', `${step.id}: ${event}`);
      }
      for (const link of step.description.matchAll(/\(command:([^)?]+)/g)) assert.ok(commands.has(link[1]), `${step.id}: ${link[1]}`);
    }
  });

  it('the sample it opens is the sample of the repository', () => {
    const shipped = path.join(root, 'media/walkthrough/sample');
    for (const name of fs.readdirSync(shipped))
      assert.ok(fs.readFileSync(path.join(shipped, name)).equals(fs.readFileSync(path.join(root, 'samples', name))), `${name} differs from samples/`);
  });
});
