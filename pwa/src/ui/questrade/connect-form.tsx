import { useSignal } from '@preact/signals';
import type { PortfolioRow } from '../../../../core/src/db/rows';
import { formIssues, CoreError, type FieldIssue } from '../../../../core/src/errors';
import type { CoreClient } from '../../../../core/src/worker/connect-core';
import { Field, SelectField } from '../field';

/**
 * Connect a Questrade login: the portfolio the accounts go into, then either "Connect with
 * Questrade" (when the server has a registered app) or a pasted personal refresh token. The
 * token goes once to the user's own sync server, which encrypts it; the field is cleared.
 */
export function ConnectForm({ core, portfolios, oauth, onConnected, first }: { core: CoreClient; portfolios: PortfolioRow[]; oauth: boolean; onConnected: () => void; first: boolean }) {
  const issues = useSignal<FieldIssue[]>([]);
  const busy = useSignal<'' | 'token' | 'oauth'>('');
  const done = useSignal('');
  const portfolioId = useSignal(portfolios[0]?.id ?? '');
  const newName = useSignal('Questrade');
  const issueFor = (field: string) => issues.value.find((i) => i.field === field);

  /** The chosen portfolio, or (when there is none yet) a new one with the name typed. */
  async function targetPortfolio(): Promise<string> {
    if (portfolios.length) return portfolioId.value;
    const name = newName.value.trim();
    if (!name) throw new CoreError('invalid_input', 'Name the new portfolio', [{ field: 'portfolioName', message: 'Name the portfolio the accounts go into' }]);
    const created = await core.createPortfolio({ name });
    portfolioId.value = created.id;
    return created.id;
  }

  async function run(kind: 'token' | 'oauth', action: () => Promise<void>) {
    busy.value = kind;
    done.value = '';
    try {
      await action();
      issues.value = [];
    } catch (error) {
      issues.value = formIssues(error);
    } finally {
      busy.value = '';
    }
  }

  function onSubmit(event: Event) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const token = form.elements.namedItem('refreshToken') as HTMLInputElement;
    void run('token', async () => {
      const target = await targetPortfolio();
      await core.connectQuestrade({ refreshToken: token.value, portfolioId: target });
      token.value = '';
      done.value = 'Connected. The server is importing your history now; this page updates when it is done.';
      onConnected();
    });
  }

  const startOAuth = () =>
    run('oauth', async () => {
      const { authorizeUrl } = await core.startQuestradeOAuth({ portfolioId: await targetPortfolio() });
      location.assign(authorizeUrl);
    });

  const formIssue = issueFor('form');
  return (
    <section class="io-card qt-connect" aria-labelledby="qt-connect-heading">
      <h2 id="qt-connect-heading">{first ? 'Connect Questrade' : 'Connect another Questrade login'}</h2>
      <p class="field-hint">
        Folio imports every account of the login — trades, dividends, interest, deposits, conversions, fees — and keeps them up to date. The connection is kept by your sync server, never in this browser.
      </p>
      <form class="qt-connect-form" onSubmit={onSubmit} noValidate aria-describedby={formIssue ? 'qt-connect-error' : undefined}>
        {portfolios.length === 0 ? (
          <Field
            id="qt-portfolio-name"
            name="portfolioName"
            label="Name of a new portfolio for the imported accounts"
            value={newName.value}
            onInput={(e) => (newName.value = (e.currentTarget as HTMLInputElement).value)}
            hint="You have no portfolio yet: one is created with this name."
            issue={issueFor('portfolioName')}
          />
        ) : (
          <SelectField
            id="qt-portfolio"
            name="portfolioId"
            label="Portfolio for the imported accounts"
            value={portfolioId.value}
            onChange={(next) => (portfolioId.value = next)}
            choices={portfolios}
            issue={issueFor('portfolioId')}
          />
        )}
        {oauth && (
          <div class="qt-oauth">
            <button type="button" onClick={startOAuth} disabled={busy.value !== ''}>
              {busy.value === 'oauth' ? 'Opening Questrade…' : 'Connect with Questrade'}
            </button>
            <p class="field-hint">Opens Questrade’s login page; you come back here when you have allowed access.</p>
            <p class="qt-or">Or paste a personal refresh token:</p>
          </div>
        )}
        <Field
          class="qt-token-field"
          type="password"
          id="qt-token"
          name="refreshToken"
          label="Questrade refresh token"
          autoComplete="off"
          spellcheck={false}
          issue={issueFor('refreshToken')}
          hint={
            <>
              Where to get it: log in to Questrade, open the App Hub (account menu → API centre), register a personal app if you have none, then choose “New device” and “Generate new token”. Copy the
              token here. It works once and expires after 7 days if unused; your sync server stores its successor encrypted.
            </>
          }
        />
        <div>
          <button type="submit" disabled={busy.value !== ''}>
            {busy.value === 'token' ? 'Connecting…' : 'Connect with this token'}
          </button>
        </div>
        {formIssue && (
          <p class="field-error" id="qt-connect-error" role="alert">
            {formIssue.message}
          </p>
        )}
      </form>
      {done.value && (
        <p role="status" class="qt-done">
          {done.value}
        </p>
      )}
    </section>
  );
}
