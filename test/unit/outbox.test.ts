/**
 * The web app's offline outbox (web/src/offline/outbox.ts) over fake-indexeddb: what is sent when,
 * what a response means for an item, and what the pending-sync screen is told.
 */
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Connectivity,
  classify,
  createOutbox,
  type Outbox,
  type OutboxItem,
  type OutboxOptions,
  type OutboxSnapshot,
  type SendResult,
} from '../../web/src/offline/outbox';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

interface FakeNetwork {
  online: boolean;
  connectivity: Connectivity;
  /** Change the state and fire the browser's online/offline event. */
  set(value: boolean): void;
}

function fakeNetwork(online = true): FakeNetwork {
  const listeners = new Set<(online: boolean) => void>();
  const net: FakeNetwork = {
    online,
    connectivity: {
      isOnline: () => net.online,
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    set(value) {
      net.online = value;
      for (const l of listeners) l(value);
    },
  };
  return net;
}

/** A server that answers from a script: each call takes the next answer (the last one repeats). */
function fakeServer(...answers: (SendResult | Error)[]) {
  const calls: OutboxItem[] = [];
  const send = async (item: OutboxItem): Promise<SendResult> => {
    calls.push(structuredClone(item));
    const answer = answers.length > 1 ? answers.shift()! : answers[0]!;
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { calls, send };
}

const opened: Outbox[] = [];
afterEach(() => {
  for (const o of opened.splice(0)) o.close();
});

function setup(overrides: Partial<OutboxOptions> & { send: OutboxOptions['send'] }) {
  const net = fakeNetwork();
  let clock = new Date('2024-05-01T08:00:00Z');
  let owner: string | undefined = 'longhu/zhang';
  const factory = overrides.indexedDB ?? new IDBFactory();
  const outbox = createOutbox({
    indexedDB: factory,
    owner: () => owner,
    connectivity: net.connectivity,
    now: () => clock,
    intervalMs: 0,
    ...overrides,
  });
  opened.push(outbox);
  return {
    outbox,
    net,
    factory,
    setOwner: (o: string | undefined) => {
      owner = o;
    },
    advance: (ms: number) => {
      clock = new Date(clock.getTime() + ms);
    },
  };
}

const inspection = (n: number) => ({ method: 'POST' as const, path: '/api/inspections', body: { n }, label: `检查 ${n}` });
const created = { status: 201, body: { ok: true } };

describe('outbox', () => {
  it('stores a submission with a ULID and the fields the screen needs, and it survives a reload', async () => {
    const net = fakeNetwork(false);
    const { outbox, factory } = setup({ send: fakeServer(created).send, connectivity: net.connectivity });
    const item = await outbox.enqueue(inspection(1));
    expect(item).toMatchObject({ owner: 'longhu/zhang', method: 'POST', path: '/api/inspections', body: { n: 1 }, attempts: 0, state: 'waiting' });
    expect(item.id).toMatch(ULID);
    expect(item.createdAt).toBe('2024-05-01T08:00:00.000Z');
    expect(outbox.snapshot().waiting.map((i) => i.id)).toEqual([item.id]);

    const again = createOutbox({ indexedDB: factory, owner: () => 'longhu/zhang', connectivity: net.connectivity, send: fakeServer(created).send, intervalMs: 0 });
    opened.push(again);
    await again.refresh();
    expect(again.snapshot().waiting).toEqual([item]);
  });

  it('keeps a caller-given client id', async () => {
    const { outbox } = setup({ send: fakeServer(created).send, connectivity: fakeNetwork(false).connectivity });
    const item = await outbox.enqueue({ ...inspection(1), id: '01HZX3K9Q4T8V2W6Y0A1B2C3D4' });
    expect(item.id).toBe('01HZX3K9Q4T8V2W6Y0A1B2C3D4');
  });

  it('sends waiting items oldest first when flushed online, and lists them as sent', async () => {
    const server = fakeServer(created);
    const net = fakeNetwork(false);
    const { outbox, advance } = setup({ send: server.send, connectivity: net.connectivity });
    const first = await outbox.enqueue(inspection(1));
    advance(1000);
    const second = await outbox.enqueue(inspection(2));
    net.online = true;
    await outbox.flush();
    expect(server.calls.map((c) => c.id)).toEqual([first.id, second.id]);
    expect(server.calls[0]).toMatchObject({ method: 'POST', path: '/api/inspections', body: { n: 1 } });
    const snap = outbox.snapshot();
    expect(snap.waiting).toEqual([]);
    expect(snap.sent.map((i) => i.id)).toEqual([second.id, first.id]);
    expect(snap.sent[0]).toMatchObject({ state: 'sent', attempts: 1, lastStatus: 201, sentAt: '2024-05-01T08:00:01.000Z' });
  });

  it('sends nothing while offline, and everything when the online event fires', async () => {
    const server = fakeServer(created);
    const net = fakeNetwork(false);
    const { outbox } = setup({ send: server.send, connectivity: net.connectivity });
    outbox.start();
    await outbox.enqueue(inspection(1));
    await outbox.enqueue(inspection(2));
    await outbox.flush();
    expect(server.calls).toHaveLength(0);
    expect(outbox.snapshot()).toMatchObject({ online: false });

    net.set(true);
    await expect.poll(() => outbox.snapshot().sent.length).toBe(2);
    expect(server.calls).toHaveLength(2);
  });

  it('sends on enqueue when online', async () => {
    const server = fakeServer(created);
    const { outbox } = setup({ send: server.send });
    await outbox.enqueue(inspection(1));
    await expect.poll(() => outbox.snapshot().sent.length).toBe(1);
  });

  it('on a network failure keeps the items waiting, in order, and pauses the queue', async () => {
    const server = fakeServer(new TypeError('Failed to fetch'));
    const net = fakeNetwork(false);
    const { outbox, advance } = setup({ send: server.send, connectivity: net.connectivity, backoffMs: () => 60_000 });
    const first = await outbox.enqueue(inspection(1));
    await outbox.enqueue(inspection(2));
    net.online = true;
    await outbox.flush();
    expect(server.calls.map((c) => c.id)).toEqual([first.id]);
    const waiting = outbox.snapshot().waiting;
    expect(waiting).toHaveLength(2);
    expect(waiting[0]).toMatchObject({ attempts: 1, lastStatus: 0, lastError: 'Failed to fetch' });
    expect(waiting[1]).toMatchObject({ attempts: 0 });

    // The timer does not try again before the delay; then it sends in the original order.
    advance(30_000);
    await outbox.flush();
    expect(server.calls).toHaveLength(1);
    advance(30_000);
    await outbox.flush();
    expect(server.calls.map((c) => c.id)).toEqual([first.id, first.id]);
    // The `online` event (a forced flush) does not wait.
    await outbox.flush({ force: true });
    expect(server.calls.map((c) => c.id)).toEqual([first.id, first.id, first.id]);
  });

  it('treats the resend of a recorded client id, answered 200 or "already stored", as delivered: a resend never duplicates', async () => {
    // First try: the request reached the server but the answer was lost. Second try: the stored record (200).
    const server = fakeServer(new TypeError('network changed'), { status: 200, body: { inspection: { id: 'x' } } }, { status: 409, body: { error: 'conflict', alreadyStored: true } });
    const { outbox } = setup({ send: server.send });
    const item = await outbox.enqueue(inspection(1));
    await expect.poll(() => server.calls.length).toBe(1);
    await outbox.flush({ force: true });
    expect(server.calls.map((c) => c.id)).toEqual([item.id, item.id]);
    expect(outbox.snapshot().sent).toMatchObject([{ id: item.id, state: 'sent', attempts: 2, lastStatus: 200 }]);
    const other = await outbox.enqueue(inspection(2));
    await outbox.flush({ force: true });
    expect(server.calls).toHaveLength(3);
    expect(outbox.snapshot().sent.find((i) => i.id === other.id)).toMatchObject({ state: 'sent', lastStatus: 409 });
  });

  it('keeps a 409 that is not a version conflict (a photo id clash, another body under the id) as failed, with its reason, until discarded', async () => {
    const clash = { error: 'conflict', message: 'photo 01H… already exists with other content', reason: 'exists' };
    const differs = { error: 'conflict', message: 'inspection 01H… was already submitted with different content', reason: 'resend.differs' };
    const server = fakeServer({ status: 409, body: clash }, { status: 409, body: differs });
    const { outbox } = setup({ send: server.send });
    const photo = await outbox.enqueue({ method: 'POST', path: '/api/photos', body: { venueId: 'v1' } });
    const record = await outbox.enqueue(inspection(3));
    await outbox.flush({ force: true });
    await expect.poll(() => outbox.snapshot().failed.length).toBe(2);
    const snap = outbox.snapshot();
    expect(snap.sent).toEqual([]);
    expect(snap.failed.find((i) => i.id === photo.id)).toMatchObject({ state: 'failed', lastStatus: 409, lastRefusal: { error: 'conflict', reason: 'exists' } });
    expect(snap.failed.find((i) => i.id === record.id)).toMatchObject({ state: 'failed', lastStatus: 409, lastRefusal: { reason: 'resend.differs' } });
    // Not retried by itself; the user discards it.
    await outbox.flush({ force: true });
    expect(server.calls).toHaveLength(2);
    await outbox.discard(photo.id);
    expect(outbox.snapshot().failed.map((i) => i.id)).toEqual([record.id]);
  });

  it('puts a stale-version 409 and a 400 in the failed list with the API message and issues', async () => {
    const server = fakeServer(
      { status: 409, body: { error: 'conflict', message: 'venue was changed by someone else', currentVersion: 4 } },
      { status: 400, body: { error: 'validation', message: 'body.items.0.result: invalid', issues: [{ path: 'body.items.0.result', message: 'invalid' }] } },
      created,
    );
    const net = fakeNetwork(false);
    const { outbox } = setup({ send: server.send, connectivity: net.connectivity });
    await outbox.enqueue({ method: 'PATCH', path: '/api/venues/v1', body: { version: 3 } });
    await outbox.enqueue(inspection(2));
    await outbox.enqueue(inspection(3));
    net.online = true;
    await outbox.flush();
    const snap = outbox.snapshot();
    expect(server.calls).toHaveLength(3);
    expect(snap.failed).toHaveLength(2);
    expect(snap.failed[0]).toMatchObject({ state: 'failed', lastStatus: 409, lastError: '409 venue was changed by someone else' });
    expect(snap.failed[1]).toMatchObject({ lastStatus: 400, lastIssues: [{ path: 'body.items.0.result', message: 'invalid' }] });
    expect(snap.sent).toHaveLength(1);

    // Failed items are not retried by the timer or the online event…
    await outbox.flush({ force: true });
    expect(server.calls).toHaveLength(3);
    // …only when the user says so.
    await outbox.retry(snap.failed[1]!.id);
    expect(server.calls).toHaveLength(4);
    expect(outbox.snapshot().failed).toHaveLength(1);
    await outbox.discard(snap.failed[0]!.id);
    expect(outbox.snapshot().failed).toHaveLength(0);
  });

  it('retries a 5xx later and goes on with the next item', async () => {
    const server = fakeServer({ status: 503, body: { message: 'unavailable' } }, created);
    const net = fakeNetwork(false);
    const { outbox } = setup({ send: server.send, connectivity: net.connectivity });
    await outbox.enqueue(inspection(1));
    await outbox.enqueue(inspection(2));
    net.online = true;
    await outbox.flush();
    const snap = outbox.snapshot();
    expect(snap.waiting).toMatchObject([{ attempts: 1, lastStatus: 503, lastError: '503 unavailable' }]);
    expect(snap.waiting[0]!.nextAttemptAt).toBe('2024-05-01T08:00:15.000Z');
    expect(snap.sent).toHaveLength(1);
  });

  it('on a 401 keeps everything and waits for the user to sign in again', async () => {
    const server = fakeServer({ status: 401, body: { error: 'unauthorized', message: 'token expired' } }, created);
    const net = fakeNetwork(false);
    const { outbox } = setup({ send: server.send, connectivity: net.connectivity });
    await outbox.enqueue(inspection(1));
    await outbox.enqueue(inspection(2));
    net.online = true;
    await outbox.flush();
    expect(server.calls).toHaveLength(1);
    expect(outbox.snapshot()).toMatchObject({ authRequired: true, waiting: [{ attempts: 0, lastStatus: 401 }, { attempts: 0 }] });
    await outbox.refresh();
    expect(outbox.snapshot()).toMatchObject({ authRequired: false, waiting: [], sent: [{}, {}] });
  });

  it("never sends or shows another user's submissions", async () => {
    const server = fakeServer(created);
    const net = fakeNetwork(false);
    const { outbox, setOwner } = setup({ send: server.send, connectivity: net.connectivity });
    const zhang = await outbox.enqueue(inspection(1));
    setOwner('longhu/liu');
    await outbox.refresh();
    expect(outbox.snapshot().waiting).toEqual([]);
    net.online = true;
    await outbox.flush({ force: true });
    expect(server.calls).toHaveLength(0);
    setOwner(undefined);
    await expect(outbox.enqueue(inspection(2))).rejects.toThrow(/sign in/);
    setOwner('longhu/zhang');
    await outbox.refresh();
    expect(server.calls.map((c) => c.id)).toEqual([zhang.id]);
  });

  it('tells subscribers what is waiting, sending and sent; unsubscribing stops that', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const net = fakeNetwork(false);
    const { outbox } = setup({
      send: async () => {
        await gate;
        return created;
      },
      connectivity: net.connectivity,
    });
    const seen: OutboxSnapshot[] = [];
    const off = outbox.subscribe((s) => seen.push(s));
    expect(seen[0]).toMatchObject({ available: true, syncing: false, waiting: [] });
    const item = await outbox.enqueue(inspection(1));
    expect(seen.at(-1)!.waiting.map((i) => i.id)).toEqual([item.id]);
    net.online = true;
    const flushing = outbox.flush();
    await expect.poll(() => seen.at(-1)!.sendingId).toBe(item.id);
    expect(seen.at(-1)!.syncing).toBe(true);
    release();
    await flushing;
    expect(seen.at(-1)).toMatchObject({ syncing: false, sendingId: undefined, waiting: [], sent: [{ id: item.id }] });
    const count = seen.length;
    off();
    await outbox.clearSent();
    expect(seen).toHaveLength(count);
    expect(outbox.snapshot().sent).toEqual([]);
  });

  it('sends each item once when flushes overlap', async () => {
    const server = fakeServer(created);
    const net = fakeNetwork(false);
    const { outbox } = setup({ send: server.send, connectivity: net.connectivity });
    await outbox.enqueue(inspection(1));
    await outbox.enqueue(inspection(2));
    net.online = true;
    await Promise.all([outbox.flush(), outbox.flush(), outbox.flush({ force: true })]);
    expect(server.calls).toHaveLength(2);
  });

  it('keeps only the newest sent items', async () => {
    const { outbox, advance } = setup({ send: fakeServer(created).send, keepSent: 2 });
    for (let n = 1; n <= 4; n++) {
      await outbox.enqueue(inspection(n));
      await outbox.flush();
      advance(1000);
    }
    expect(outbox.snapshot().sent.map((i) => (i.body as { n: number }).n)).toEqual([4, 3]);
  });

  it('sends due items on its timer', async () => {
    const server = fakeServer(created);
    const net = fakeNetwork(false);
    const { outbox } = setup({ send: server.send, connectivity: net.connectivity, intervalMs: 20 });
    outbox.start();
    await outbox.enqueue(inspection(1));
    net.online = true; // no event: only the timer can notice
    await expect.poll(() => server.calls.length, { timeout: 2000 }).toBe(1);
    outbox.stop();
  });

  it('reports unavailable storage instead of failing silently', async () => {
    const broken = { open: () => { throw new Error('blocked'); } } as unknown as IDBFactory;
    const { outbox } = setup({ send: fakeServer(created).send, indexedDB: broken });
    await expect(outbox.enqueue(inspection(1))).rejects.toThrow();
    expect(outbox.snapshot().available).toBe(false);
  });
});

describe('classify', () => {
  it.each([
    [200, {}, 'sent'],
    [201, {}, 'sent'],
    [204, undefined, 'sent'],
    [409, { error: 'conflict', alreadyStored: true }, 'sent'],
    [409, { error: 'conflict', message: 'photo x already exists with other content', reason: 'exists' }, 'failed'],
    [409, { error: 'conflict', reason: 'resend.differs' }, 'failed'],
    [409, { error: 'already_exists' }, 'failed'],
    [409, { error: 'conflict', currentVersion: 3 }, 'failed'],
    [400, { error: 'validation' }, 'failed'],
    [403, { error: 'forbidden' }, 'failed'],
    [404, { error: 'not_found' }, 'failed'],
    [413, { error: 'too_large' }, 'failed'],
    [401, { error: 'unauthorized' }, 'auth'],
    [0, { message: 'offline' }, 'retry'],
    [429, {}, 'retry'],
    [500, {}, 'retry'],
    [503, {}, 'retry'],
  ] as const)('%i %j → %s', (status, body, outcome) => {
    expect(classify({ status, body })).toBe(outcome);
  });
});
