import { z } from 'zod';
import { INSIGHT_RULES, INSIGHT_SEVERITIES, type Insight } from '../../../core/src/insights/insight-types';

/**
 * The screens a model-written insight may point to. The model picks one of these names and the
 * server turns it into a route: a model never writes a link itself.
 */
export const INSIGHT_SCREENS = {
  holdings: { label: 'Open holdings', href: '/portfolio' },
  transactions: { label: 'Open transactions', href: '/portfolio?tab=transactions' },
  performance: { label: 'Open performance', href: '/portfolio?tab=performance' },
  income: { label: 'Open income', href: '/portfolio?tab=income' },
  allocation: { label: 'Open allocation', href: '/portfolio?tab=allocation' },
  rebalancing: { label: 'Open rebalancing', href: '/portfolio?tab=rebalancing' },
  realized: { label: 'Open realized gains', href: '/portfolio?tab=realized' },
} as const;
type Screen = keyof typeof INSIGHT_SCREENS;
const SCREEN_NAMES = Object.keys(INSIGHT_SCREENS) as [Screen, ...Screen[]];

const text = (max: number) => z.string().trim().min(1).max(max);

const modelInsightSchema = z
  .object({
    rule: z.enum(INSIGHT_RULES),
    severity: z.enum(INSIGHT_SEVERITIES),
    title: text(200),
    explanation: text(2000),
    figures: z.array(z.object({ label: text(80), value: text(80) }).strict()).max(8),
    actions: z.array(text(300)).max(5),
    screen: z.enum(SCREEN_NAMES),
  })
  .strict();

/** What the model must answer, checked after parsing: anything else is `bad_model_output`. */
export const modelOutputSchema = z.object({ narrative: text(4000), insights: z.array(modelInsightSchema).max(10) }).strict();
export type ModelOutput = z.infer<typeof modelOutputSchema>;

const stringSchema = { type: 'string' } as const;

/**
 * The same shape as a JSON Schema for `response_format` (strict structured output: every property
 * required, no others). `narrative` comes first so it streams before the insights.
 */
export const MODEL_RESPONSE_FORMAT = {
  type: 'json_schema',
  json_schema: {
    name: 'portfolio_review',
    strict: true,
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['narrative', 'insights'],
      properties: {
        narrative: { type: 'string', description: 'A short review (at most 120 words) in plain language.' },
        insights: {
          type: 'array',
          description: 'At most 6 findings, most important first.',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['rule', 'severity', 'title', 'explanation', 'figures', 'actions', 'screen'],
            properties: {
              rule: { type: 'string', enum: [...INSIGHT_RULES], description: 'The rule this finding relates to, or "ai" for anything else.' },
              severity: { type: 'string', enum: [...INSIGHT_SEVERITIES] },
              title: { ...stringSchema, description: 'One line.' },
              explanation: { ...stringSchema, description: 'Plain language, with the numbers behind it.' },
              figures: {
                type: 'array',
                items: { type: 'object', additionalProperties: false, required: ['label', 'value'], properties: { label: stringSchema, value: stringSchema } },
              },
              actions: { type: 'array', items: stringSchema },
              screen: { type: 'string', enum: SCREEN_NAMES, description: 'The screen that shows the numbers.' },
            },
          },
        },
      },
    },
  },
} as const;

export const SYSTEM_PROMPT = [
  'You review an anonymized summary of a self-directed investor\'s portfolio (JSON).',
  'Weights, returns, yields and fees are fractions (0.25 = 25 %). Null means unknown: never guess it.',
  'The summary already lists the findings of rule-based checks in "insights"; add what they miss (interactions, priorities, context) rather than repeating them.',
  'Be factual and educational, not a recommendation to buy or sell a specific security; mention taxes only in general terms.',
  'Answer in the JSON format requested: a short narrative, then at most 6 insights.',
].join(' ');

/** A model insight in the shared Insight shape: source "ai", an id of its own, a link to a known screen. */
export function toInsights(output: ModelOutput): Insight[] {
  return output.insights.map((i, n) => ({
    id: `ai:${n + 1}:${i.rule}`,
    rule: i.rule,
    severity: i.severity,
    title: i.title,
    explanation: i.explanation,
    figures: i.figures,
    ...(i.actions.length ? { actions: i.actions } : {}),
    link: { ...INSIGHT_SCREENS[i.screen] },
    source: 'ai' as const,
  }));
}

/** Parses and validates the model's content; null when it is not JSON or not the agreed shape. */
export function parseModelOutput(content: string): ModelOutput | null {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return null;
  }
  const result = modelOutputSchema.safeParse(json);
  return result.success ? result.data : null;
}
