import type { AiConfig } from '../../../../core/src/api/handlers/ai-insights';
import type { AiSummary } from '../../../../core/src/insights/ai-summary';

/** The summary exactly as it would be sent, pretty-printed for reading. */
export function SummaryPreview({ summary, id }: { summary: AiSummary | null; id: string }) {
  if (!summary) return <p role="status">Preparing the summary…</p>;
  return (
    <pre class="ai-preview" id={id} tabIndex={0} aria-label="The summary that will be sent">
      {JSON.stringify(summary, null, 2)}
    </pre>
  );
}

/** Whether AI review can run here, and if not, how to enable it. */
export function ServerStatus({ config }: { config: AiConfig }) {
  if (!config.signedIn) {
    return (
      <p data-ai-status="not-signed-in">
        AI review runs through your Folio sync server, so it needs an account there. <a href="/settings">Sign in under Settings</a>. The rule insights above work without it.
      </p>
    );
  }
  if (!config.server) return <p data-ai-status="server-problem">AI availability is unknown: {config.serverProblem}</p>;
  if (!config.server.enabled) {
    return (
      <div data-ai-status="not-configured">
        <p>
          <strong>AI review is not set up on this server.</strong> The rule insights above work without it. To enable it, the server’s operator sets <code>OPENAI_API_KEY</code>{' '}
          (optionally <code>OPENAI_MODEL</code>, and <code>OPENAI_BASE_URL</code> for any OpenAI-compatible endpoint, including a local one), or you save your own key below.
        </p>
      </div>
    );
  }
  const s = config.server;
  return (
    <p class="muted" data-ai-status="available">
      Model {s.model ?? 'default'}
      {s.baseUrl ? ` at ${s.baseUrl}` : ''} with {s.source === 'user' ? 'your key' : 'the server’s key'} · {s.usedToday} of {s.dailyBudget} reviews used today
    </p>
  );
}

