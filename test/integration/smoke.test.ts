// Proves the test host itself works: a real VS Code API, a Node extension host, and this
// extension known to VS Code.
import * as assert from 'node:assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'codethreat.codethreat-access-tokens';

suite('Smoke: extension host', () => {
  test('runs in a Node extension host of a real VS Code, with the extension present', () => {
    assert.strictEqual(typeof vscode.version, 'string');
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
    assert.ok(process.versions.node, 'process.versions.node is set');
    console.log(`VS Code ${vscode.version}, Node ${process.versions.node}, ui kind ${vscode.env.uiKind}`);
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is present`);
    assert.strictEqual(extension.id.toLowerCase(), EXTENSION_ID);
  });
});
