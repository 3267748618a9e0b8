import { NMR_SYNTH_PARAMS } from '../params.js';
import type { SynthParams } from '../synth-params.types.js';
import type { NmrMeasurements } from './measure.js';

/**
 * The model parameters the measurements give. Kept from `base` (not measurable from the files):
 * priceDecimals, regime names, cascades.peakMax, mark.basisHalfLifeMinutes, mark.wickDamping, the
 * funding schedule and venue constants; and the funding premium when the fit was skipped.
 */
export function paramsFromMeasurements(
  m: NmrMeasurements,
  base: SynthParams = NMR_SYNTH_PARAMS,
): SynthParams {
  const c = m.cascades;
  return {
    ...base,
    startPrice: m.startPrice,
    regimes: {
      names: base.regimes.names,
      hourlyVol: m.regimes.hmm.sigma,
      transition: m.regimes.hmm.transition,
    },
    tailDf: m.minute.tailDf,
    hourOfDayVol: m.profile.vol,
    hourOfDayVolume: m.profile.volume,
    openGapSd: m.minute.openGapSd,
    wickScale: m.minute.wickScale,
    jumps: {
      perYear: m.jumps.perYear,
      upShare: m.jumps.upShare,
      logSizeMean: m.jumps.logSizeMean,
      logSizeSd: m.jumps.logSizeSd,
    },
    cascades: {
      ...base.cascades,
      perYear: c.perYear,
      upShare: c.upShare,
      peakLogMean: c.peakLogMean,
      peakLogSd: c.peakLogSd,
      retentionMin: c.retentionMin,
      retentionMax: c.retentionMax,
      rampMinutesMin: c.rampMinutesMin,
      rampMinutesMax: c.rampMinutesMax,
      retraceMinutesMin: c.retraceMinutesMin,
      retraceMinutesMax: c.retraceMinutesMax,
      aftermathHours: m.regimes.aftermathHours,
      volumeLogMean: c.volumeLogMean,
      volumeLogSd: c.volumeLogSd,
      volumeMultipleMax: c.volumeMultipleMax,
    },
    volume: {
      meanPerMinute: m.year.meanVolumePerMinuteCalm,
      regimeFactor: m.regimes.volumeFactor,
      absReturnSlope: m.minute.absReturnSlope,
      noiseSd: m.minute.volumeNoiseSd,
      levelSd: m.regimes.levelSd,
      levelPhiPerDay: m.regimes.levelAutocorr,
    },
    mark: { ...base.mark, basisMean: m.mark.basisMean, basisSd: m.mark.basisSd },
    funding: { ...(m.funding.fitted ?? base.funding), lateMsShare: m.funding.lateMsShare },
  };
}
