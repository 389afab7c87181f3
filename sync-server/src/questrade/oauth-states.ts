import type { Database } from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';

const OAUTH_STATE_MS = 10 * 60_000;
const hashState = (state: string) => createHash('sha256').update(state).digest('base64url');

/**
 * States of the authorization-code flow: random, stored only as a hash, tied to the user and
 * the chosen portfolio, usable once and for 10 minutes. The state alone never decides whose
 * connection it becomes: it is finished by a signed-in call whose user must be the one who
 * started it (else a user could send their own authorize link to a victim and receive the
 * victim's Questrade authorization).
 */
export class OAuthStates {
  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {}

  /** A fresh OAuth state for the authorization-code flow (stored hashed, single use, 10 minutes). */
  create(userId: string, portfolioId: string): string {
    const state = randomBytes(24).toString('base64url');
    const now = this.now();
    this.db.prepare('DELETE FROM questrade_oauth_states WHERE expires_at < ?').run(now - OAUTH_STATE_MS);
    this.db.prepare('INSERT INTO questrade_oauth_states (state_hash, user_id, portfolio_id, expires_at) VALUES (?, ?, ?, ?)').run(hashState(state), userId, portfolioId, now + OAUTH_STATE_MS);
    return state;
  }

  /**
   * Uses up a state for the signed-in user finishing the flow: the portfolio it was made for,
   * or why it is refused. A state presented by another user is used up too (it was exposed)
   * and refused exactly like an unknown one, so nothing tells that user it exists.
   */
  consume(state: string, userId: string): { portfolioId: string } | { refused: 'invalid_state' | 'expired_state' | 'used_state' } {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT user_id, portfolio_id, expires_at, used_at FROM questrade_oauth_states WHERE state_hash = ?').get(hashState(state)) as
        | { user_id: string; portfolio_id: string; expires_at: number; used_at: number | null }
        | undefined;
      if (!row) return { refused: 'invalid_state' as const };
      if (row.used_at === null) this.db.prepare('UPDATE questrade_oauth_states SET used_at = ? WHERE state_hash = ?').run(this.now(), hashState(state));
      if (row.user_id !== userId) return { refused: 'invalid_state' as const };
      if (row.used_at !== null) return { refused: 'used_state' as const };
      if (row.expires_at <= this.now()) return { refused: 'expired_state' as const };
      return { portfolioId: row.portfolio_id };
    })();
  }
}
