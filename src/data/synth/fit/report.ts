import { isoTime } from '../../../core/index.js';
import type { SyntheticMarketStats } from '../market-stats.js';
import type { SynthParams } from '../synth-params.types.js';
import type { NmrMeasurements } from './measure.js';

const pct = (x: number, digits = 1): string => `${(x * 100).toFixed(digits)}%`;
const bp = (x: number): string => `${(x * 1e4).toFixed(2)} bp`;
const fix = (x: number, digits = 4): string => x.toFixed(digits);
const list = (xs: readonly number[], digits = 2): string => xs.map((x) => x.toFixed(digits)).join(' ');

/** The measurements as the lines `scripts/fit-synth.ts` prints. */
export function formatMeasurements(m: NmrMeasurements): string[] {
  const y = m.year;
  const r = m.regimes;
  const c = m.cascades;
  const f = m.funding;
  const fm = (name: string, x: NmrMeasurements['funding']['pooled']): string =>
    `  ${name.padEnd(9)} n=${x.settlements} mean=${bp(x.mean)} sd=${bp(x.sd)} ac(8h)=${fix(x.autocorr8h, 3)} ` +
    `at-baseline=${pct(x.baselineShare)} squeeze=${pct(x.squeezeShare)} min=${bp(x.min)}`;
  return [
    `Binance perp year ${isoTime(y.from)} → ${isoTime(y.to)} (nmtrong 1h/15m)`,
    `  annualised vol of 1h returns (winsorised 0.1%): ${pct(y.annualisedVol1h)}; kurtosis 1h: ${fix(y.kurtosis1h, 1)}`,
    `  mean 15m volume ${fix(y.meanVolume15m, 0)} NMR; off cascade days ${fix(y.meanVolumePerMinuteCalm, 1)} NMR/min`,
    `  median 1h volume ${fix(y.medianVolume1h, 0)} NMR; rank corr(1h volume, |1h return|): ${fix(y.volumeAbsReturnCorr1h, 3)}`,
    `  2025-10-10 cascade: ${y.crash20251010.before} at 20:45 → low ${y.crash20251010.low} → day close ${y.crash20251010.dayClose}`,
    `  close 2025-01-01 00:00 (start price): ${m.startPrice}`,
    `Regimes (3-state Gaussian HMM on deseasonalised 1h returns, ${r.hmm.iterations} EM iterations)`,
    `  hourly vol: ${list(r.hmm.sigma, 5)}; stationary: ${list(r.hmm.stationary, 3)}`,
    `  mean stay (h): ${list(r.meanDurationHours, 1)}; volume factor: ${list(r.volumeFactor, 3)}`,
    ...r.hmm.transition.map((row, i) => `  P[${i}] = ${list(row, 5)}`),
    `  hours turbulent after a cascade day (median): ${r.aftermathHours}`,
    `  volume level (regime and hour divided out), ln daily mean: sd ${fix(r.levelSd, 3)}, lag-1 day ac ${fix(r.levelAutocorr, 3)}`,
    `Hour-of-day (UTC 0..23)`,
    `  vol:    ${list(m.profile.vol)}`,
    `  volume: ${list(m.profile.volume)}`,
    `Jumps (15m |z| > 8 on robust local scale, off cascade days): ${m.jumps.bars.length}`,
    `  per year ${fix(m.jumps.perYear, 1)}, up ${pct(m.jumps.upShare)}, ln|size| mean ${fix(m.jumps.logSizeMean, 3)} sd ${fix(m.jumps.logSizeSd, 3)}`,
    `Cascade days (Bybit 1d, |close move| > 15% or extreme > 25%): ${c.days.length} in ${fix(c.spanDays, 0)} days`,
    ...c.days.map(
      (d) =>
        `  ${isoTime(d.day).slice(0, 10)} peak ${pct(d.peak)} close ${pct(d.close)} kept ${pct(d.retention, 0)}`,
    ),
    `  per year ${fix(c.perYear, 2)}, up ${pct(c.upShare)}, ln|peak| mean ${fix(c.peakLogMean, 3)} sd ${fix(c.peakLogSd, 3)}`,
    `  retention p10..p90 ${fix(c.retentionMin, 3)}..${fix(c.retentionMax, 3)}`,
    `  ramp minutes p10..p90 ${fix(c.rampMinutesMin, 0)}..${fix(c.rampMinutesMax, 0)}; retrace ${fix(c.retraceMinutesMin, 0)}..${fix(c.retraceMinutesMax, 0)}`,
    `  ln(event volume / week before): mean ${fix(c.volumeLogMean, 3)} sd ${fix(c.volumeLogSd, 3)}`,
    `1m bars (faruk, ${m.minute.bars} bars)`,
    `  annualised vol ${pct(m.minute.annualisedVol)}; kurtosis ${fix(m.minute.kurtosis, 1)}, standardised ${fix(m.minute.standardisedKurtosis, 2)} → t df ${fix(m.minute.tailDf, 2)}`,
    `  open gap sd ${bp(m.minute.openGapSd)}; wick scale ${fix(m.minute.wickScale, 3)}; range/body ${fix(m.minute.rangeToBody, 3)}`,
    `  volume ~ 1 + ${fix(m.minute.absReturnSlope, 3)}·|z|, log noise sd ${fix(m.minute.volumeNoiseSd, 3)}, corr(volume, |r|) ${fix(m.minute.volumeAbsReturnCorr, 3)}`,
    `Mark vs last (alpergulsen 8h mark, 1h last; ${m.mark.samples} samples)`,
    `  basis mean ${bp(m.mark.basisMean)} sd ${bp(m.mark.basisSd)}; ac(8h) ${fix(m.mark.basisAutocorr8h, 3)}; 8h range ratio ${fix(m.mark.rangeRatio8h, 3)}`,
    `Funding (rates normalised to 8h; at-baseline = the clamp held the rate at +0.01%/8h)`,
    fm('binance', f.binance),
    fm('gate', f.gate),
    fm('pooled', f.pooled),
    `  late-ms share (Binance): ${pct(f.lateMsShare)}`,
    ...(f.fitted && f.simulated
      ? [
          `  fitted premium: mean ${bp(f.fitted.premiumMean)}, phi/h ${fix(f.fitted.premiumPhiPerHour, 4)}, ` +
            `sd/h ${bp(f.fitted.premiumSdPerHour)}, squeeze/h ${fix(f.fitted.squeezePerHour, 5)}, size ${bp(f.fitted.squeezeMeanSize)}`,
          fm('model', f.simulated),
        ]
      : []),
  ];
}

/** Side-by-side lines: the real measurement and a generated market's figure. */
export function formatComparison(m: NmrMeasurements, s: SyntheticMarketStats, p: SynthParams): string[] {
  const row = (name: string, real: string, synth: string): string =>
    `  ${name.padEnd(30)} ${real.padStart(12)} ${synth.padStart(12)}`;
  return [
    row('figure', 'real', 'synthetic'),
    row('annualised vol 1h', pct(m.year.annualisedVol1h), pct(s.annualisedVol1h)),
    row('annualised vol 1m', pct(m.minute.annualisedVol), pct(s.annualisedVol1m)),
    row('kurtosis 1h', fix(m.year.kurtosis1h, 1), fix(s.kurtosis1h, 1)),
    row('rank corr(volume, |r|) 1h', fix(m.year.volumeAbsReturnCorr1h, 3), fix(s.volumeAbsReturnCorr1h, 3)),
    row('range/body 1m', fix(m.minute.rangeToBody, 3), fix(s.rangeToBody1m, 3)),
    row('mean volume / min', fix(m.year.meanVolume15m / 15, 0), fix(s.meanVolumePerMinute, 0)),
    row('median volume 1h', fix(m.year.medianVolume1h, 0), fix(s.medianVolume1h, 0)),
    ...p.regimes.names.map((n, k) =>
      row(`share ${n}`, pct(m.regimes.hmm.stationary[k] as number), pct(s.regimeShare[k] as number)),
    ),
    row('funding mean (8h)', bp(m.funding.pooled.mean), bp(s.funding.mean)),
    row('funding sd (8h)', bp(m.funding.pooled.sd), bp(s.funding.sd)),
    row('funding at baseline', pct(m.funding.pooled.baselineShare), pct(s.funding.baselineShare)),
    row('funding squeeze share', pct(m.funding.pooled.squeezeShare), pct(s.funding.squeezeShare)),
  ];
}
