/**
 * A workflow that runs CodeThreat's action, from the action's documented example, reading the
 * secret and the variables this extension sets; and whether a repository has one already.
 */
import * as vscode from 'vscode';
import type { ApiGeneration } from '../../core/api/tokenApi';
import { dialectOf, unreachable } from '../../core/dialects';
import type { CiNames } from '../../core/dialects/dialect';
import { listFolder, readText } from '../../platform/githubAccess';

export const WORKFLOW_FILE = 'codethreat.yml';

/** Whether a workflow in `root/.github/workflows` uses one of CodeThreat's actions. */
export async function hasCodeThreatWorkflow(root: vscode.Uri): Promise<boolean> {
  const folder = vscode.Uri.joinPath(root, '.github', 'workflows');
  for (const name of (await listFolder(folder)).filter((file) => /\.ya?ml$/i.test(file))) {
    const text = await readText(vscode.Uri.joinPath(folder, name));
    if (text && /CodeThreat\/codethreat-(appsec-github-action|github-action|scan-action)/i.test(text)) return true;
  }
  return false;
}

/** The workflow of the connection's dialect: each action reads its own inputs. */
export function workflowText(generation: ApiGeneration | undefined, secretName: string, environment: string | undefined): string {
  const { generation: known, ci } = dialectOf(generation);
  const env = environment ? `    environment: ${JSON.stringify(environment)}\n` : '';
  switch (known) {
    case 'appsec':
      return appsecWorkflow(ci, secretName, env);
    case 'classic':
      return classicWorkflow(ci, secretName, env);
    default:
      return unreachable(known);
  }
}

function appsecWorkflow(names: CiNames, secretName: string, env: string): string {
  return `name: CodeThreat Security Scan
on:
  push:
    branches: [main]
  pull_request:
    branches: [main]

jobs:
  security:
    name: CodeThreat Security Scan
    runs-on: ubuntu-latest
${env}    permissions:
      security-events: write # SARIF upload
      contents: read
      actions: read
    steps:
      - uses: actions/checkout@v4
      - name: CodeThreat Security Scan
        uses: ${names.action}@v1
        with:
          api-key: \${{ secrets.${secretName} }}
          server-url: \${{ vars.${names.serverVariable} }}
          organization-slug: \${{ vars.${names.organizationVariable} }}
          github-token: \${{ secrets.GITHUB_TOKEN }}
          upload-sarif: true
          output-format: 'sarif'
`;
}

function classicWorkflow(names: CiNames, secretName: string, env: string): string {
  return `name: CodeThreat Scan
on:
  push:
    branches: [main]
  pull_request:
    branches: [main]

jobs:
  codethreat_scanner:
    name: CodeThreat Scan
    runs-on: ubuntu-latest
${env}    steps:
      - uses: actions/checkout@v4
      - name: CodeThreat Scan
        uses: ${names.action}@master
        env:
          ACCESS_TOKEN: \${{ secrets.${secretName} }}
          GITHUB_TOKEN: \${{ secrets.GITHUB_TOKEN }}
          CT_SERVER: \${{ vars.${names.serverVariable} }}
          ORGNAME: \${{ vars.${names.organizationVariable} }}
      - name: Upload SARIF file
        uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: codethreat.sarif.json
`;
}

/** An untitled `codethreat.yml` (in the clone's workflows folder when known): nothing is written until the user saves. */
export async function openWorkflow(root: vscode.Uri | undefined, text: string): Promise<void> {
  const target = root ? vscode.Uri.joinPath(root, '.github', 'workflows', WORKFLOW_FILE) : vscode.Uri.file(`/${WORKFLOW_FILE}`);
  const document = await vscode.workspace.openTextDocument(target.with({ scheme: 'untitled' }));
  const editor = await vscode.window.showTextDocument(document);
  await editor.edit((edit) => edit.replace(new vscode.Range(0, 0, document.lineCount, 0), text));
}
