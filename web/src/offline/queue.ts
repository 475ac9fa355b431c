/**
 * The app's one outbox, sending with the signed-in user's token. Screens enqueue through it;
 * the 待同步 screen and the nav badge watch `outboxState`.
 */
import { authFetch } from '../api/client';
import { ownerKey } from '../session';
import { Store } from '../store';
import { createOutbox, type OutboxSnapshot } from './outbox';

export const outbox = createOutbox({
  owner: ownerKey,
  async send(item) {
    const response = await authFetch(item.path, {
      method: item.method,
      headers: item.body === undefined ? {} : { 'content-type': 'application/json' },
      body: item.body === undefined ? undefined : JSON.stringify(item.body),
    });
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    return { status: response.status, body };
  },
});

export const outboxState = new Store<OutboxSnapshot>(outbox.snapshot());
outbox.subscribe((snapshot) => outboxState.set(snapshot));
