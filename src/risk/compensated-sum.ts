/**
 * A running sum that stays accurate when values leave it (Neumaier's compensated summation): the
 * rounding error of every add is kept in a second term. A window sum that adds a crash's large squared
 * return and later subtracts it again returns to the small values left, not to float residue.
 */
export class CompensatedSum {
  #sum = 0;
  #compensation = 0;

  add(x: number): void {
    const t = this.#sum + x;
    this.#compensation += Math.abs(this.#sum) >= Math.abs(x) ? this.#sum - t + x : x - t + this.#sum;
    this.#sum = t;
  }

  get value(): number {
    return this.#sum + this.#compensation;
  }

  reset(): void {
    this.#sum = 0;
    this.#compensation = 0;
  }
}
