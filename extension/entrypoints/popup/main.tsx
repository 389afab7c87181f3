import { render } from 'preact';
import { connectCore } from '../../../core/src/worker/connect-core';
import { createHoldingsStore } from '../../../pwa/src/state/holdings-store';
import { Popup } from '../../ui/popup';
import '../../../pwa/src/styles.css';
import './popup.css';

// The popup's core worker opens the extension's own IndexedDB database.
const core = connectCore();
render(<Popup core={core} store={createHoldingsStore(core)} />, document.getElementById('app')!);
