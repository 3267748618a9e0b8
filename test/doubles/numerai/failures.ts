import type { NumeraiFailureMode, NumeraiFailurePlan } from './double.types.js';
import type { GraphqlReply } from './graphql-answer.js';

/** Counts requests against a failure plan and says which ones fail. */
export class FailureSchedule {
  #plan: NumeraiFailurePlan | undefined;
  #counted = 0;
  #failed = 0;

  set(plan: NumeraiFailurePlan | undefined): void {
    this.#plan = plan;
    this.#counted = 0;
    this.#failed = 0;
  }

  /** The failure to answer a request for `rootField` with, if the plan fails this one. */
  next(rootField: string): NumeraiFailureMode | undefined {
    const plan = this.#plan;
    if (!plan || (plan.rootFields && !plan.rootFields.includes(rootField))) return undefined;
    this.#counted++;
    if (this.#counted <= plan.afterRequests || this.#failed >= (plan.times ?? Infinity)) return undefined;
    this.#failed++;
    return plan.mode;
  }
}

/** The answer of an injected failure (socket-destroy is handled by the server). */
export function failureReply(
  mode: Exclude<NumeraiFailureMode, 'socket-destroy'>,
  rootField: string,
): GraphqlReply {
  switch (mode) {
    case 'http-500':
      return { status: 500, body: { errors: [{ message: 'Internal Server Error' }] } };
    case 'http-502':
      // A load balancer's page, not JSON.
      return { status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' };
    case 'rate-limit-429':
      return { status: 429, body: { errors: [{ message: 'Too Many Requests' }] } };
    case 'http-400':
      return { status: 400, body: { errors: [{ message: 'Bad Request: malformed JSON body' }] } };
    case 'graphql-errors':
      return {
        status: 200,
        body: {
          data: { [rootField]: null },
          errors: [{ message: 'internal error (injected by the numerai double)', path: [rootField] }],
        },
      };
  }
}
