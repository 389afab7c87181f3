import { render } from 'preact';
import { OptionsPage } from '../../ui/options/options-page';
import { applyStoredTheme } from '../../ui/options/options-theme';
import '../../../pwa/src/styles.css';

applyStoredTheme();
render(<OptionsPage />, document.getElementById('app')!);
