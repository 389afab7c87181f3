import type { Insight, InsightSeverity } from '../../../../core/src/insights/insight-types';

export const SEVERITY_ORDER: readonly InsightSeverity[] = ['critical', 'warning', 'info'];
export const SEVERITY_LABEL: Record<InsightSeverity, string> = { critical: 'Critical', warning: 'Warning', info: 'Info' };

/**
 * One finding: what, why (with the numbers), what to do, and where to see it. A model-written
 * one says so, so it is never mistaken for a rule's exact computation.
 */
export function InsightCard({ insight, headingLevel = 3 }: { insight: Insight; headingLevel?: 3 | 4 | 5 }) {
  const Title = `h${headingLevel}` as 'h3';
  const headingId = `insight-${insight.source}-${insight.id.replace(/[^\w-]/g, '_')}`;
  return (
    <article class={`insight-card severity-${insight.severity}`} aria-labelledby={headingId} data-insight={insight.id} data-source={insight.source}>
      <header>
        <span class={`severity-badge severity-${insight.severity}`}>{SEVERITY_LABEL[insight.severity]}</span>
        {insight.source === 'ai' && <span class="ai-badge">AI-written</span>}
        <Title id={headingId}>{insight.title}</Title>
      </header>
      <p>{insight.explanation}</p>
      {insight.figures.length > 0 && (
        <dl class="insight-figures">
          {insight.figures.map((f) => (
            <div key={f.label}>
              <dt>{f.label}</dt>
              <dd>{f.value}</dd>
            </div>
          ))}
        </dl>
      )}
      {insight.actions && insight.actions.length > 0 && (
        <div class="insight-actions">
          <p class="insight-actions-label">Suggested:</p>
          <ul>
            {insight.actions.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ul>
        </div>
      )}
      <a href={insight.link.href}>
        {insight.link.label}
        <span class="sr-only"> for: {insight.title}</span>
      </a>
    </article>
  );
}

/** Insights grouped by severity, most severe first, each group headed and counted. */
export function InsightGroups({ insights, idPrefix, headingLevel = 2 }: { insights: readonly Insight[]; idPrefix: string; headingLevel?: 2 | 3 | 4 }) {
  const Heading = `h${headingLevel}` as 'h2';
  return (
    <>
      {SEVERITY_ORDER.map((severity) => {
        const group = insights.filter((i) => i.severity === severity);
        if (!group.length) return null;
        const id = `${idPrefix}-${severity}`;
        return (
          <section key={severity} aria-labelledby={id} class="insight-group">
            <Heading id={id} class="insight-group-heading">
              {SEVERITY_LABEL[severity]} ({group.length})
            </Heading>
            <div class="insight-cards">
              {group.map((i) => (
                <InsightCard key={i.id} insight={i} headingLevel={(headingLevel + 1) as 3 | 4 | 5} />
              ))}
            </div>
          </section>
        );
      })}
    </>
  );
}
