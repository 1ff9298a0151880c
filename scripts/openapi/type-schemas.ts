/**
 * JSON schemas (OpenAPI 3.0) of TypeScript types, read with the type checker: the response of a
 * route is what its handler returns, so its documented shape cannot drift from the code.
 * Interfaces, classes and type aliases become named components; anonymous object types are
 * inlined; `undefined` makes a property optional and `null` makes it nullable.
 */
import ts from 'typescript';

export type Schema = Record<string, unknown>;

/** What a handler answers: JSON of a schema, a file, or nothing. */
export type Answer =
  | { kind: 'json'; schema: Schema }
  | { kind: 'file' }
  | { kind: 'empty' }
  | { kind: 'unknown'; typeText: string };

const FILE_TYPES = new Set(['StreamableFile', 'Buffer', 'Uint8Array', 'Readable']);

export class TypeSchemas {
  readonly components: Record<string, Schema> = {};
  private readonly named = new Map<ts.Type, string>();
  private readonly stack = new Set<ts.Type>();

  /** `reserved`: component names already taken (the request DTOs Nest documents). */
  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly reserved: ReadonlySet<string>,
  ) {}

  /** The answer of a handler whose return type is `type` (a Promise is awaited). */
  answerOf(type: ts.Type): Answer {
    const awaited = this.checker.getAwaitedType(type) ?? type;
    if (awaited.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined)) return { kind: 'empty' };
    if (awaited.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown))
      return { kind: 'unknown', typeText: this.checker.typeToString(awaited) };
    if (FILE_TYPES.has(awaited.getSymbol()?.getName() ?? '')) return { kind: 'file' };
    return { kind: 'json', schema: this.schemaOf(awaited) };
  }

  schemaOf(type: ts.Type): Schema {
    // A recursive type without a name (`type Json = string | Json[]` seen from inside) is any.
    if (this.stack.has(type)) return {};
    this.stack.add(type);
    try {
      return this.schemaOfType(type);
    } finally {
      this.stack.delete(type);
    }
  }

  private schemaOfType(type: ts.Type): Schema {
    const flags = type.flags;
    if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
    if (flags & ts.TypeFlags.Null) return { nullable: true, enum: [null] };
    if (flags & ts.TypeFlags.StringLiteral)
      return { type: 'string', enum: [(type as ts.StringLiteralType).value] };
    if (flags & ts.TypeFlags.NumberLiteral)
      return { type: 'number', enum: [(type as ts.NumberLiteralType).value] };
    if (flags & ts.TypeFlags.BooleanLiteral)
      return { type: 'boolean', enum: [this.checker.typeToString(type) === 'true'] };
    if (flags & (ts.TypeFlags.String | ts.TypeFlags.TemplateLiteral | ts.TypeFlags.BigInt))
      return { type: 'string' };
    if (flags & ts.TypeFlags.Number) return { type: 'number' };
    if (flags & ts.TypeFlags.Boolean) return { type: 'boolean' };
    if (type.isUnion()) return this.unionSchema(type.types);
    const symbolName = type.getSymbol()?.getName();
    if (symbolName === 'Date') return { type: 'string', format: 'date-time' };
    if (FILE_TYPES.has(symbolName ?? '')) return { type: 'string', format: 'binary' };
    if (this.checker.isTupleType(type)) {
      const elements = this.checker.getTypeArguments(type as ts.TypeReference);
      return {
        type: 'array',
        items:
          elements.length === 1
            ? this.schemaOf(elements[0]!)
            : { anyOf: elements.map((e) => this.schemaOf(e)) },
        minItems: elements.length,
        maxItems: elements.length,
      };
    }
    if (this.checker.isArrayType(type)) {
      const [item] = this.checker.getTypeArguments(type as ts.TypeReference);
      return { type: 'array', items: item ? this.schemaOf(item) : {} };
    }
    if (flags & ts.TypeFlags.Object || type.isIntersection()) return this.objectSchema(type);
    return {};
  }

  private unionSchema(members: readonly ts.Type[]): Schema {
    const present = members.filter(
      (m) => !(m.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)),
    );
    const nullable = present.some((m) => m.flags & ts.TypeFlags.Null);
    let rest = present.filter((m) => !(m.flags & ts.TypeFlags.Null));
    const nullableOf = (schema: Schema): Schema =>
      nullable
        ? schema.$ref
          ? { allOf: [schema], nullable: true }
          : { ...schema, nullable: true }
        : schema;
    if (rest.length === 0) return { nullable: true, enum: [null] };
    // `boolean` is the union `true | false`.
    const booleans = rest.filter((m) => m.flags & ts.TypeFlags.BooleanLiteral);
    if (booleans.length === 2) rest = rest.filter((m) => !(m.flags & ts.TypeFlags.BooleanLiteral));
    const literals = rest.filter((m) => m.flags & ts.TypeFlags.StringLiteral);
    if (booleans.length !== 2 && literals.length === rest.length)
      return nullableOf({
        type: 'string',
        enum: literals.map((m) => (m as ts.StringLiteralType).value),
      });
    const schemas = rest.map((m) => this.schemaOf(m));
    if (booleans.length === 2) schemas.push({ type: 'boolean' });
    if (schemas.length === 1) return nullableOf(schemas[0]!);
    return nullable ? { anyOf: schemas, nullable: true } : { anyOf: schemas };
  }

  private objectSchema(type: ts.Type): Schema {
    const name = this.componentName(type);
    if (!name) return this.shapeOf(type);
    if (!this.components[name]) {
      this.components[name] = { type: 'object' };
      this.components[name] = this.shapeOf(type);
    }
    return { $ref: `#/components/schemas/${name}` };
  }

  private shapeOf(type: ts.Type): Schema {
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    for (const property of this.checker.getPropertiesOfType(type)) {
      if (property.flags & ts.SymbolFlags.Method) continue;
      const propertyType = this.checker.getTypeOfSymbol(property);
      if (propertyType.getCallSignatures().length > 0) continue;
      const optional =
        Boolean(property.flags & ts.SymbolFlags.Optional) ||
        (propertyType.isUnion() &&
          propertyType.types.some((t) => t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
      const schema = this.schemaOf(propertyType);
      const description = ts
        .displayPartsToString(property.getDocumentationComment(this.checker))
        .trim();
      properties[property.getName()] =
        description && !schema.$ref ? { ...schema, description } : schema;
      if (!optional) required.push(property.getName());
    }
    const schema: Schema = { type: 'object', properties };
    if (required.length > 0) schema.required = required;
    const index = this.checker
      .getIndexInfosOfType(type)
      .find((info) => info.keyType.flags & (ts.TypeFlags.String | ts.TypeFlags.Number));
    if (index) schema.additionalProperties = this.schemaOf(index.type);
    return schema;
  }

  /**
   * The component name of a named, non-generic interface, class or type alias; null for an
   * anonymous or generic type (inlined). A name taken by another type gets a number.
   */
  private componentName(type: ts.Type): string | null {
    const known = this.named.get(type);
    if (known) return known;
    const alias = type.aliasSymbol;
    const symbol = alias ?? type.getSymbol();
    if (!symbol) return null;
    if (alias ? (type.aliasTypeArguments?.length ?? 0) > 0 : this.isGenericInstance(type))
      return null;
    const isClass = !alias && Boolean(symbol.flags & ts.SymbolFlags.Class);
    // A class Nest documents already (a response DTO with @ApiProperty): its component is Nest's.
    if (isClass && this.reserved.has(symbol.getName())) return symbol.getName();
    const base =
      alias || symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.Class)
        ? symbol.getName()
        : this.builderName(symbol);
    if (!base || base.startsWith('__')) return null;
    let name = base;
    for (let n = 2; this.reserved.has(name) || this.takenByOther(name, type); n++)
      name = `${base}${n}`;
    this.named.set(type, name);
    return name;
  }

  /**
   * The name of an object literal's type after the function that returns it: `caseView`'s
   * object is `CaseView`, `LoanCaseService.timeline`'s is `LoanCaseTimeline`. Null for any
   * other anonymous type (inlined).
   */
  private builderName(symbol: ts.Symbol): string | null {
    const literal = symbol.declarations?.[0];
    if (!literal || !ts.isObjectLiteralExpression(literal)) return null;
    let node: ts.Node = literal.parent;
    while (
      ts.isParenthesizedExpression(node) ||
      ts.isAsExpression(node) ||
      ts.isSatisfiesExpression(node)
    )
      node = node.parent;
    const returned = ts.isReturnStatement(node) || ts.isArrowFunction(node);
    if (!returned) return null;
    const fn = ts.findAncestor(node, ts.isFunctionLike);
    if (!fn) return null;
    const pascal = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
    if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name) {
      const own = pascal(fn.name.getText());
      const owner = ts.isClassDeclaration(fn.parent) ? fn.parent.name?.text : undefined;
      return owner ? `${owner.replace(/(Service|Controller|Repository)$/, '')}${own}` : own;
    }
    if (
      (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) &&
      ts.isVariableDeclaration(fn.parent)
    )
      return pascal(fn.parent.name.getText());
    return null;
  }

  private isGenericInstance(type: ts.Type): boolean {
    return (
      Boolean((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) &&
      this.checker.getTypeArguments(type as ts.TypeReference).length > 0
    );
  }

  private takenByOther(name: string, type: ts.Type): boolean {
    for (const [other, taken] of this.named) if (taken === name && other !== type) return true;
    return false;
  }
}
