// The test host starts VS Code without the developer's CodeThreat credentials: its list of the
// variables to drop (an ES module of its own) must name every variable the extension reads.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI_VARIABLE_SETS } from '../../src/core/api/cliVariables';

suite('Test host environment', () => {
  test("drops every variable CodeThreat's tools read, and only those", async () => {
    // Bundled to out/test/unit/: the repository root is three levels up.
    const hostModule = pathToFileURL(path.resolve(__dirname, '..', '..', '..', 'test', 'vscode-host', 'host.mjs')).href;
    const host = (await import(hostModule)) as { CODETHREAT_TOOL_VARIABLES: Set<string> };
    const read = CLI_VARIABLE_SETS.flatMap((set) => [set.token, set.serverUrl, set.organization, ...(set.organizationId ? [set.organizationId] : [])]);
    assert.deepEqual([...host.CODETHREAT_TOOL_VARIABLES].sort(), [...read].sort());
  });
});
