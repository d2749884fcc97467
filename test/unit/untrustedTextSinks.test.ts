// Every place that shows text goes through core/util/untrustedText.ts. This test reads the
// sources with TypeScript's type checker and finds each sink — an argument of `vscode.l10n.t`, a
// tree item's label, a `label`/`description`/`detail`/`tooltip`/`text`/`message`/`title`/
// `placeholder`/`prompt` written anywhere, Markdown appended to a tooltip — whose text could come
// from a server, a command's arguments or a workspace, unrendered.
//
// Text counts as rendered when it is: a literal; a number, boolean or string-literal type; a call
// of `plainText`/`markdownText`/`partialValueText`, of `vscode.l10n.t` (its own arguments are sinks
// too), of a date formatter, of `byNoun` with rendered wordings, or of a function of ours whose
// every return is rendered (a `never` return, an exhaustive switch's end, shows nothing); a sink
// property read back (every write to one is checked here); or built from such parts (template,
// `+`, `?:`, `??`, arrays joined). Markdown sinks accept only `markdownText` (and
// `partialValueText`, whose characters hold no Markdown link, image, HTML or icon).
//
// When this test fails: wrap the named expression in `plainText(…)` (or `markdownText(…)` in a
// tooltip) from src/core/util/untrustedText.ts.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const ts = createRequire(__filename)('typescript') as typeof import('typescript');
type Node = import('typescript').Node;
type Expression = import('typescript').Expression;
type TypeChecker = import('typescript').TypeChecker;

const root = path.resolve(__dirname, '../../..');

/** Properties whose value is shown: pick items, tree items, status bar, view messages, inputs. */
const SINK_PROPERTIES = new Set(['label', 'description', 'detail', 'tooltip', 'text', 'message', 'title', 'placeholder', 'prompt', 'group']);
/**
 * Parameters that carry shown text (a title, "what" failed): every argument passed to one is
 * checked. Not `message` or `detail`: a prompter's go through PlainTextPrompter, a logger's are
 * not shown in a dialog.
 */
const SINK_PARAMETERS = new Set(['label', 'description', 'tooltip', 'title', 'placeholder', 'prompt', 'what']);
/** Properties that hold Markdown (a note's `markdown`): every write is checked as Markdown. */
const MARKDOWN_PROPERTIES = new Set(['markdown']);
/** Parameters that take Markdown say so in their name (`valueMarkdown`); what is passed to them is checked as Markdown. */
const MARKDOWN_PARAMETER = /^markdown$|Markdown$/;
/** VS Code's own dialogs: features ask through the prompter (PlainTextPrompter), never directly. */
const DIRECT_DIALOGS = new Set(['showInformationMessage', 'showWarningMessage', 'showErrorMessage', 'showQuickPick', 'showInputBox']);
/** The prompters themselves: PlainTextPrompter renders, VSCodePrompter shows what it was given. */
const PROMPTERS = ['plainTextPrompter.ts', 'vscodePrompter.ts'];
/** Intl-formatted dates and numbers, and a URL's host (punycode: letters, digits, `-`, `.`, `:`). */
const FORMATTERS = new Set(['formatAbsoluteDate', 'formatRelativeTime', 'formatRelativeDays', 'describeServer', 'toLocaleDateString', 'toLocaleString', 'toISOString']);

type Mode = 'plain' | 'markdown';

class SinkChecker {
  readonly problems: string[] = [];
  readonly #functions = new Map<Node, boolean>();

  constructor(private readonly checker: TypeChecker) {}

  check(expression: Expression, mode: Mode, what: string): void {
    if (!this.rendered(expression, mode)) {
      const file = expression.getSourceFile();
      const { line } = file.getLineAndCharacterOfPosition(expression.getStart());
      this.problems.push(`${path.relative(root, file.fileName)}:${line + 1} ${what}: ${expression.getText().slice(0, 120)}`);
    }
  }

  /** The arguments a call of ours passes to parameters that carry shown text. */
  checkSinkParameters(call: import('typescript').CallExpression): void {
    const declaration = this.checker.getResolvedSignature(call)?.getDeclaration();
    if (!declaration || !ts.isFunctionLike(declaration) || !isOurs(declaration) || declaration.getSourceFile().fileName.endsWith('untrustedText.ts')) return;
    declaration.parameters.forEach((parameter, index) => {
      const argument = call.arguments[index];
      const name = parameter.name.getText();
      if (argument && MARKDOWN_PARAMETER.test(name)) this.check(argument, 'markdown', `${name} argument`);
      else if (argument && SINK_PARAMETERS.has(name)) this.check(argument, 'plain', `${name} argument`);
    });
  }

  rendered(e: Expression, mode: Mode): boolean {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e)) return this.rendered(e.expression, mode);
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ts.isNumericLiteral(e)) return true;
    if (e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword || e.kind === ts.SyntaxKind.NullKeyword) return true;
    if (ts.isTemplateExpression(e)) return e.templateSpans.every((span) => this.rendered(span.expression, mode));
    if (ts.isConditionalExpression(e)) return this.rendered(e.whenTrue, mode) && this.rendered(e.whenFalse, mode);
    // `a && b` shows b, or a when a is empty.
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) return this.rendered(e.right, mode);
    if (ts.isBinaryExpression(e)) return this.rendered(e.left, mode) && this.rendered(e.right, mode);
    if (ts.isArrayLiteralExpression(e)) return e.elements.every((el) => (ts.isSpreadElement(el) ? this.rendered(el.expression, mode) : this.rendered(el, mode)));
    if (this.#harmlessType(e)) return true;
    // A tooltip's Markdown is checked where it is appended (appendMarkdown, new MarkdownString).
    if (mode === 'plain' && this.checker.getTypeAtLocation(e).getSymbol()?.getName() === 'MarkdownString') return true;
    if (ts.isCallExpression(e)) return this.#renderedCall(e, mode);
    if (ts.isPropertyAccessExpression(e)) return this.#renderedProperty(e, mode);
    if (ts.isIdentifier(e)) return this.#renderedVariable(e, mode);
    return false;
  }

  /** Numbers, booleans, undefined and our own string constants (a union of literals) show no data. */
  #harmlessType(e: Expression): boolean {
    let type = this.checker.getTypeAtLocation(e);
    // A list of such values (our scope names, say) joins into text that shows no data either.
    if (this.checker.isArrayType(type)) type = this.checker.getTypeArguments(type as import('typescript').TypeReference)[0];
    const parts = type.isUnion() ? type.types : [type];
    const harmless = ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.StringLiteral | ts.TypeFlags.EnumLike | ts.TypeFlags.Never;
    return parts.every((part) => (part.flags & harmless) !== 0);
  }

  #isNoteRenderer(callee: import('typescript').Identifier): boolean {
    const declaration = this.checker.getSymbolAtLocation(callee)?.valueDeclaration;
    if (!declaration || !ts.isParameter(declaration) || !ts.isArrowFunction(declaration.parent)) return false;
    const call = declaration.parent.parent;
    return ts.isCallExpression(call) && ts.isIdentifier(call.expression) && call.expression.text === 'noteWithData';
  }

  /** `say(…)` inside noteWithData: every wording handed to it is checked where it is written (checkFile). */
  #isNoteWording(callee: import('typescript').Identifier): boolean {
    const declaration = this.checker.getSymbolAtLocation(callee)?.valueDeclaration;
    return !!declaration && ts.isParameter(declaration) && ts.isFunctionDeclaration(declaration.parent) && declaration.parent.name?.text === 'noteWithData';
  }

  #renderedCall(call: import('typescript').CallExpression, mode: Mode): boolean {
    const callee = call.expression;
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
    if (name === undefined) return false;
    if (name === 'markdownText') return true;
    if (name === 'partialValueText') return true;
    if (name === 'plainText') return mode === 'plain';
    if (isL10nCall(call)) return call.arguments.slice(1).every((arg) => this.rendered(arg, mode));
    if (FORMATTERS.has(name)) return true;
    // One wording per credential noun (core/dialects): each of them is shown.
    if (name === 'byNoun') {
      const wordings = call.arguments[1];
      return !!wordings && ts.isObjectLiteralExpression(wordings) && wordings.properties.every((p) => ts.isPropertyAssignment(p) && this.rendered(p.initializer, mode));
    }
    // A function handed in as a sink parameter (`label(delivery)`): what is passed to it is checked.
    if (ts.isIdentifier(callee) && this.#isSinkParameter(callee)) return true;
    // The renderer a note's wording is given (`noteWithData(icon, (data) => …)`): plainText or markdownText, nothing else.
    if (ts.isIdentifier(callee) && (this.#isNoteRenderer(callee) || this.#isNoteWording(callee))) return true;
    if (ts.isPropertyAccessExpression(callee) && (name === 'join' || name === 'filter' || name === 'slice' || name === 'trim')) return this.rendered(callee.expression, mode);
    if (ts.isPropertyAccessExpression(callee) && name === 'map') {
      const mapper = call.arguments[0];
      return this.rendered(callee.expression, mode) || (!!mapper && ts.isArrowFunction(mapper) && this.#returnsRendered(mapper, mode));
    }
    const declaration = this.checker.getResolvedSignature(call)?.getDeclaration();
    return !!declaration && isOurs(declaration) && this.#returnsRendered(declaration, mode);
  }

  /** A function of ours renders when every value it returns does (decided once per function and mode). */
  #returnsRendered(declaration: Node, mode: Mode): boolean {
    const key = declaration;
    const known = this.#functions.get(key);
    if (known !== undefined && mode === 'plain') return known;
    this.#functions.set(key, true); // a recursive call is judged by the other returns
    const returns: Expression[] = [];
    if (ts.isArrowFunction(declaration) && !ts.isBlock(declaration.body)) returns.push(declaration.body);
    const visit = (node: Node): void => {
      if (ts.isReturnStatement(node) && node.expression) returns.push(node.expression);
      if (!ts.isFunctionLike(node) || node === declaration) ts.forEachChild(node, visit);
    };
    visit(declaration);
    const result = returns.length > 0 && returns.every((r) => this.rendered(r, mode));
    if (mode === 'plain') this.#functions.set(key, result);
    else this.#functions.delete(key);
    return result;
  }

  /** A sink property read back is rendered (every write to one is checked), a getter when it returns rendered text. */
  #renderedProperty(access: import('typescript').PropertyAccessExpression, mode: Mode): boolean {
    const declaration = this.checker.getSymbolAtLocation(access.name)?.declarations?.[0];
    if (declaration && ts.isGetAccessorDeclaration(declaration)) return this.#returnsRendered(declaration, mode);
    return SINK_PROPERTIES.has(access.name.text) || MARKDOWN_PROPERTIES.has(access.name.text);
  }

  #isSinkParameter(identifier: import('typescript').Identifier): boolean {
    const declaration = this.checker.getSymbolAtLocation(identifier)?.valueDeclaration;
    return !!declaration && ts.isParameter(declaration) && SINK_PARAMETERS.has(declaration.name.getText());
  }

  /** A `const` holds what it was initialised with; anything else (a parameter) is data. */
  #renderedVariable(identifier: import('typescript').Identifier, mode: Mode): boolean {
    if (identifier.text === 'undefined') return true;
    const symbol = this.checker.getSymbolAtLocation(identifier);
    let declaration = symbol?.valueDeclaration;
    // `{ title }`: the variable `title`, not the property.
    if (declaration && ts.isShorthandPropertyAssignment(declaration)) declaration = this.checker.getShorthandAssignmentValueSymbol(declaration)?.valueDeclaration;
    if (!declaration) return false;
    if (ts.isVariableDeclaration(declaration)) return this.#renderedInitializer(declaration, mode);
    if (ts.isBindingElement(declaration)) return SINK_PROPERTIES.has(declaration.propertyName?.getText() ?? declaration.name.getText());
    if (ts.isParameter(declaration)) return MARKDOWN_PARAMETER.test(declaration.name.getText()) || (mode === 'plain' && SINK_PARAMETERS.has(declaration.name.getText()));
    if (ts.isFunctionDeclaration(declaration)) return this.#returnsRendered(declaration, mode);
    return false;
  }

  #renderedInitializer(declaration: import('typescript').VariableDeclaration, mode: Mode): boolean {
    const isConst = (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) !== 0;
    return isConst && !!declaration.initializer && this.rendered(declaration.initializer, mode);
  }
}

/** Declared in src/ (not in VS Code's or Node's types). */
function isOurs(declaration: Node): boolean {
  return path.normalize(declaration.getSourceFile().fileName).startsWith(path.join(root, 'src') + path.sep);
}

function isL10nCall(call: import('typescript').CallExpression): boolean {
  return call.expression.getText() === 'vscode.l10n.t';
}

function isMarkdownSink(node: Node): node is import('typescript').CallExpression | import('typescript').NewExpression {
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) return node.expression.name.text === 'appendMarkdown';
  return ts.isNewExpression(node) && node.expression.getText().endsWith('MarkdownString');
}

/** Finds the sinks in one file and checks each. */
function checkFile(file: import('typescript').SourceFile, sinks: SinkChecker): void {
  const visit = (node: Node): void => {
    if (ts.isCallExpression(node) && isL10nCall(node)) {
      for (const arg of node.arguments.slice(1)) sinks.check(arg, 'plain', 'vscode.l10n.t argument');
    } else if (isMarkdownSink(node)) {
      const markdown = node.arguments?.[0];
      if (markdown) sinks.check(markdown, 'markdown', 'Markdown');
    } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && DIRECT_DIALOGS.has(node.expression.name.text)) {
      sinks.problems.push(`${path.relative(root, file.fileName)}: calls ${node.expression.name.text}; ask through the prompter, which shows plain text`);
    } else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'noteWithData') {
      // The wording of a note with data, checked where it is written (its `say(…)` calls are then trusted).
      const wording = node.arguments[1];
      if (!wording || !ts.isArrowFunction(wording) || ts.isBlock(wording.body)) sinks.problems.push(`${path.relative(root, file.fileName)}: noteWithData takes an arrow function returning its wording`);
      else for (const mode of ['plain', 'markdown'] as const) sinks.check(wording.body, mode, 'note wording');
    } else if (ts.isCallExpression(node)) {
      sinks.checkSinkParameters(node);
    } else if (ts.isNewExpression(node) && node.expression.getText().endsWith('TreeItem') && node.arguments?.[0]) {
      sinks.check(node.arguments[0], 'plain', 'tree item label');
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left)) {
      const property = node.left.name.text;
      if (SINK_PROPERTIES.has(property)) sinks.check(node.right, 'plain', `${property} =`);
      if ((property === 'isTrusted' || property === 'supportHtml') && node.right.kind !== ts.SyntaxKind.FalseKeyword) {
        sinks.problems.push(`${path.relative(root, file.fileName)}: sets ${property}; tooltips never trust their text`);
      }
    } else if (ts.isPropertyAssignment(node) && MARKDOWN_PROPERTIES.has(node.name.getText())) {
      sinks.check(node.initializer, 'markdown', `${node.name.getText()}:`);
    } else if (ts.isPropertyAssignment(node) && SINK_PROPERTIES.has(node.name.getText())) {
      sinks.check(node.initializer, 'plain', `${node.name.getText()}:`);
    } else if (ts.isShorthandPropertyAssignment(node) && SINK_PROPERTIES.has(node.name.text)) {
      sinks.check(node.name, 'plain', `${node.name.text}:`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
}

function programOf(): import('typescript').Program {
  const configFile = path.join(root, 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  assert.ok(config, 'tsconfig.json is readable');
  return ts.createProgram(config.fileNames, config.options);
}

suite('untrusted text reaches no sink unrendered', function () {
  this.timeout(120_000);

  test('every shown text in src/features and src/platform goes through core/util/untrustedText', () => {
    const program = programOf();
    const sinks = new SinkChecker(program.getTypeChecker());
    const shown = ['features', 'platform'].map((dir) => path.join(root, 'src', dir) + path.sep);
    const files = program
      .getSourceFiles()
      .filter((file) => shown.some((dir) => path.normalize(file.fileName).startsWith(dir)) && !PROMPTERS.includes(path.basename(file.fileName)));
    assert.ok(files.length > 30, `found the feature sources (${files.length})`);
    for (const file of files) checkFile(file, sinks);
    assert.deepEqual(sinks.problems, [], `Text shown without core/util/untrustedText:\n${sinks.problems.join('\n')}`);
  });
});
