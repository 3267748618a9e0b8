import { describe, expect, it } from 'vitest';
import type { NumeraiSubmissionScore } from './queries.js';
import { pickScore } from './scores.js';

const score = (displayName: string, value: number | null, day = 20): NumeraiSubmissionScore => ({
  displayName,
  value,
  day,
  date: null,
  percentile: null,
});

describe('pickScore', () => {
  it('takes the newest scoring scheme present: canon_corr over corr20 over corr', () => {
    const scores = [
      score('corr', 0.01),
      score('corr20', 0.02),
      score('canon_corr', 0.03),
      score('canon_mmc', 0.9),
    ];
    expect(pickScore(scores, 'corr')).toMatchObject({ displayName: 'canon_corr', value: 0.03 });
    expect(pickScore(scores, 'mmc')).toMatchObject({ displayName: 'canon_mmc', value: 0.9 });
  });

  it('compares names without case or punctuation (CORR20, v2_corr20, corr20V2)', () => {
    expect(pickScore([score('CORR20', 0.02)], 'corr')?.value).toBe(0.02);
    expect(pickScore([score('v2_corr20', 0.04), score('CORR20', 0.02)], 'corr')?.displayName).toBe(
      'v2_corr20',
    );
    expect(pickScore([score('corr20V2', 0.05), score('corr', 0.02)], 'corr')?.displayName).toBe('corr20V2');
  });

  it('falls back to a loose pattern for versions it does not list (v5 CORR60)', () => {
    expect(pickScore([score('v5_corr60', 0.07), score('tc', 0.5)], 'corr')?.displayName).toBe('v5_corr60');
  });

  it('ignores other scores (tc, fnc, corr with the meta model, percentiles)', () => {
    expect(
      pickScore([score('tc', 0.5), score('fnc_v4', 0.1), score('corrWMetamodel', 0.6)], 'corr'),
    ).toBeUndefined();
  });

  it('takes the latest scoring day of the chosen name, skipping missing values', () => {
    const scores = [
      score('canon_corr', 0.01, 18),
      score('canon_corr', 0.02, 20),
      score('canon_corr', null, 21),
    ];
    expect(pickScore(scores, 'corr')).toEqual({
      displayName: 'canon_corr',
      value: 0.02,
      day: 20,
      date: null,
    });
  });
});
