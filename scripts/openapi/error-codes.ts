/**
 * The catalogue codes a piece of code may refuse with, read with the type checker: every code
 * written where an error code is expected (an argument, property or variable typed with
 * catalogue codes: `new ProblemException('CASE_NOT_FOUND', …)`, `refuse(code, …)`,
 * `{ code: 'INPUT_TOO_DEEP' }`), in the code itself and in every function of the project it
 * calls, directly or further down. Comparisons (`error.code === 'X'`) are not refusals.
 */
import ts from 'typescript';

export class ErrorCodeScan {
  /** Per function (or other scanned node): its own codes and the project functions it calls. */
  private readonly direct = new Map<ts.Node, { codes: Set<string>; callees: Set<ts.Node> }>();

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly catalogue: ReadonlySet<string>,
    private readonly inProject: (file: ts.SourceFile) => boolean,
  ) {}

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
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        const callee = this.bodyOf(this.checker.getResolvedSignature(node)?.declaration);
        if (callee) result.callees.add(callee);
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

  /** The codes a literal (or `ErrorCodes.X`) stands for where an error code is expected. */
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
    let symbol = this.checker.getSymbolAtLocation(expression);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias)
      symbol = this.checker.getAliasedSymbol(symbol);
    const declaration = symbol?.valueDeclaration;
    if (!declaration) return null;
    if (ts.isVariableDeclaration(declaration) && declaration.initializer)
      return this.bodyOf(declaration.initializer);
    return this.bodyOf(declaration);
  }

  private bodyOf(declaration: ts.Node | undefined): ts.Node | null {
    if (!declaration || !this.inProject(declaration.getSourceFile())) return null;
    if (ts.isFunctionLike(declaration) && 'body' in declaration && declaration.body)
      return declaration;
    if (ts.isArrowFunction(declaration) || ts.isFunctionExpression(declaration)) return declaration;
    return null;
  }
}
