/** The operations of the served OpenAPI document, the fuzz suite's list of what must be covered. */

interface SchemaObject {
  type?: string;
  enum?: unknown[];
  format?: string;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  items?: SchemaObject;
  allOf?: SchemaObject[];
  $ref?: string;
}

interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: SchemaObject;
}

interface OperationObject {
  parameters?: ParameterObject[];
  requestBody?: { content?: Record<string, { schema?: SchemaObject }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, SchemaObject> };
}

/** What the document says about one body field. */
export interface FieldSpec {
  path: string[];
  type?: string;
  enum?: unknown[];
  format?: string;
  required: boolean;
}

export interface Operation {
  /** `METHOD /path/{param}` exactly as in the document, the key of the fuzz catalogue. */
  key: string;
  method: string;
  path: string;
  pathParams: string[];
  queryParams: string[];
  /** Each query parameter's documented type, enum and whether it is required. */
  querySchemas: Record<string, { type?: string; enum?: unknown[]; required: boolean }>;
  headerParams: string[];
  /** Body fields as documented (nested objects flattened); empty when there is no body. */
  bodyFields: FieldSpec[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const params = operation.parameters ?? [];
      const names = (where: ParameterObject['in']) =>
        params.filter((p) => p.in === where).map((p) => p.name);
      const schema = operation.requestBody?.content?.['application/json']?.schema;
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: names('path'),
        queryParams: names('query'),
        querySchemas: Object.fromEntries(
          params
            .filter((p) => p.in === 'query')
            .map((p) => [
              p.name,
              { type: p.schema?.type, enum: p.schema?.enum, required: p.required ?? false },
            ]),
        ),
        headerParams: names('header'),
        bodyFields: schema ? fieldsOf(document, schema, [], true, 0) : [],
      });
    }
  }
  return operations;
}

function resolve(document: OpenApiDocument, schema: SchemaObject): SchemaObject | undefined {
  let current: SchemaObject | undefined = schema;
  for (let hops = 0; current && hops < 10; hops++) {
    if (current.$ref) {
      const name: string = current.$ref.replace('#/components/schemas/', '');
      current = name ? document.components?.schemas?.[name] : undefined;
    } else if (current.allOf?.length === 1 && current.allOf[0]) {
      current = current.allOf[0];
    } else {
      return current;
    }
  }
  return current;
}

function fieldsOf(
  document: OpenApiDocument,
  schema: SchemaObject,
  prefix: string[],
  required: boolean,
  depth: number,
): FieldSpec[] {
  const resolved = resolve(document, schema);
  if (!resolved || depth > 6) return [];
  const own: FieldSpec[] =
    prefix.length > 0
      ? [
          {
            path: prefix,
            type: resolved.type ?? (resolved.properties ? 'object' : undefined),
            enum: resolved.enum,
            format: resolved.format,
            required,
          },
        ]
      : [];
  if (resolved.properties) {
    const needed = new Set(resolved.required ?? []);
    return [
      ...own,
      ...Object.entries(resolved.properties).flatMap(([name, child]) =>
        fieldsOf(document, child, [...prefix, name], needed.has(name), depth + 1),
      ),
    ];
  }
  if (resolved.type === 'array' && resolved.items) {
    return [...own, ...fieldsOf(document, resolved.items, [...prefix, '0'], false, depth + 1)];
  }
  return own;
}
