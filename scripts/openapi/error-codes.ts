/**
 * The catalogue codes a piece of code may refuse with, read with the type checker: every code
 * written where an error code is expected (an argument, property or variable typed with
 * catalogue codes: `new ProblemException('CASE_NOT_FOUND', …)`, `refuse(code, …)`,
 * `{ code: 'INPUT_TOO_DEEP' }`), in the code itself and in every function of the project it
 * calls, directly or further down. A call through an interface (`ctx.caseStep(…)`) follows the
 * object literals of the project that implement that member; a reference to a symbol with
 * registered handlers (an Update definition sent to a workflow) follows those handlers.
 * Comparisons are not refusals.
 */
import ts from 'typescript';

export class ErrorCodeScan {
  /** Per function (or other scanned node): its own codes and the project functions it calls. */
  private readonly direct = new Map<ts.Node, { codes: Set<string>; callees: Set<ts.Node> }>();
  /** Symbols whose use runs code elsewhere: an Update definition and the workflow's handlers. */
  private readonly handlers = new Map<ts.Symbol, ts.Node[]>();
  /** Interface members (`CaseContext.caseStep`) and the functions object literals give them. */
  private implementations: Map<ts.Symbol, ts.Node[]> | null = null;

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly catalogue: ReadonlySet<string>,
    private readonly inProject: (file: ts.SourceFile) => boolean,
    private readonly sources: readonly ts.SourceFile[],
  ) {}

  /** Code that runs where `symbol` is used (sent): a workflow's handler of an Update. */
  addHandler(symbol: ts.Symbol, handler: ts.Node): void {
    this.handlers.set(symbol, [...(this.handlers.get(symbol) ?? []), handler]);
  }

  /** The codes of `node` and of everything it calls in the project. */
  codesOf(node: ts.Node): Set<string> {
    const codes = new Set<string>();
    const seen = new Set<ts.Node>([node]);
    const queue = [node];
    while (queue.length > 0) {
      const { codes: own, callees } = this.scan(queue.pop()!);
      for (const code of own) codes.add(code);
      for (const callee of callees)
        if (!seen.has(callee)) {
          seen.add(callee);
          queue.push(callee);
        }
    }
    return codes;
  }

  private scan(root: ts.Node): { codes: Set<string>; callees: Set<ts.Node> } {
    const cached = this.direct.get(root);
    if (cached) return cached;
    const result = { codes: new Set<string>(), callees: new Set<ts.Node>() };
    this.direct.set(root, result);
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteralLike(node) || ts.isPropertyAccessExpression(node))
        for (const code of this.codesWritten(node)) result.codes.add(code);
      if (ts.isIdentifier(node) && this.handlers.size > 0) {
        const symbol = this.resolved(this.checker.getSymbolAtLocation(node));
        for (const handler of (symbol && this.handlers.get(symbol)) ?? [])
          if (handler !== root) result.callees.add(handler);
      }
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        const declaration = this.checker.getResolvedSignature(node)?.declaration;
        const callee = this.bodyOf(declaration);
        if (callee) result.callees.add(callee);
        else if (declaration) for (const f of this.implementing(declaration)) result.callees.add(f);
        // A function handed over as a callback runs too (a validator given to a step, say).
        for (const argument of node.arguments ?? []) {
          if (!ts.isIdentifier(argument) && !ts.isPropertyAccessExpression(argument)) continue;
          const passed = this.functionNamed(argument);
          if (passed) result.callees.add(passed);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(root);
    return result;
  }

  /** The code a literal (or an `ErrorCodes` member) stands for where an error code is expected. */
  private codesWritten(node: ts.StringLiteralLike | ts.PropertyAccessExpression): string[] {
    const type = this.checker.getTypeAtLocation(node);
    if (!type.isStringLiteral() || !this.catalogue.has(type.value)) return [];
    const parent = node.parent;
    if (
      (ts.isBinaryExpression(parent) &&
        [
          ts.SyntaxKind.EqualsEqualsEqualsToken,
          ts.SyntaxKind.ExclamationEqualsEqualsToken,
          ts.SyntaxKind.EqualsEqualsToken,
          ts.SyntaxKind.ExclamationEqualsToken,
        ].includes(parent.operatorToken.kind)) ||
      ts.isCaseClause(parent)
    )
      return [];
    const expected = this.checker.getContextualType(node as ts.Expression);
    return expected && this.isCodeType(expected) ? [type.value] : [];
  }

  /** A type made of catalogue codes only (`ErrorCode`, or some of its codes). */
  private isCodeType(type: ts.Type): boolean {
    const members = type.isUnion() ? type.types : [type];
    const literals = members.filter((m) => m.isStringLiteral());
    return (
      literals.length > 0 &&
      literals.length === members.length &&
      literals.every((m) => this.catalogue.has(m.value))
    );
  }

  /** The declaration with a body a reference names, when it is a function of the project. */
  private functionNamed(expression: ts.Expression): ts.Node | null {
    return this.functionOf(this.checker.getSymbolAtLocation(expression));
  }

  /** The symbol itself, or what an import alias stands for. */
  resolved(found: ts.Symbol | undefined): ts.Symbol | undefined {
    return found && found.flags & ts.SymbolFlags.Alias
      ? this.checker.getAliasedSymbol(found)
      : found;
  }

  private functionOf(found: ts.Symbol | undefined): ts.Node | null {
    const symbol = this.resolved(found);
    const declaration = symbol?.valueDeclaration;
    if (!declaration) return null;
    if (ts.isVariableDeclaration(declaration) && declaration.initializer)
      return this.bodyOf(declaration.initializer);
    return this.bodyOf(declaration);
  }

  /** The functions object literals of the project give an interface member, if it is one. */
  private implementing(declaration: ts.Node): ts.Node[] {
    if (!ts.isMethodSignature(declaration) && !ts.isPropertySignature(declaration)) return [];
    if (!this.inProject(declaration.getSourceFile())) return [];
    const member = this.checker.getSymbolAtLocation(declaration.name);
    if (!member) return [];
    this.implementations ??= this.implementationIndex();
    return this.implementations.get(member) ?? [];
  }

  private implementationIndex(): Map<ts.Symbol, ts.Node[]> {
    const index = new Map<ts.Symbol, ts.Node[]>();
    const visit = (node: ts.Node): void => {
      if (ts.isObjectLiteralExpression(node)) {
        const expected = this.checker.getContextualType(node);
        for (const property of node.properties) {
          const name = property.name && ts.isIdentifier(property.name) ? property.name.text : null;
          const target = name ? expected?.getProperty(name) : undefined;
          if (!target || !target.declarations?.some((d) => this.inProject(d.getSourceFile())))
            continue;
          const fn = ts.isShorthandPropertyAssignment(property)
            ? this.functionOf(this.checker.getShorthandAssignmentValueSymbol(property))
            : ts.isPropertyAssignment(property)
              ? (this.functionNamed(property.initializer) ?? this.bodyOf(property.initializer))
              : ts.isMethodDeclaration(property)
                ? this.bodyOf(property)
                : null;
          if (fn) index.set(target, [...(index.get(target) ?? []), fn]);
        }
      }
      ts.forEachChild(node, visit);
    };
    for (const source of this.sources) visit(source);
    return index;
  }

  private bodyOf(declaration: ts.Node | undefined): ts.Node | null {
    if (!declaration || !this.inProject(declaration.getSourceFile())) return null;
    if (ts.isFunctionLike(declaration) && 'body' in declaration && declaration.body)
      return declaration;
    if (ts.isArrowFunction(declaration) || ts.isFunctionExpression(declaration)) return declaration;
    return null;
  }
}
