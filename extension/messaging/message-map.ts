/**
 * Every message the extension's parts exchange, keyed by its literal `type`: what the sender
 * sends and what it gets back. Types only (no runtime code), so content scripts can import it
 * without pulling in the background's validation; the background validates every incoming
 * message against the schemas in message-schemas.ts before any handler sees it.
 */
import type { AlertView, NewAlertInput } from '../background/alerts/alert-model';
import type { OverlayLookupRequest, OverlayLookupResponse, OverlaySiteRequest, OverlaySiteResponse } from '../overlay/overlay-protocol';

/** The toolbar badge as the background last set it. */
export interface BadgeState {
  /** Short form such as "+1.2%"; empty when the day change is unknown. */
  text: string;
  /** 'up' green, 'down' red, 'flat' grey; 'unknown' shows no text. */
  tone: 'up' | 'down' | 'flat' | 'unknown';
  /** The tooltip: the day change in full, or why it is unknown. */
  title: string;
}

/** What one background refresh did (quotes, badge, alerts). */
export interface RefreshOutcome {
  /** When the refresh ran (ISO). */
  at: string;
  badge: BadgeState;
  /** Ids of the alerts that fired on this refresh. */
  fired: string[];
  /** Why quotes could not be refreshed (no server, unreachable…); the badge and alerts used the cached prices. */
  quoteError?: string;
}

export interface BackgroundStatus {
  badge: BadgeState;
  /** When the next scheduled refresh is due (ISO), if one is scheduled. */
  nextRefreshAt?: string;
  lastRefresh?: RefreshOutcome;
}

export interface MessageMap {
  'overlay.lookup': { request: OverlayLookupRequest; response: OverlayLookupResponse };
  'overlay.site': { request: OverlaySiteRequest; response: OverlaySiteResponse };
  'alerts.list': { request: { type: 'alerts.list' }; response: { alerts: AlertView[] } };
  'alerts.add': { request: { type: 'alerts.add' } & NewAlertInput; response: AlertView };
  'alerts.delete': { request: { type: 'alerts.delete'; id: string }; response: { deleted: string } };
  /** Refresh quotes now, then update the badge and check alerts (the alarm does the same). */
  'background.refresh': { request: { type: 'background.refresh' }; response: RefreshOutcome };
  'background.status': { request: { type: 'background.status' }; response: BackgroundStatus };
}

export type MessageType = keyof MessageMap;
export type RequestOf<K extends MessageType> = MessageMap[K]['request'];
export type ResponseOf<K extends MessageType> = MessageMap[K]['response'];
/** Any message the background accepts. */
export type Message = { [K in MessageType]: RequestOf<K> }[MessageType];

/** Why a message was refused or failed; `issues` name the fields at fault. */
export interface MessageErrorData {
  code: 'invalid_input' | 'unknown_type' | 'forbidden' | 'not_found' | 'conflict' | 'internal' | 'no_response';
  message: string;
  issues?: { field: string; message: string }[];
}

/** The one shape every answer from the background has. */
export type MessageResult<T> = { ok: true; value: T } | { ok: false; error: MessageErrorData };
