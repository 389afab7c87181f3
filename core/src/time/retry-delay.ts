/**
 * The wait before retry number `attempt` (0, 1, 2, …): doubling from `baseMs` up to `maxMs`,
 * half of it fixed and half random ("equal jitter"). Clients that failed together — every
 * device of every user when the server restarts — would otherwise retry, and reconnect, in the
 * same instant, again and again; the fixed half keeps a retry from coming back at once.
 */
export function retryDelay(attempt: number, baseMs: number, { maxMs = 60_000, random = Math.random }: { maxMs?: number; random?: () => number } = {}): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
