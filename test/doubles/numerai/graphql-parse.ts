/**
 * Just enough GraphQL to answer nmrbot's queries: one operation, optionally named, with variable
 * definitions; one or more root fields with arguments (variables or literals) and nested selection
 * sets. No fragments, directives or aliases (the double answers those with an error, as a schema
 * would that does not know them).
 */

export type ArgValue =
  | { readonly kind: 'variable'; readonly name: string }
  | { readonly kind: 'literal'; readonly value: unknown };

export interface FieldNode {
  readonly name: string;
  readonly args: Readonly<Record<string, ArgValue>>;
  /** Sub-selection; empty for a leaf. */
  readonly selections: readonly FieldNode[];
}

export interface ParsedOperation {
  readonly operationName: string | undefined;
  readonly rootFields: readonly FieldNode[];
}

export class GraphqlSyntaxError extends Error {
  override readonly name = 'GraphqlSyntaxError';
}

const TOKEN =
  /\s*(?:#[^\n]*\n?\s*)*([{}():!$,[\]=]|\.\.\.|"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[A-Za-z_][A-Za-z0-9_]*)/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) {
      if (/^\s*$/.test(text.slice(start))) break;
      throw new GraphqlSyntaxError(`Syntax Error: Unexpected character at offset ${start}.`);
    }
    if (m[1] !== ',') tokens.push(m[1] ?? '');
  }
  return tokens;
}

class Parser {
  #i = 0;
  constructor(readonly tokens: readonly string[]) {}

  peek(): string | undefined {
    return this.tokens[this.#i];
  }
  next(): string {
    const t = this.tokens[this.#i++];
    if (t === undefined) throw new GraphqlSyntaxError('Syntax Error: Unexpected <EOF>.');
    return t;
  }
  expect(token: string): void {
    const t = this.next();
    if (t !== token) throw new GraphqlSyntaxError(`Syntax Error: Expected "${token}", found "${t}".`);
  }
  name(): string {
    const t = this.next();
    if (!/^[A-Za-z_]/.test(t)) throw new GraphqlSyntaxError(`Syntax Error: Expected Name, found "${t}".`);
    return t;
  }

  operation(): ParsedOperation {
    let operationName: string | undefined;
    if (this.peek() === 'query') {
      this.next();
      if (this.peek() !== '(' && this.peek() !== '{') operationName = this.name();
      if (this.peek() === '(') this.skipVariableDefinitions();
    } else if (this.peek() !== '{') {
      throw new GraphqlSyntaxError(`Syntax Error: Unexpected "${this.peek() ?? '<EOF>'}".`);
    }
    const rootFields = this.selectionSet();
    if (this.peek() !== undefined)
      throw new GraphqlSyntaxError('the double serves one operation per request');
    return { operationName, rootFields };
  }

  skipVariableDefinitions(): void {
    this.expect('(');
    while (this.peek() !== ')') this.next();
    this.expect(')');
  }

  selectionSet(): FieldNode[] {
    this.expect('{');
    const fields: FieldNode[] = [];
    while (this.peek() !== '}') {
      if (this.peek() === '...') throw new GraphqlSyntaxError('the double does not serve fragments');
      const name = this.name();
      if (this.peek() === ':') throw new GraphqlSyntaxError('the double does not serve aliases');
      const args = this.peek() === '(' ? this.arguments() : {};
      const selections = this.peek() === '{' ? this.selectionSet() : [];
      fields.push({ name, args, selections });
    }
    this.expect('}');
    return fields;
  }

  arguments(): Record<string, ArgValue> {
    this.expect('(');
    const args: Record<string, ArgValue> = {};
    while (this.peek() !== ')') {
      const name = this.name();
      this.expect(':');
      args[name] = this.value();
    }
    this.expect(')');
    return args;
  }

  value(): ArgValue {
    const t = this.next();
    if (t === '$') return { kind: 'variable', name: this.name() };
    if (t.startsWith('"')) return { kind: 'literal', value: JSON.parse(t) as unknown };
    if (/^-?\d/.test(t)) return { kind: 'literal', value: Number(t) };
    if (t === 'true' || t === 'false') return { kind: 'literal', value: t === 'true' };
    if (t === 'null') return { kind: 'literal', value: null };
    if (/^[A-Z_]+$/.test(t)) return { kind: 'literal', value: t }; // enum value, e.g. RESOLVED
    throw new GraphqlSyntaxError(`Syntax Error: Unexpected "${t}" as an argument value.`);
  }
}

/** Parses one query document. Throws GraphqlSyntaxError with a GraphQL-style message. */
export function parseOperation(query: string): ParsedOperation {
  return new Parser(tokenize(query)).operation();
}

/** An argument's value with variables substituted (undefined when neither given nor defined). */
export function argValue(
  field: FieldNode,
  name: string,
  variables: Readonly<Record<string, unknown>>,
): unknown {
  const arg = field.args[name];
  if (arg === undefined) return undefined;
  return arg.kind === 'variable' ? variables[arg.name] : arg.value;
}
