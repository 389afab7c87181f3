import type { AiErrorCode } from '../../../../core/src/api/handlers/ai-insights';

/** What the user can do about each failure (the server's message says what happened). */
export const AI_ERROR_HINTS: Partial<Record<AiErrorCode, string>> = {
  invalid_key: 'Check the API key (yours below, or the server’s OPENAI_API_KEY).',
  quota_exceeded: 'The model account is out of credit.',
  rate_limited: 'Wait a minute, then try again.',
  budget_exhausted: 'The daily allowance resets at midnight UTC.',
  model_unavailable: 'The model service may be down, or the model name or base URL is wrong.',
  timeout: 'The model took too long. Try again later.',
  bad_model_output: 'The model’s answer could not be used. Trying again usually helps.',
  not_configured: 'AI is not set up on this server yet: see below.',
  not_signed_in: 'Sign in to a Folio sync server under Settings.',
  unreachable: 'Check the connection to your sync server.',
};

export const AI_ERROR_TITLES: Partial<Record<AiErrorCode, string>> = {
  invalid_key: 'The API key was refused',
  quota_exceeded: 'Quota exceeded',
  rate_limited: 'Too many requests',
  budget_exhausted: 'Daily AI budget used up',
  model_unavailable: 'Model unavailable',
  timeout: 'The model timed out',
  bad_model_output: 'The model answered in an unexpected format',
  not_configured: 'AI is not configured',
  not_signed_in: 'Not signed in',
  unreachable: 'Sync server unreachable',
};
