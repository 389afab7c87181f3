/** A figure that is not known: a dash, never 0, with the reason in a tooltip and for screen readers. */
export function Unknown({ why }: { why: string }) {
  return (
    <span class="unknown" title={why} data-unknown>
      —<span class="sr-only"> (not known: {why})</span>
    </span>
  );
}
