/**
 * The background's validation of every message it receives (zod): one schema per message type,
 * strict (an unknown field is refused by name). Background-only: content scripts import
 * message-map.ts and send.ts, never this module, so their bundle stays free of zod.
 */
import { z } from 'zod';
import { decimalField, symbolField } from '../../core/src/model/transaction-schema';
import { cmp, dec } from '../../core/src/money/decimal';
import type { MessageType, RequestOf } from './message-map';

const alertCondition = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('above'), level: decimalField('Price level', 'positive') }),
    z.strictObject({ kind: z.literal('below'), level: decimalField('Price level', 'positive') }),
    z.strictObject({
      kind: z.literal('dayMove'),
      percent: decimalField('Day move', 'positive').refine((v) => cmp(dec(v), dec('100')) <= 0, { message: 'Day move must be at most 100 (%)' }),
    }),
  ],
  { error: 'Alert kind must be "above", "below" or "dayMove"' },
);

/** The schema of each message type; the compiler checks each one produces that type's request. */
export const messageSchemas: { [K in MessageType]: z.ZodType<RequestOf<K>, unknown> } = {
  'overlay.lookup': z.strictObject({
    type: z.literal('overlay.lookup'),
    symbols: z.array(symbolField, { error: 'Symbols must be a list' }).min(1, { message: 'Symbols must name at least one symbol' }).max(1000, { message: 'Symbols: at most 1000 per lookup' }),
  }),
  // No hostname: the background takes the site from the sender's URL, which the page cannot forge.
  'overlay.site': z.strictObject({ type: z.literal('overlay.site') }),
  'alerts.list': z.strictObject({ type: z.literal('alerts.list') }),
  'alerts.add': z.strictObject({ type: z.literal('alerts.add'), symbol: symbolField, condition: alertCondition }),
  'alerts.delete': z.strictObject({ type: z.literal('alerts.delete'), id: z.string({ error: 'Alert id is required' }).min(1, { message: 'Alert id is required' }).max(100) }),
  'background.refresh': z.strictObject({ type: z.literal('background.refresh') }),
  'background.status': z.strictObject({ type: z.literal('background.status') }),
};

/** Types a content script (a web page's renderer) may send; everything else only the extension's own pages may. */
export const CONTENT_SCRIPT_TYPES: ReadonlySet<MessageType> = new Set<MessageType>(['overlay.lookup', 'overlay.site']);

export const isMessageType = (type: string): type is MessageType => Object.hasOwn(messageSchemas, type);
