/**
 * Reads the XGBoost binary model that ml-xgboost saves (the pre-1.0 layout of the XGBoost it is built
 * from) into flat arrays, so a saved booster predicts synchronously in plain TypeScript, without the
 * WASM module, and reports its splits' gains. Layout (little-endian):
 *
 *   LearnerModelParam   136 bytes: base_score f32 (as a margin), num_feature u32, num_class i32, ...
 *   objective, booster  u64 length + bytes each ("binary:logistic", "gbtree")
 *   GBTreeModelParam    160 bytes: num_trees i32, num_roots i32, num_feature i32, ...,
 *                       num_output_group i32 at 24, size_leaf_vector i32 at 28
 *   per tree            TreeParam 148 bytes (num_roots, num_nodes, num_deleted, max_depth, num_feature,
 *                       size_leaf_vector, ...), then num_nodes x Node (parent i32, left i32, right i32,
 *                       sindex u32 (feature | default-left << 31), leaf value or split threshold f32),
 *                       then num_nodes x NodeStat (gain f32, cover f32, base weight f32, i32)
 *   tree_info           num_trees x i32 (output group of each tree)
 *
 * Prediction follows XGBoost: at a split go left when x < threshold (both float32), sum the leaves
 * in float32, add the base margin, and apply the sigmoid.
 */

/** A parsed booster; node arrays are concatenated over trees, `roots[t]` is tree t's root. */
export interface BoosterTrees {
  readonly objective: string;
  readonly featureCount: number;
  readonly baseMargin: number;
  readonly roots: Int32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Split feature, -1 at a leaf. */
  readonly feature: Int32Array;
  /** Split threshold at a split, leaf value (learning rate applied) at a leaf; float32 values. */
  readonly value: Float32Array;
  /** Loss reduction of each split (0 at leaves). */
  readonly gain: Float32Array;
  /** Sum of hessians through each node. */
  readonly cover: Float32Array;
}

/** A malformed booster; `field` is the part of the binary that is wrong. */
export class BoosterFormatError extends Error {
  override readonly name = 'BoosterFormatError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

const LEARNER_PARAM_BYTES = 136;
const GBTREE_PARAM_BYTES = 160;
const TREE_PARAM_BYTES = 148;
const NODE_BYTES = 20;
const STAT_BYTES = 16;
const MAX_NAME = 256;

class Reader {
  offset = 0;
  constructor(readonly bytes: Buffer) {}

  need(n: number, field: string): number {
    if (this.offset + n > this.bytes.length)
      throw new BoosterFormatError(
        field,
        `needs ${n} bytes at offset ${this.offset}, the model has ${this.bytes.length}`,
      );
    const at = this.offset;
    this.offset += n;
    return at;
  }

  text(field: string): string {
    const length = Number(this.bytes.readBigUInt64LE(this.need(8, field)));
    if (length > MAX_NAME) throw new BoosterFormatError(field, `length ${length} is not a name`);
    const at = this.need(length, field);
    return this.bytes.toString('latin1', at, at + length);
  }
}

/** Parses a booster saved by ml-xgboost (binary:logistic, gbtree, one output). */
export function parseBoosterTrees(bytes: Uint8Array): BoosterTrees {
  const r = new Reader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const learner = r.need(LEARNER_PARAM_BYTES, 'learner parameters');
  const baseMargin = r.bytes.readFloatLE(learner);
  const featureCount = r.bytes.readUInt32LE(learner + 4);
  const objective = r.text('objective');
  if (objective !== 'binary:logistic')
    throw new BoosterFormatError('objective', `is "${objective}", expected "binary:logistic"`);
  const booster = r.text('booster');
  if (booster !== 'gbtree') throw new BoosterFormatError('booster', `is "${booster}", expected "gbtree"`);
  const gb = r.need(GBTREE_PARAM_BYTES, 'gbtree parameters');
  const treeCount = r.bytes.readInt32LE(gb);
  const groups = r.bytes.readInt32LE(gb + 24);
  if (treeCount < 0 || groups !== 1)
    throw new BoosterFormatError('gbtree parameters', `${treeCount} trees in ${groups} output groups`);

  const left: number[] = [];
  const right: number[] = [];
  const feature: number[] = [];
  const value: number[] = [];
  const gain: number[] = [];
  const cover: number[] = [];
  const roots = new Int32Array(treeCount);
  for (let t = 0; t < treeCount; t++) {
    const field = `tree ${t}`;
    const param = r.need(TREE_PARAM_BYTES, field);
    const nodes = r.bytes.readInt32LE(param + 4);
    if (r.bytes.readInt32LE(param + 20) !== 0) throw new BoosterFormatError(field, 'has leaf vectors');
    if (nodes < 1) throw new BoosterFormatError(field, `has ${nodes} nodes`);
    const base = left.length;
    roots[t] = base;
    const at = r.need(nodes * NODE_BYTES, field);
    for (let k = 0; k < nodes; k++) {
      const o = at + k * NODE_BYTES;
      const l = r.bytes.readInt32LE(o + 4);
      const rt = r.bytes.readInt32LE(o + 8);
      const sindex = r.bytes.readUInt32LE(o + 12);
      const leaf = l === -1;
      if (!leaf && (l < 1 || l >= nodes || rt < 1 || rt >= nodes))
        throw new BoosterFormatError(field, `node ${k} points at children ${l} and ${rt} of ${nodes} nodes`);
      const f = sindex & 0x7fffffff;
      if (!leaf && f >= featureCount)
        throw new BoosterFormatError(field, `node ${k} splits on feature ${f} of ${featureCount}`);
      left.push(leaf ? -1 : base + l);
      right.push(leaf ? -1 : base + rt);
      feature.push(leaf ? -1 : f);
      value.push(r.bytes.readFloatLE(o + 16));
    }
    checkTreeShape(left, right, base, field);
    const stats = r.need(nodes * STAT_BYTES, field);
    for (let k = 0; k < nodes; k++) {
      gain.push(r.bytes.readFloatLE(stats + k * STAT_BYTES));
      cover.push(r.bytes.readFloatLE(stats + k * STAT_BYTES + 4));
    }
  }
  r.need(4 * treeCount, 'tree info');
  return {
    objective,
    featureCount,
    baseMargin,
    roots,
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    feature: Int32Array.from(feature),
    value: Float32Array.from(value),
    gain: Float32Array.from(gain),
    cover: Float32Array.from(cover),
  };
}

/** Every node reachable from the root at `base` is reached once (no cycle, no shared child). */
function checkTreeShape(
  left: readonly number[],
  right: readonly number[],
  base: number,
  field: string,
): void {
  const seen = new Set<number>();
  const stack = [base];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (seen.has(node)) throw new BoosterFormatError(field, `node ${node - base} is reached twice`);
    seen.add(node);
    const l = left[node] ?? -1;
    if (l >= 0) stack.push(l, right[node] ?? -1);
  }
}

/** The next float32 below -1: ml-xgboost's wrapper reads -1 as "missing", so -1 is moved here. */
const BELOW_MINUS_ONE = -1.0000001192092896;

/** A feature row as the booster sees it: float32, with -1 nudged down (order is kept). */
export function boosterRow(x: readonly number[]): number[] {
  return x.map((v) => {
    const f = Math.fround(v);
    return f === -1 ? BELOW_MINUS_ONE : f;
  });
}

/** The raw margin (log-odds) of one row, in XGBoost's float32 arithmetic. */
export function boosterMargin(trees: BoosterTrees, x: readonly number[]): number {
  const row = boosterRow(x);
  let sum = 0;
  for (const root of trees.roots) {
    let node = root;
    for (let f = trees.feature[node] ?? -1; f >= 0; f = trees.feature[node] ?? -1)
      node = ((row[f] ?? 0) < (trees.value[node] ?? 0) ? trees.left[node] : trees.right[node]) ?? -1;
    sum = Math.fround(sum + (trees.value[node] ?? 0));
  }
  return Math.fround(sum + trees.baseMargin);
}

/** Per feature: total gain of its splits, and their count (nodes reached from the roots only). */
export function boosterImportance(trees: BoosterTrees): { gain: number[]; splits: number[] } {
  const gain = new Array<number>(trees.featureCount).fill(0);
  const splits = new Array<number>(trees.featureCount).fill(0);
  const stack = Array.from(trees.roots);
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    const f = trees.feature[node] ?? -1;
    if (f < 0) continue;
    gain[f] = (gain[f] ?? 0) + (trees.gain[node] ?? 0);
    splits[f] = (splits[f] ?? 0) + 1;
    stack.push(trees.left[node] ?? -1, trees.right[node] ?? -1);
  }
  return { gain, splits };
}
