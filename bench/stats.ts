/** Order statistics for the benchmark's figures. */

/** The q-quantile (0 ≤ q ≤ 1), interpolated between the two nearest ranks. */
export function quantile(values: number[], q: number): number {
  if (!values.length) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const position = (sorted.length - 1) * q
  const below = Math.floor(position)
  const above = Math.ceil(position)
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below)
}

/** How often each value occurs. */
export function tally(values: Array<string | number>): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1
  return counts
}

export const median = (values: number[]) => quantile(values, 0.5)
export const p95 = (values: number[]) => quantile(values, 0.95)

/**
 * A 95 % interval for quantile(a, q) / quantile(b, q), by resampling both
 * samples (percentile bootstrap, fixed seed so a run's figures can be
 * recomputed).
 */
export function ratioInterval(a: number[], b: number[], q = 0.5, resamples = 2000): [number, number] {
  if (!a.length || !b.length) return [NaN, NaN]
  const random = mulberry32(0x7055)
  const draw = (values: number[]) => values.map(() => values[Math.floor(random() * values.length)])
  const ratios = Array.from({ length: resamples }, () => quantile(draw(a), q) / quantile(draw(b), q))
  return [quantile(ratios, 0.025), quantile(ratios, 0.975)]
}

export const ratioOfMediansInterval = (a: number[], b: number[]) => ratioInterval(a, b, 0.5)

/** A small seeded random number generator, so that a simulation can be run again to the same figures. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
