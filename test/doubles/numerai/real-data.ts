import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SHARED_DATA } from '../../real-data/shared-data.js';
import type {
  DoubleModel,
  DoubleModelRound,
  DoubleRound,
  DoubleScore,
  NumeraiDoubleData,
} from './double.types.js';
import { SCORE_DAY, syntheticRoundTimes } from './synthetic-calendar.js';

/**
 * Real Numerai rows for the double, read in place from ../shared/data/numerai (SOURCES.md, F1 and F2;
 * never copied into the repository). F1 gives rounds 168-382 (times, stakes, payouts); F2 gives
 * per-round canon_corr / canon_mmc values and percentiles of NUMERAI_SWMM and other models for rounds
 * 843-1197, without dates: their round times come from `syntheticRoundTimes` (labelled synthetic).
 */

const JOS = 'numerai/jos1977-numerai_statistics';
const VLAD = 'numerai/borisvschmid-numerai-vladthestaker';
export const ROUNDS_CSV = `${JOS}/rounds.csv`;
export const ROUND_DETAILS_CSV = `${JOS}/roundDetails.csv`;
export const SCORE_FILES = {
  corrValue: `${VLAD}/daily_data_corr_abs.csv`,
  corrPercentile: `${VLAD}/daily_data_corr_rel.csv`,
  mmcValue: `${VLAD}/daily_data_mmc_abs.csv`,
  mmcPercentile: `${VLAD}/daily_data_mmc_rel.csv`,
} as const;

type Row = Record<string, string>;

/** Reads a shared CSV (no quoted commas in these files) into rows keyed by the unquoted header. */
export function readNumeraiCsv(relative: string): Row[] {
  const text = fs.readFileSync(path.join(SHARED_DATA, relative), 'utf8');
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const names = (header ?? '').split(',').map((n) => n.replace(/^"|"$/g, ''));
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(names.map((n, i) => [n, cells[i] ?? '']));
  });
}

/** `MM/DD/YYYY HH:MM:SS` (UTC, as jos1977 stores it) to epoch ms. */
export function parseJosTime(text: string): number {
  const m = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) throw new Error(`not a MM/DD/YYYY HH:MM:SS time: "${text}"`);
  const [, mo, d, y, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

const optionalTime = (text: string | undefined): number | null => (text ? parseJosTime(text) : null);
const optionalText = (text: string | undefined): string | null => (text ? text : null);
const optionalNumber = (text: string | undefined): number | null => (text ? Number(text) : null);

function required(row: Row, name: string): string {
  const v = row[name];
  if (v === undefined || v === '')
    throw new Error(`numerai shared row lacks ${name}: ${JSON.stringify(row)}`);
  return v;
}

/** Rounds 168-382 of the Classic tournament, oldest first. */
export function loadRealRounds(): DoubleRound[] {
  const details = new Map(readNumeraiCsv(ROUND_DETAILS_CSV).map((r) => [required(r, 'roundNumber'), r]));
  return readNumeraiCsv(ROUNDS_CSV)
    .map((r): DoubleRound => {
      const number = required(r, 'number');
      const d = details.get(number);
      if (!d) throw new Error(`roundDetails.csv has no row for round ${number}`);
      return {
        id: required(r, 'id'),
        number: Number(number),
        target: optionalText(d['roundTarget']),
        openTime: parseJosTime(required(r, 'openTime')),
        closeTime: parseJosTime(required(r, 'closeTime')),
        closeStakingTime: optionalTime(r['closeStakingTime']),
        scoreTime: optionalTime(r['scoreTime']),
        resolveTime: parseJosTime(required(r, 'resolveTime')),
        resolvedGeneral: r['resolvedGeneral'] === 'true',
        resolvedStaking: r['resolvedStaking'] === 'true',
        payoutFactor: optionalText(r['payoutFactor']),
        stakeThreshold: optionalNumber(r['stakeThreshold']),
        totalAtStake: optionalText(d['totalAtStake']),
        totalPayout: optionalText(d['totalPayout']),
        totalBurned: null,
        totalStakes: optionalNumber(d['totalStakes']),
        totalSubmitted: optionalNumber(d['totalSubmitted']),
        roundResolved: d['roundResolved'] === 'true',
      };
    })
    .sort((a, b) => a.number - b.number);
}

/** A made-up but stable UUID for a model name (the files hold no ids). */
export function syntheticModelId(name: string): string {
  const h = createHash('sha256').update(`numerai-double:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Per-round canon_corr / canon_mmc of every model column in F2 (NA cells left out). */
export function loadRealModels(): DoubleModel[] {
  const tables = Object.fromEntries(
    Object.entries(SCORE_FILES).map(([k, file]) => [
      k,
      new Map(readNumeraiCsv(file).map((r) => [required(r, 'roundNumber'), r])),
    ]),
  ) as Record<keyof typeof SCORE_FILES, Map<string, Row>>;
  const firstRow = tables.corrValue.values().next().value ?? {};
  const columns = Object.keys(firstRow).filter((c) => c !== 'roundNumber');
  const calendar = new Map<string, ReturnType<typeof syntheticRoundTimes>>();
  const timesOf = (n: string): ReturnType<typeof syntheticRoundTimes> => {
    const known = calendar.get(n);
    if (known) return known;
    const times = syntheticRoundTimes(Number(n));
    calendar.set(n, times);
    return times;
  };
  return columns.map((column) => {
    const rounds: DoubleModelRound[] = [];
    for (const [number, corrRow] of tables.corrValue) {
      const cell = (table: keyof typeof SCORE_FILES): number | null => {
        const v = (table === 'corrValue' ? corrRow : tables[table].get(number))?.[column];
        return v === undefined || v === '' || v === 'NA' ? null : Number(v);
      };
      const scores: DoubleScore[] = [];
      const corr = cell('corrValue');
      const mmc = cell('mmcValue');
      if (corr !== null)
        scores.push({
          displayName: 'canon_corr',
          value: corr,
          percentile: cell('corrPercentile'),
          day: SCORE_DAY,
        });
      if (mmc !== null)
        scores.push({
          displayName: 'canon_mmc',
          value: mmc,
          percentile: cell('mmcPercentile'),
          day: SCORE_DAY,
        });
      if (scores.length === 0) continue;
      const times = timesOf(number);
      rounds.push({
        roundNumber: Number(number),
        roundOpenTime: times.openTime,
        roundResolveTime: times.resolveTime,
        scores,
      });
    }
    const name = column.toLowerCase();
    return { name, id: syntheticModelId(name), rounds };
  });
}

/** Everything the double serves by default: the real Classic rounds and model scores. */
export function loadRealNumeraiData(): NumeraiDoubleData {
  return {
    tournament: 8,
    rounds: loadRealRounds(),
    models: loadRealModels(),
    provenance: [
      `rounds 168-382: ${ROUNDS_CSV} joined with ${ROUND_DETAILS_CSV} (real; target from roundDetails, tournament 8; multipliers and dataDatestamp null: not in the files; totalBurned null)`,
      `model scores, rounds 843-1197: ${Object.values(SCORE_FILES).join(', ')} (real values; displayName canon_corr / canon_mmc; atRisk, multipliers and payouts null)`,
      'SYNTHETIC: the open/resolve times and score dates of rounds 843-1197 (the files hold none): Tue-Sat daily rounds counted on from the real round 382, see synthetic-calendar.ts',
      'SYNTHETIC: model ids (a hash of the name)',
    ],
  };
}
