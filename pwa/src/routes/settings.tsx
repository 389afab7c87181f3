import { useApp } from '../state/app-context';
import { StoragePanel } from '../ui/storage-panel';
import { SyncPanel } from '../ui/sync-panel';

export function Settings() {
  const { core, sync } = useApp();
  return (
    <section aria-labelledby="settings-heading">
      <h1 id="settings-heading">Settings</h1>
      <SyncPanel core={core} store={sync} />
      <StoragePanel core={core} />
    </section>
  );
}
