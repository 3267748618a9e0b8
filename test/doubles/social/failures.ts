import type { SocialFailureMode, SocialFailurePlan, SocialRoute } from './double.types.js';
import type { SocialReply } from './routes.js';

/** Counts requests per route against the failure plans and says which ones fail. */
export class FailureSchedule {
  #plans: { plan: SocialFailurePlan; counted: number; failed: number }[] = [];

  set(plans: readonly SocialFailurePlan[]): void {
    this.#plans = plans.map((plan) => ({ plan, counted: 0, failed: 0 }));
  }

  /** The failure to answer this request with, if a plan for its route fails it. */
  next(route: SocialRoute | 'unknown'): SocialFailureMode | undefined {
    let mode: SocialFailureMode | undefined;
    for (const entry of this.#plans) {
      if (entry.plan.route !== route) continue;
      entry.counted++;
      if (mode !== undefined) continue;
      if (entry.counted <= (entry.plan.afterRequests ?? 0)) continue;
      if (entry.failed >= (entry.plan.times ?? Infinity)) continue;
      entry.failed++;
      mode = entry.plan.mode;
    }
    return mode;
  }
}

/** Makes the first listed item's time field text, as a changed API might. */
function wrongType(body: unknown): unknown {
  const b = body as Record<string, unknown>;
  const first = <T>(list: unknown): T | undefined => (Array.isArray(list) ? (list[0] as T) : undefined);
  const child = first<{ data: Record<string, unknown> }>(
    (b['data'] as Record<string, unknown> | undefined)?.['children'],
  );
  if (child) child.data['created_utc'] = 'yesterday';
  const topic = first<Record<string, unknown>>(
    (b['topic_list'] as Record<string, unknown> | undefined)?.['topics'],
  );
  if (topic) topic['created_at'] = 1741597200;
  const post = first<Record<string, unknown>>(b['latest_posts']);
  if (post) post['created_at'] = 'not a date';
  const news = first<Record<string, unknown>>(b['results']);
  if (news) news['published_at'] = 'soon';
  return b;
}

/** The answer of an injected failure (socket-destroy is handled by the server). */
export function failureReply(
  mode: Exclude<SocialFailureMode, 'socket-destroy'>,
  normal: SocialReply,
  pathAndQuery: string,
): SocialReply {
  switch (mode) {
    case 'http-429':
      return {
        status: 429,
        contentType: 'application/json',
        body: JSON.stringify({ message: 'Too Many Requests', error: 429 }),
      };
    case 'http-500':
      return {
        status: 500,
        contentType: 'text/plain',
        body: `synthetic double: internal error while handling GET ${pathAndQuery}`,
      };
    case 'malformed-json':
      return {
        ...normal,
        status: 200,
        body: normal.body.slice(0, Math.max(1, Math.floor(normal.body.length / 2))),
      };
    case 'wrong-type':
      return normal.contentType.startsWith('application/json')
        ? { ...normal, body: JSON.stringify(wrongType(JSON.parse(normal.body))) }
        : normal;
  }
}
