import type { QuestradeStore } from './connection-store';
import { QuestradeError, type ApiAuth, type QuestradeClient } from './questrade-client';

/** An access token this close to expiry is refreshed before use. */
const EXPIRY_MARGIN_MS = 60_000;

/** The user must connect again: the stored authorization no longer works. */
export class ReconnectNeeded extends Error {
  constructor(
    readonly code: 'token_rejected' | 'refresh_interrupted' | 'access_refused' | 'no_tokens',
    message: string,
  ) {
    super(message);
    this.name = 'ReconnectNeeded';
  }
}

/**
 * Access tokens for a connection. Questrade's refresh tokens work once: the answer's new
 * refresh token is stored (sealed) before its access token is used, and only one refresh per
 * connection runs at a time — an in-process single flight here, and the caller holds the
 * connection's SQLite lease so no other process refreshes meanwhile.
 *
 * A refresh first marks the connection ("refresh started"); storing the answer clears the
 * mark in the same statement. If the process dies or the store fails in between, the mark
 * stays, the old refresh token is already spent at Questrade, and the next attempt — refused
 * — reports `refresh_interrupted` so the user knows to reconnect. Nothing else is touched.
 */
export class QuestradeAuth {
  private readonly inflight = new Map<string, Promise<ApiAuth>>();
  /** Token refreshes sent to Questrade (for tests and diagnostics). */
  refreshes = 0;

  constructor(
    private readonly store: QuestradeStore,
    private readonly client: QuestradeClient,
    private readonly now: () => number,
  ) {}

  /** A usable access token: the stored one while it is fresh, else a refreshed one. */
  async access(userId: string, connectionId: string, leaseOwner: string): Promise<ApiAuth & { refreshed: boolean }> {
    const tokens = this.store.tokens(userId, connectionId);
    if (!tokens) throw new ReconnectNeeded('no_tokens', 'This connection has no Questrade authorization: connect again');
    if (tokens.accessToken && tokens.apiServer && (tokens.accessExpiresAt ?? 0) > this.now() + EXPIRY_MARGIN_MS) return { accessToken: tokens.accessToken, apiServer: tokens.apiServer, refreshed: false };
    return { ...(await this.refresh(userId, connectionId, leaseOwner)), refreshed: true };
  }

  /** Refreshes now (after Questrade refused the access token); concurrent callers share one refresh. */
  refresh(userId: string, connectionId: string, leaseOwner: string): Promise<ApiAuth> {
    const running = this.inflight.get(connectionId);
    if (running) return running;
    const promise = this.doRefresh(userId, connectionId, leaseOwner).finally(() => this.inflight.delete(connectionId));
    this.inflight.set(connectionId, promise);
    return promise;
  }

  private async doRefresh(userId: string, connectionId: string, leaseOwner: string): Promise<ApiAuth> {
    if (!this.store.holdsLease(connectionId, leaseOwner)) throw new Error('Questrade token refresh without the connection lease');
    // Read again: the token may have been rotated since the caller looked.
    const tokens = this.store.tokens(userId, connectionId);
    if (!tokens) throw new ReconnectNeeded('no_tokens', 'This connection has no Questrade authorization: connect again');
    this.store.markRefreshStarted(connectionId);
    this.refreshes += 1;
    let fresh;
    try {
      fresh = await this.client.refresh(tokens.refreshToken);
    } catch (error) {
      if (error instanceof QuestradeError && error.kind === 'grant_rejected') {
        throw tokens.refreshInterrupted
          ? new ReconnectNeeded('refresh_interrupted', 'A Questrade token refresh was interrupted before its new token was saved, and Questrade tokens work only once: connect again')
          : new ReconnectNeeded('token_rejected', 'Questrade no longer accepts this connection (the authorization was revoked or expired): connect again');
      }
      throw error;
    }
    // Store the new single-use refresh token before anything uses the access token.
    this.store.saveTokens(userId, connectionId, fresh);
    return { accessToken: fresh.accessToken, apiServer: fresh.apiServer };
  }
}
