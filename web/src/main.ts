/** Gridwatch web app entry: language, the app element, the service worker. */
import './styles.css';
import './app';
import { applyToDocument } from './i18n/i18n';
import { registerServiceWorker } from './offline/sw-register';

applyToDocument();
document.querySelector('#app')?.replaceChildren(document.createElement('gw-app'));
registerServiceWorker();
