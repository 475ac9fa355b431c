/**
 * Registers the service worker (web/sw.js, built with the list of files to cache) in production
 * builds. When a new version takes over, the shell offers a reload.
 */
import { Store } from '../store';

export const updateReady = new Store(false);
export const online = new Store(globalThis.navigator?.onLine ?? true);
globalThis.addEventListener?.('online', () => online.set(true));
globalThis.addEventListener?.('offline', () => online.set(false));

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const hadController = !!navigator.serviceWorker.controller;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // The first install also takes control; only a replacement is news to the user.
    if (hadController) updateReady.set(true);
  });
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((error) => console.warn('service worker not registered', error));
  });
}
