/** Gridwatch web app entry: language, the app element, the service worker. */
import './styles.css';
import './app';
import { applyToDocument, language, loadLanguage } from './i18n/i18n';
import { registerServiceWorker } from './offline/sw-register';

function start(): void {
  applyToDocument();
  document.querySelector('#app')?.replaceChildren(document.createElement('gw-app'));
}

// English users fetch the English table first (Chinese is built in); offline without it: Chinese.
loadLanguage(language()).then(start, start);
registerServiceWorker();
