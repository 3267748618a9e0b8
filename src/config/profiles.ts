/** Risk profiles, from most to least cautious. Each caps the leverage a position may use. */
export const RISK_PROFILES = ['beginner', 'standard', 'experienced'] as const;
export type RiskProfile = (typeof RISK_PROFILES)[number];

/** Leverage nmrbot refuses to exceed under any profile, x. */
export const MAX_LEVERAGE = 5;

/** The leverage cap of each profile, x; also the default `risk.maxLeverage` for that profile. */
export const PROFILE_MAX_LEVERAGE: Readonly<Record<RiskProfile, number>> = Object.freeze({
  beginner: 2,
  standard: 3,
  experienced: MAX_LEVERAGE,
});
