import { createHash, timingSafeEqual } from 'node:crypto';
import type { Secret } from '../config/index.js';

export type AuthOutcome = 'ok' | 'missing' | 'wrong' | 'disabled';

/**
 * Checks `Authorization: Bearer <token>` against the configured token in constant time: both sides
 * are hashed to SHA-256 first so `timingSafeEqual` compares equal lengths and the token's length
 * does not leak either. No token configured: control is `disabled`.
 */
export function checkBearer(header: string | undefined, token: Secret | undefined): AuthOutcome {
  if (token === undefined) return 'disabled';
  if (header === undefined) return 'missing';
  const match = /^Bearer ([^\s]+)$/.exec(header);
  if (match === null) return 'missing';
  const given = createHash('sha256')
    .update(match[1] ?? '')
    .digest();
  const expected = createHash('sha256').update(token.reveal()).digest();
  return timingSafeEqual(given, expected) ? 'ok' : 'wrong';
}
