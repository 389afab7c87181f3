/**
 * The background's side of messaging: every incoming message is checked (an object with a known
 * `type`, from a sender allowed to send it, matching its schema) before its handler runs, and
 * every answer is `{ ok: true, value }` or `{ ok: false, error }` with a message naming what was
 * wrong. Handlers receive the validated, normalized request.
 */
import type { z } from 'zod';
import { CoreError } from '../../core/src/errors';
import type { MessageErrorData, MessageResult, MessageType, RequestOf, ResponseOf } from './message-map';
import { CONTENT_SCRIPT_TYPES, isMessageType, messageSchemas } from './message-schemas';

/** Who sent a message (the part of `runtime.MessageSender` the router and handlers read). */
export interface MessageSender {
  /** The sending frame's URL, set by the browser (a page cannot forge it). */
  url?: string;
  tab?: { url?: string } | unknown;
}

/**
 * A handler's refusal with one of the messaging codes the core's errors do not have (`forbidden`):
 * the router answers with exactly this code and message.
 */
export class MessageRefusal extends Error {
  constructor(readonly data: MessageErrorData) {
    super(data.message);
    this.name = 'MessageRefusal';
  }
}

export type MessageHandlers = { [K in MessageType]: (request: RequestOf<K>, sender: MessageSender) => Promise<ResponseOf<K>> | ResponseOf<K> };

export type Route = (message: unknown, sender: MessageSender) => Promise<MessageResult<unknown>>;

const refuse = (error: MessageErrorData): MessageResult<never> => ({ ok: false, error });

function describeIssues(issues: readonly z.core.$ZodIssue[]): { field: string; message: string }[] {
  return issues.map((issue) => ({ field: issue.path.map(String).join('.') || 'message', message: issue.message }));
}

/**
 * Whether the sender is one of the extension's own pages (popup, dashboard, options): messages
 * from content scripts come from a web page's tab at that page's URL.
 */
function fromExtensionPage(sender: MessageSender, extensionOrigin: string): boolean {
  if (sender.url !== undefined) return sender.url.startsWith(extensionOrigin);
  return sender.tab === undefined;
}

/** Builds the router; `extensionOrigin` is `runtime.getURL('')` (chrome-extension://id/). */
export function createRouter(handlers: MessageHandlers, { extensionOrigin }: { extensionOrigin: string }): Route {
  return async (message, sender) => {
    if (typeof message !== 'object' || message === null || Array.isArray(message)) return refuse({ code: 'invalid_input', message: 'A message must be an object with a "type"' });
    const type = (message as { type?: unknown }).type;
    if (typeof type !== 'string') return refuse({ code: 'invalid_input', message: 'A message needs a string "type"', issues: [{ field: 'type', message: 'Required' }] });
    if (!isMessageType(type)) return refuse({ code: 'unknown_type', message: `Unknown message type "${type.slice(0, 60)}"` });
    if (!CONTENT_SCRIPT_TYPES.has(type) && !fromExtensionPage(sender, extensionOrigin)) return refuse({ code: 'forbidden', message: `"${type}" is not accepted from a web page` });
    const parsed = messageSchemas[type].safeParse(message);
    if (!parsed.success) {
      const issues = describeIssues(parsed.error.issues);
      return refuse({ code: 'invalid_input', message: `Invalid "${type}" message: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues });
    }
    try {
      const handler = handlers[type] as (request: unknown, sender: MessageSender) => Promise<unknown> | unknown;
      return { ok: true, value: await handler(parsed.data, sender) };
    } catch (error) {
      if (error instanceof MessageRefusal) return refuse(error.data);
      const failure = CoreError.from(error);
      return refuse({ code: failure.code, message: failure.message, ...(failure.issues.length ? { issues: failure.issues } : {}) });
    }
  };
}

/**
 * A `runtime.onMessage` listener for a route. Chrome answers through `sendResponse` (the listener
 * returns true to keep the channel open); runtimes that pass none (Firefox may, WXT's fake
 * browser does) take the returned promise.
 */
export function messageListener(route: Route) {
  return (message: unknown, sender: MessageSender, sendResponse?: (answer: unknown) => void): true | Promise<MessageResult<unknown>> => {
    const answer = route(message, sender);
    if (typeof sendResponse !== 'function') return answer;
    void answer.then(sendResponse);
    return true;
  };
}
