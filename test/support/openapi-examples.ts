/** The request examples of an OpenAPI document, as Swagger UI composes them. */
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A schema with its `$ref` (and a lone `allOf`, Nest's nullable reference) followed. */
export function resolveSchema(document: Json, schema: Json): Json {
  if (schema.$ref)
    return resolveSchema(document, document.components.schemas[schema.$ref.split('/').pop()]);
  if (schema.allOf?.length === 1)
    return { ...resolveSchema(document, schema.allOf[0]), ...schema, allOf: undefined };
  return schema;
}

/**
 * The example Swagger UI shows for a schema: each property's example (else its enum's first
 * value, else the placeholder of its type) for required properties, and optional properties
 * that carry an example.
 */
export function exampleOf(document: Json, raw: Json): unknown {
  const schema = resolveSchema(document, raw);
  if (schema.example !== undefined) return schema.example;
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.type === 'array') return [exampleOf(document, schema.items ?? {})];
  if (schema.type === 'object' || schema.properties) {
    const required = new Set<string>(schema.required ?? []);
    return Object.fromEntries(
      Object.entries<Json>(schema.properties ?? {})
        .filter(
          ([name, property]) =>
            required.has(name) || resolveSchema(document, property).example !== undefined,
        )
        .map(([name, property]) => [name, exampleOf(document, property)]),
    );
  }
  return { string: 'string', number: 0, integer: 0, boolean: true }[schema.type as string];
}
