import type { NumeraiClient } from './graphql-client.js';
import {
  MODEL_ID,
  MODEL_PERFORMANCES,
  type NumeraiRound,
  type NumeraiRoundDetails,
  type NumeraiRoundPerformance,
  ROUNDS,
  ROUND_DETAILS,
} from './queries.js';

/** The four public reads the feed makes, typed. */

/** Every round of a tournament the API lists, oldest first. */
export async function listRounds(client: NumeraiClient, tournament: number): Promise<NumeraiRound[]> {
  const { rounds } = await client.request(ROUNDS, { tournament });
  return rounds.slice().sort((a, b) => a.number - b.number);
}

export async function fetchRoundDetails(
  client: NumeraiClient,
  roundNumber: number,
  tournament: number,
): Promise<NumeraiRoundDetails> {
  const { roundDetails } = await client.request(ROUND_DETAILS, { rn: roundNumber, t: tournament });
  return roundDetails;
}

/** A model's id, or undefined when the API knows no model of that name. */
export async function fetchModelId(client: NumeraiClient, modelName: string): Promise<string | undefined> {
  const { v3UserProfile } = await client.request(MODEL_ID, { modelName });
  return v3UserProfile?.id;
}

/** A model's per-round performances, oldest round first. */
export async function fetchModelPerformances(
  client: NumeraiClient,
  modelId: string,
  tournament: number,
): Promise<NumeraiRoundPerformance[]> {
  const { v2RoundModelPerformances } = await client.request(MODEL_PERFORMANCES, { modelId, tournament });
  return v2RoundModelPerformances.slice().sort((a, b) => a.roundNumber - b.roundNumber);
}
