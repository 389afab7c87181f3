/**
 * The alert form's fields and how the background's validation issues map onto them, so each
 * message shows beside the field it is about.
 */
import type { AlertCondition } from '../../background/alerts/alert-model';

export type AlertKind = AlertCondition['kind'];
export type AlertFormField = 'symbol' | 'kind' | 'value' | 'form';

export const KIND_LABELS: Record<AlertKind, string> = {
  above: 'Price at or above',
  below: 'Price at or below',
  dayMove: 'Day move of at least',
};

/** The value field's label for each kind. */
export const VALUE_LABELS: Record<AlertKind, string> = { above: 'Price level', below: 'Price level', dayMove: 'Day move (%)' };

/** The condition the form sends for a kind and the value typed (validated by the background). */
export function conditionOf(kind: AlertKind, value: string): AlertCondition {
  return kind === 'dayMove' ? { kind, percent: value } : { kind, level: value };
}

/** Which form field a background issue (`symbol`, `condition.level`…) belongs to. */
export function fieldOfIssue(field: string): AlertFormField {
  if (field === 'symbol') return 'symbol';
  if (field === 'condition.kind') return 'kind';
  if (field === 'condition.level' || field === 'condition.percent') return 'value';
  return 'form';
}
