import { stationaryDistribution } from '../regimes.js';

/**
 * A Gaussian hidden Markov model with zero-mean emissions, fitted by Baum-Welch (scaled
 * forward-backward). Used to measure volatility regimes: how volatile each state is and how long it
 * lasts. NaN observations are missing (they carry no evidence but time still passes).
 */
export interface HmmFit {
  /** Emission standard deviation per state, ascending. */
  readonly sigma: number[];
  /** transition[i][j] = P(state j next | state i now). */
  readonly transition: number[][];
  /** Stationary distribution of the chain. */
  readonly stationary: number[];
  /** posterior[t * K + k] = P(state k at t | all observations). */
  readonly posterior: Float64Array;
  readonly logLikelihood: number;
  readonly iterations: number;
}

const SQRT_2PI = Math.sqrt(2 * Math.PI);

export function fitGaussianHmm(x: Float64Array, states: number, maxIterations = 500): HmmFit {
  const K = states;
  const T = x.length;
  const observed = Array.from(x).filter((v) => !Number.isNaN(v));
  const rms = Math.sqrt(observed.reduce((s, v) => s + v * v, 0) / observed.length);
  let sigma = Array.from({ length: K }, (_, k) => rms * 2 ** (k - (K - 1) / 2));
  let A = Array.from({ length: K }, (_, i) =>
    Array.from({ length: K }, (_, j) => (i === j ? 0.95 : 0.05 / (K - 1))),
  );
  let pi = Array.from({ length: K }, () => 1 / K);
  const alpha = new Float64Array(T * K);
  const beta = new Float64Array(T * K);
  const emit = new Float64Array(T * K);
  const scale = new Float64Array(T);
  const gamma = new Float64Array(T * K);
  let logLik = -Infinity;
  let it = 0;
  for (; it < maxIterations; it++) {
    for (let t = 0; t < T; t++) {
      const v = x[t] as number;
      for (let k = 0; k < K; k++) {
        const s = sigma[k] as number;
        emit[t * K + k] = Number.isNaN(v) ? 1 : Math.exp((-0.5 * v * v) / (s * s)) / (s * SQRT_2PI);
      }
    }
    // Forward.
    for (let t = 0; t < T; t++) {
      let c = 0;
      for (let j = 0; j < K; j++) {
        let p = 0;
        if (t === 0) p = pi[j] as number;
        else for (let i = 0; i < K; i++) p += (alpha[(t - 1) * K + i] as number) * (A[i]?.[j] as number);
        const a = p * (emit[t * K + j] as number);
        alpha[t * K + j] = a;
        c += a;
      }
      scale[t] = c;
      for (let j = 0; j < K; j++) alpha[t * K + j] = (alpha[t * K + j] as number) / c;
    }
    // Backward.
    for (let k = 0; k < K; k++) beta[(T - 1) * K + k] = 1;
    for (let t = T - 2; t >= 0; t--) {
      for (let i = 0; i < K; i++) {
        let b = 0;
        for (let j = 0; j < K; j++)
          b += (A[i]?.[j] as number) * (emit[(t + 1) * K + j] as number) * (beta[(t + 1) * K + j] as number);
        beta[t * K + i] = b / (scale[t + 1] as number);
      }
    }
    let ll = 0;
    for (let t = 0; t < T; t++) ll += Math.log(scale[t] as number);
    // Expectations.
    const xi = Array.from({ length: K }, () => new Array<number>(K).fill(0));
    const gammaSum = new Array<number>(K).fill(0);
    const varNum = new Array<number>(K).fill(0);
    const varDen = new Array<number>(K).fill(0);
    for (let t = 0; t < T; t++) {
      for (let k = 0; k < K; k++) {
        const g = (alpha[t * K + k] as number) * (beta[t * K + k] as number);
        gamma[t * K + k] = g;
        const v = x[t] as number;
        if (!Number.isNaN(v)) {
          varNum[k] = (varNum[k] as number) + g * v * v;
          varDen[k] = (varDen[k] as number) + g;
        }
      }
      if (t === T - 1) continue;
      const c = scale[t + 1] as number;
      for (let i = 0; i < K; i++) {
        gammaSum[i] = (gammaSum[i] as number) + (gamma[t * K + i] as number);
        const row = xi[i] as number[];
        for (let j = 0; j < K; j++) {
          row[j] =
            (row[j] as number) +
            ((alpha[t * K + i] as number) *
              (A[i]?.[j] as number) *
              (emit[(t + 1) * K + j] as number) *
              (beta[(t + 1) * K + j] as number)) /
              c;
        }
      }
    }
    A = xi.map((row, i) => row.map((v) => v / (gammaSum[i] as number)));
    sigma = varNum.map((v, k) => Math.sqrt(v / (varDen[k] as number)));
    pi = Array.from({ length: K }, (_, k) => gamma[k] as number);
    const done = Math.abs(ll - logLik) < 1e-8 * Math.abs(ll);
    logLik = ll;
    if (done) break;
  }
  return sortStates({
    sigma,
    transition: A,
    stationary: stationaryDistribution(A),
    posterior: gamma,
    logLikelihood: logLik,
    iterations: it + 1,
  });
}

function sortStates(fit: HmmFit): HmmFit {
  const K = fit.sigma.length;
  const order = Array.from({ length: K }, (_, k) => k).sort(
    (a, b) => (fit.sigma[a] as number) - (fit.sigma[b] as number),
  );
  const T = fit.posterior.length / K;
  const posterior = new Float64Array(fit.posterior.length);
  for (let t = 0; t < T; t++)
    order.forEach((k, n) => (posterior[t * K + n] = fit.posterior[t * K + k] as number));
  return {
    ...fit,
    sigma: order.map((k) => fit.sigma[k] as number),
    transition: order.map((i) => order.map((j) => fit.transition[i]?.[j] as number)),
    stationary: order.map((k) => fit.stationary[k] as number),
    posterior,
  };
}
