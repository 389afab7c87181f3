/**
 * The arcs of a donut: each positive weight's length along the circumference and where it
 * starts. Weights are normalized by their positive total (they may not sum to exactly 1 after
 * rounding); zero or negative weights (a short position) get no arc and stay in the table.
 */
export function donutArcs(weights: readonly number[], circumference: number): ({ offset: number; length: number } | null)[] {
  const total = weights.reduce((s, w) => (w > 0 ? s + w : s), 0);
  let offset = 0;
  return weights.map((w) => {
    if (!(w > 0) || total <= 0) return null;
    const length = (w / total) * circumference;
    const arc = { offset, length };
    offset += length;
    return arc;
  });
}
