import { score, type Objective } from './objective.ts';

/**
 * Where a trial sits in the parameter space, and how its neighbours did: an edge that only one
 * point of a grid shows, with poor neighbours, is more likely luck than a stable setting.
 */
export interface ParameterAxis {
  path: string;
  /** The distinct values trials took, ascending for numbers, else in order of first appearance. */
  values: unknown[];
}

const keyOf = (value: unknown) => JSON.stringify(value) ?? 'null';

export function parameterAxes(paths: readonly string[], trialValues: ReadonlyArray<Record<string, unknown>>): ParameterAxis[] {
  return paths.map((path) => {
    const distinct = new Map<string, unknown>();
    for (const values of trialValues) if (!distinct.has(keyOf(values[path]))) distinct.set(keyOf(values[path]), values[path]);
    const values = [...distinct.values()];
    if (values.every((v): v is number => typeof v === 'number')) values.sort((a, b) => a - b);
    return { path, values };
  });
}

/** Each trial's position on each axis (index into axis.values). */
export function coordinatesOf(axes: readonly ParameterAxis[], trialValues: ReadonlyArray<Record<string, unknown>>): number[][] {
  const lookups = axes.map((axis) => new Map(axis.values.map((value, i) => [keyOf(value), i])));
  return trialValues.map((values) => axes.map((axis, d) => lookups[d].get(keyOf(values[axis.path])) ?? -1));
}

/**
 * Each trial's neighbours. Grid: the trials one step away on exactly one axis. Random search
 * (scattered points): the 2 x axes nearest trials, by distance in axis positions scaled to 0..1.
 */
export function neighboursOf(coordinates: readonly number[][], axes: readonly ParameterAxis[], method: 'grid' | 'random'): number[][] {
  if (method === 'grid') {
    return coordinates.map((own) =>
      coordinates.flatMap((other, j) => {
        let steps = 0;
        for (let d = 0; d < own.length; d++) steps += Math.abs(other[d] - own[d]);
        return steps === 1 ? [j] : [];
      }),
    );
  }
  const scale = axes.map((axis) => Math.max(1, axis.values.length - 1));
  const k = Math.min(coordinates.length - 1, 2 * axes.length);
  return coordinates.map((own, i) =>
    coordinates
      .map((other, j) => ({ j, distance: other.reduce((sum, c, d) => sum + ((c - own[d]) / scale[d]) ** 2, 0) }))
      .filter(({ j }) => j !== i)
      .sort((a, b) => a.distance - b.distance || a.j - b.j)
      .slice(0, k)
      .map(({ j }) => j),
  );
}

export interface NeighbourSummary {
  neighbours: number[];
  /** Mean and worst objective over the neighbours (null without neighbours or values). */
  mean: number | null;
  worst: number | null;
}

export function summarizeNeighbours(neighbours: readonly number[][], objectiveValues: readonly number[], objective: Objective): NeighbourSummary[] {
  return neighbours.map((list) => {
    const values = list.map((j) => objectiveValues[j]).filter(Number.isFinite);
    if (values.length === 0) return { neighbours: [...list], mean: null, worst: null };
    const worst = values.reduce((a, b) => (score(objective, b) < score(objective, a) ? b : a));
    return { neighbours: [...list], mean: values.reduce((a, b) => a + b, 0) / values.length, worst };
  });
}

export interface HeatmapCell {
  /** Best objective among the trials with these two values (other parameters vary); null if none has one. */
  best: number | null;
  /** The trial that reached it. */
  trial: number | null;
  count: number;
}

export interface Heatmap {
  x: string;
  y: string;
  xValues: unknown[];
  yValues: unknown[];
  /** cells[yIndex][xIndex]. */
  cells: HeatmapCell[][];
}

export function heatmapOf(
  axes: readonly ParameterAxis[],
  coordinates: readonly number[][],
  objectiveValues: readonly number[],
  objective: Objective,
  x: string,
  y: string,
): Heatmap {
  const xd = axes.findIndex((axis) => axis.path === x);
  const yd = axes.findIndex((axis) => axis.path === y);
  const cells: HeatmapCell[][] = axes[yd].values.map(() => axes[xd].values.map(() => ({ best: null, trial: null, count: 0 })));
  coordinates.forEach((own, trial) => {
    const cell = cells[own[yd]][own[xd]];
    cell.count++;
    const value = objectiveValues[trial];
    if (Number.isFinite(value) && (cell.best === null || score(objective, value) > score(objective, cell.best))) {
      cell.best = value;
      cell.trial = trial;
    }
  });
  return { x, y, xValues: axes[xd].values, yValues: axes[yd].values, cells };
}

export interface ParameterProfile {
  path: string;
  /** Per value of this parameter: the best and the median objective over the trials with it. */
  points: Array<{ value: unknown; best: number | null; median: number | null; count: number }>;
}

/** How the objective moves with each parameter alone (the others taking all their values). */
export function parameterProfiles(axes: readonly ParameterAxis[], coordinates: readonly number[][], objectiveValues: readonly number[], objective: Objective): ParameterProfile[] {
  return axes.map((axis, d) => ({
    path: axis.path,
    points: axis.values.map((value, i) => {
      const values = coordinates.flatMap((own, trial) => (own[d] === i && Number.isFinite(objectiveValues[trial]) ? [objectiveValues[trial]] : []));
      const count = coordinates.filter((own) => own[d] === i).length;
      if (values.length === 0) return { value, best: null, median: null, count };
      const sorted = [...values].sort((a, b) => a - b);
      const middle = sorted.length / 2;
      const median = sorted.length % 2 === 1 ? sorted[Math.floor(middle)] : (sorted[middle - 1] + sorted[middle]) / 2;
      const best = values.reduce((a, b) => (score(objective, b) > score(objective, a) ? b : a));
      return { value, best, median, count };
    }),
  }));
}
