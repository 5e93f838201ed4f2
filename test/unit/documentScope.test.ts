import { strict as assert } from 'assert';
import { isWorkspaceScheme } from '../../src/core/documentScope';

describe('documentScope: which documents can be articles', () => {
  it('takes files on disk and the schemes of the open workspace folders', () => {
    assert.equal(isWorkspaceScheme('file', []), true);
    assert.equal(isWorkspaceScheme('vscode-vfs', ['vscode-vfs']), true);
    assert.equal(isWorkspaceScheme('vscode-remote', ['file', 'vscode-remote']), true);
    assert.equal(isWorkspaceScheme('vscode-test-web', ['vscode-test-web']), true);
  });

  it('ignores every other scheme, including ones no editor had when this was written', () => {
    const folders = ['file'];
    for (const scheme of ['chatSessionInput', 'untitled', 'output', 'git', 'vscode-scm', 'vscode-notebook-cell',
      'comment', 'vscode-settings', 'vscode-userdata', 'walkThroughSnippet', 'vscode-chat-code-block', 'debug',
      'vscode-interactive-input', 'some-scheme-of-2030', 'File', ''])
      assert.equal(isWorkspaceScheme(scheme, folders), false, scheme);
  });
});
