import { applyUpdate, updateWaiting } from '../state/service-worker';

export function UpdatePrompt() {
  if (!updateWaiting.value) return null;
  return (
    <div class="banner" role="status">
      A new version of Folio is ready.
      <button type="button" onClick={applyUpdate}>
        Reload to update
      </button>
    </div>
  );
}
