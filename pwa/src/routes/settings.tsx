import { useApp } from '../state/app-context';
import { BackupPanel } from '../ui/settings/backup-panel';
import { PreferencesPanel } from '../ui/settings/preferences-panel';
import { StoragePanel } from '../ui/storage-panel';
import { SyncPanel } from '../ui/sync-panel';
import '../ui/settings/screen.css';

/** Preferences, account and sync, where the data lives, and backup / restore / reset. */
export function Settings() {
  const { core, sync, prefs, beforeSignIn } = useApp();
  return (
    <section class="folio-screen" aria-labelledby="settings-heading">
      <h1 id="settings-heading">Settings</h1>
      <PreferencesPanel core={core} prefs={prefs} />
      <div class="io-card">
        <SyncPanel core={core} store={sync} beforeSignIn={beforeSignIn} />
      </div>
      <div class="io-card">
        <StoragePanel core={core} />
      </div>
      <BackupPanel core={core} signedIn={Boolean(sync.overview.value?.session)} />
    </section>
  );
}
