import { useLocation } from 'preact-iso';
import { useApp } from '../state/app-context';

export function Welcome() {
  const { prefs } = useApp();
  const { route } = useLocation();
  return (
    <section aria-labelledby="welcome-heading">
      <h1 id="welcome-heading">Welcome to Folio</h1>
      <button
        type="button"
        onClick={() => {
          prefs.finishOnboarding();
          route('/');
        }}
      >
        Start on this device
      </button>
    </section>
  );
}
