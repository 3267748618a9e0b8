import type { NumeraiDriftPlan } from './double.types.js';
import { GraphqlSyntaxError, argValue, parseOperation } from './graphql-parse.js';
import { GraphqlFieldError, ROOT_FIELDS, type ResolveContext } from './resolvers.js';
import { SCHEMA, driftedSchema } from './schema.js';
import { project, validateSelection } from './select.js';

export interface GraphqlReply {
  readonly status: number;
  /** JSON value, or text for non-JSON pages. */
  readonly body: unknown;
}

export interface GraphqlAnswer {
  readonly operationName: string | undefined;
  readonly rootField: string;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly reply: GraphqlReply;
}

const errorsReply = (messages: readonly string[]): GraphqlReply => ({
  status: 200,
  body: { errors: messages.map((message) => ({ message })) },
});

function readRequest(
  method: string,
  url: string,
  text: string,
): { query: string; variables: Record<string, unknown> } | GraphqlReply {
  if (method !== 'POST')
    return { status: 405, body: { errors: [{ message: `${method} is not allowed; POST a query` }] } };
  if (new URL(url, 'http://127.0.0.1').pathname !== '/') return { status: 404, body: 'Not Found' };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { status: 400, body: { errors: [{ message: 'Could not parse the request body as JSON' }] } };
  }
  const { query, variables } = (body ?? {}) as { query?: unknown; variables?: unknown };
  if (typeof query !== 'string')
    return { status: 400, body: { errors: [{ message: 'No query document supplied' }] } };
  return { query, variables: (variables ?? {}) as Record<string, unknown> };
}

/** Answers one HTTP request the way Numerai's GraphQL endpoint does (errors at HTTP 200). */
export function answerGraphql(
  method: string,
  url: string,
  text: string,
  ctx: ResolveContext,
  drift: NumeraiDriftPlan | undefined,
): GraphqlAnswer {
  const request = readRequest(method, url, text);
  if ('status' in request) return { operationName: undefined, rootField: '', variables: {}, reply: request };
  const { query, variables } = request;
  let parsed;
  try {
    parsed = parseOperation(query);
  } catch (err) {
    if (!(err instanceof GraphqlSyntaxError)) throw err;
    return { operationName: undefined, rootField: '', variables, reply: errorsReply([err.message]) };
  }
  const rootField = parsed.rootFields[0]?.name ?? '';
  const base = { operationName: parsed.operationName, rootField, variables };
  const schema = drift?.validate ? driftedSchema(drift) : SCHEMA;
  const invalid = validateSelection(schema, 'Query', parsed.rootFields, drift);
  for (const field of parsed.rootFields) {
    const def = ROOT_FIELDS[field.name];
    for (const arg of Object.keys(field.args)) {
      if (def && !def.args.includes(arg))
        invalid.push(`Unknown argument "${arg}" on field "Query.${field.name}".`);
    }
    for (const arg of def?.required ?? []) {
      const v = argValue(field, arg, variables);
      if (v === undefined || v === null)
        invalid.push(`In field "${field.name}": argument "${arg}" is required.`);
    }
  }
  if (invalid.length > 0) return { ...base, reply: errorsReply(invalid) };

  const out: Record<string, unknown> = {};
  const errors: { message: string; path: string[] }[] = [];
  for (const field of parsed.rootFields) {
    const def = ROOT_FIELDS[field.name];
    const typeName = SCHEMA['Query']?.objects?.[field.name] ?? '';
    const args = Object.fromEntries(Object.keys(field.args).map((a) => [a, argValue(field, a, variables)]));
    try {
      out[field.name] = project(schema, typeName, def?.resolve(args, ctx), field.selections, drift);
    } catch (err) {
      if (!(err instanceof GraphqlFieldError)) throw err;
      out[field.name] = null;
      errors.push({ message: err.message, path: [field.name] });
    }
  }
  return { ...base, reply: { status: 200, body: errors.length > 0 ? { data: out, errors } : { data: out } } };
}
