import type { ApiControls, ControlResult, ManualOrder } from '../api-state.types.js';

/**
 * The controls of a dashboard over a journal: every action is refused (after the server's bearer-token
 * check), since no session is attached to act on.
 */
export class JournalControls implements ApiControls {
  readonly #refusal: ControlResult;

  constructor(runId: string) {
    this.#refusal = {
      ok: false,
      refused: 'journal_dashboard',
      message:
        `this dashboard reads the journal of run ${runId}; it cannot control a session: ` +
        "use the running session's own --dashboard to control it",
      // The answer the API documents for an action a session cannot do at all.
      status: 501,
    };
  }

  pause(): Promise<ControlResult> {
    return Promise.resolve(this.#refusal);
  }

  resume(): Promise<ControlResult> {
    return Promise.resolve(this.#refusal);
  }

  flattenAll(): Promise<ControlResult> {
    return Promise.resolve(this.#refusal);
  }

  manualOrder(_order: ManualOrder): Promise<ControlResult> {
    return Promise.resolve(this.#refusal);
  }
}
