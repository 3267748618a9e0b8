/**
 * The samples (by bar-close time, epoch ms) that share price information with a model's training:
 * a sample at close t is labelled by the closes in (t, t + h]; the training samples' labels span the
 * closes from `from` to `to + h`. A shared end point is no overlap (the walk-forward purge keeps a
 * training label ending at the first test close too).
 */
export function overlapsTraining(
  times: readonly number[],
  trainingWindow: { readonly from: number; readonly to: number },
  horizonMs: number,
): number[] {
  const { from, to } = trainingWindow;
  return times.filter((t) => t + horizonMs > from && t < to + horizonMs);
}
