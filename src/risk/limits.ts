import type { RiskConfig } from '../config/index.js';
import type { Regime } from '../signals/index.js';
import type { RiskRule } from './risk.types.js';

/** The leverage and margin limits in force, and the rule to name when one of them binds. */
export interface ActiveLimits {
  readonly regime: Regime;
  readonly maxLeverage: number;
  readonly maxMarginFraction: number;
  /** `high_volatility` when the regime's tighter cap is the binding one, else `leverage_cap`. */
  readonly leverageRule: RiskRule;
  /** `high_volatility` when the regime's tighter fraction is the binding one, else `margin_cap`. */
  readonly marginRule: RiskRule;
}

export function activeLimits(risk: RiskConfig, regime: Regime): ActiveLimits {
  const high = regime === 'high_volatility';
  const hv = risk.highVolatility;
  return {
    regime,
    maxLeverage: high ? Math.min(risk.maxLeverage, hv.maxLeverage) : risk.maxLeverage,
    maxMarginFraction: high ? Math.min(risk.maxMarginFraction, hv.maxMarginFraction) : risk.maxMarginFraction,
    leverageRule: high && hv.maxLeverage < risk.maxLeverage ? 'high_volatility' : 'leverage_cap',
    marginRule: high && hv.maxMarginFraction < risk.maxMarginFraction ? 'high_volatility' : 'margin_cap',
  };
}
