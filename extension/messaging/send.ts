/**
 * Sends a typed message to the background: the answer's type follows from the message's `type`.
 * Safe for content scripts (no validation library here: the background validates).
 */
import { browser } from 'wxt/browser';
import type { Message, MessageErrorData, MessageResult, ResponseOf } from './message-map';

/** A refused or failed message, with the background's code and the fields at fault. */
export class MessageError extends Error {
  readonly code: MessageErrorData['code'];
  readonly issues: { field: string; message: string }[];

  constructor({ code, message, issues = [] }: MessageErrorData) {
    super(message);
    this.name = 'MessageError';
    this.code = code;
    this.issues = issues;
  }
}

function isResult(value: unknown): value is MessageResult<unknown> {
  return typeof value === 'object' && value !== null && 'ok' in value && typeof (value as { ok: unknown }).ok === 'boolean';
}

/** Resolves with the background's answer, or rejects with a {@link MessageError}. */
export async function send<M extends Message>(message: M): Promise<ResponseOf<M['type']>> {
  let answer: unknown;
  try {
    answer = await browser.runtime.sendMessage(message);
  } catch (error) {
    throw new MessageError({ code: 'no_response', message: `The extension's background did not answer ${message.type}: ${error instanceof Error ? error.message : String(error)}` });
  }
  if (!isResult(answer)) throw new MessageError({ code: 'no_response', message: `The extension's background gave no answer to ${message.type}` });
  if (!answer.ok) throw new MessageError(answer.error);
  return answer.value as ResponseOf<M['type']>;
}
