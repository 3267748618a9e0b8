/** Minimises `f` from `x0` by the Nelder-Mead simplex (standard coefficients). */
export function nelderMead(
  f: (x: readonly number[]) => number,
  x0: readonly number[],
  step: readonly number[],
  maxEvaluations = 2000,
): { x: number[]; value: number } {
  const n = x0.length;
  let simplex = [x0.slice(), ...x0.map((_, i) => x0.map((v, j) => (i === j ? v + (step[i] as number) : v)))];
  let values = simplex.map(f);
  let evaluations = n + 1;
  while (evaluations < maxEvaluations) {
    const order = values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
    simplex = order.map((i) => simplex[i] as number[]);
    values = order.map((i) => values[i] as number);
    const best = values[0] as number;
    const worst = values[n] as number;
    if (Math.abs(worst - best) <= 1e-10 * (Math.abs(best) + 1e-12)) break;
    const centroid = x0.map((_, j) => simplex.slice(0, n).reduce((s, p) => s + (p[j] as number), 0) / n);
    const towards = (t: number): number[] =>
      centroid.map((c, j) => c + t * ((simplex[n]?.[j] as number) - c));
    const reflected = towards(-1);
    const fr = f(reflected);
    evaluations++;
    if (fr < best) {
      const expanded = towards(-2);
      const fe = f(expanded);
      evaluations++;
      [simplex[n], values[n]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < (values[n - 1] as number)) {
      [simplex[n], values[n]] = [reflected, fr];
    } else {
      const contracted = towards(fr < worst ? -0.5 : 0.5);
      const fc = f(contracted);
      evaluations++;
      if (fc < Math.min(fr, worst)) [simplex[n], values[n]] = [contracted, fc];
      else {
        const first = simplex[0] as number[];
        simplex = simplex.map((p, i) =>
          i === 0 ? p : p.map((v, j) => (first[j] as number) + 0.5 * (v - (first[j] as number))),
        );
        values = simplex.map((p, i) => (i === 0 ? best : f(p)));
        evaluations += n;
      }
    }
  }
  const i = values.indexOf(Math.min(...values));
  return { x: simplex[i] as number[], value: values[i] as number };
}
