/**
 * The outbox: submissions made on the phone wait here (IndexedDB) until they reach the API.
 *
 * - Each item has a ULID `id`, made on the device when the user submits. Callers put the same id in
 *   the body as the record's client id, so a resend is safe: the API answers a repeat with the same
 *   result (2xx), which means "delivered"; a 409 is delivered only if it says `alreadyStored`.
 * - Items are sent oldest first, one at a time, when the browser is online: on `flush()`, when the
 *   `online` event fires, and on a timer. A network failure stops the round and pauses the whole
 *   queue (growing delay) until the timer or the `online` event; a 5xx or 429 puts that one item
 *   back with a growing delay and the round goes on to the next item.
 * - A 4xx (validation, forbidden, a stale version) will never succeed by itself: the item moves to
 *   the "failed" list, with the API's message, for the user to fix, resend or discard.
 * - A 401 means the session ended: nothing is lost, sending resumes after the next sign-in.
 * - Items belong to the user who made them (`owner` = "tenant/user") and are only ever sent, or
 *   shown, while that same user is signed in.
 *
 * Everything the browser provides (IndexedDB, the network, online events, the clock) can be passed
 * in, so the unit tests run it in Node with fake-indexeddb.
 */
import { monotonicFactory } from 'ulid';

// Increasing within one millisecond, so ids sort in the order they were made.
const ulid = monotonicFactory();

export type OutboxMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type OutboxState = 'waiting' | 'failed' | 'sent';

export interface OutboxItem {
  /** ULID made on the device; also the client id of the record the body creates. */
  id: string;
  /** "tenant/user" of whoever submitted it. */
  owner: string;
  method: OutboxMethod;
  /** API path, e.g. "/api/inspections". */
  path: string;
  body: unknown;
  /** What the user sees in the pending-sync list, e.g. "检查 · 泰山村超市". */
  label?: string;
  /** A file to send with it (a photo taken offline); dropped once sent. */
  blob?: Blob;
  /** Ids of earlier items this one needs sent first (the photos an inspection lists). */
  after?: string[];
  /** What the transport kept from the answer once sent (e.g. `{ photoId }`). */
  result?: unknown;
  createdAt: string;
  attempts: number;
  state: OutboxState;
  lastError?: string;
  lastStatus?: number;
  /** Field problems from a 400, for a form to show beside its fields. */
  lastIssues?: { path: string; message: string; code?: string; params?: Record<string, unknown> }[];
  /** The last refusal's category, reason and params (the screen words them; `lastError` is for logs). */
  lastRefusal?: { error?: string; reason?: string; params?: Record<string, unknown> };
  /** Not before this time on the timer (a forced flush ignores it). */
  nextAttemptAt?: string;
  sentAt?: string;
}

export interface NewOutboxItem {
  method: OutboxMethod;
  path: string;
  body?: unknown;
  label?: string;
  blob?: Blob;
  after?: string[];
  /** The client id; one is made if not given. */
  id?: string;
}

/** What came back; status 0 means the request never got an answer (offline, reset, DNS). */
export interface SendResult {
  status: number;
  body: unknown;
  /** Kept on the sent item as `result` (later items may need it). */
  record?: unknown;
}

export type Transport = (item: OutboxItem) => Promise<SendResult>;
export type Outcome = 'sent' | 'retry' | 'failed' | 'auth';

export interface Connectivity {
  isOnline(): boolean;
  /** Called with true when the browser goes online, false when it goes offline. */
  subscribe(listener: (online: boolean) => void): () => void;
}

export interface OutboxOptions {
  send: Transport;
  /** Who is signed in now ("tenant/user"), or undefined. */
  owner: () => string | undefined;
  indexedDB?: IDBFactory;
  dbName?: string;
  connectivity?: Connectivity;
  now?: () => Date;
  /** How often the timer looks for due items; 0 turns it off. */
  intervalMs?: number;
  /** Delay before the next try after `attempts` failures. */
  backoffMs?: (attempts: number) => number;
  /** How many sent items to keep per owner, newest first, for the "sent" list. */
  keepSent?: number;
  classify?: (result: SendResult, item: OutboxItem) => Outcome;
}

export interface OutboxSnapshot {
  owner?: string;
  /** False when IndexedDB cannot be opened (some private modes): nothing can be queued. */
  available: boolean;
  online: boolean;
  syncing: boolean;
  /** The id being sent right now. */
  sendingId?: string;
  /** A send got 401: waiting for the user to sign in again. */
  authRequired: boolean;
  /** Oldest first. */
  waiting: OutboxItem[];
  /** Oldest first. */
  failed: OutboxItem[];
  /** Newest first. */
  sent: OutboxItem[];
}

export interface Outbox {
  enqueue(input: NewOutboxItem): Promise<OutboxItem>;
  /** One item of the signed-in user, any state (undefined if discarded or someone else's). */
  item(id: string): Promise<OutboxItem | undefined>;
  /** Send what is due (all waiting items when `force`). Concurrent calls share one round. */
  flush(options?: { force?: boolean }): Promise<void>;
  /** Move a failed item back to waiting and send it now. */
  retry(id: string): Promise<void>;
  discard(id: string): Promise<void>;
  clearSent(): Promise<void>;
  /** Re-read the store for the current owner (after sign-in or sign-out), then flush. */
  refresh(): Promise<void>;
  snapshot(): OutboxSnapshot;
  /** The listener is called now and after every change. */
  subscribe(listener: (snapshot: OutboxSnapshot) => void): () => void;
  /** Start the timer and the online/offline listener. */
  start(): void;
  stop(): void;
  close(): void;
}

const STORE = 'outbox';
const DEFAULT_INTERVAL_MS = 30_000;

/** 15 s, 30 s, 1 min, 2 min … capped at 15 min. */
const defaultBackoff = (attempts: number) => Math.min(15_000 * 2 ** Math.max(0, attempts - 1), 15 * 60_000);

const bodyOf = (result: SendResult) => (result.body && typeof result.body === 'object' ? (result.body as Record<string, unknown>) : {});

/**
 * How a response settles an item. The API answers the resend of a client id with the stored record
 * (200/201), so a 409 is delivered only when it says so (`alreadyStored: true`). Any other 409 — a
 * stale version, another body under the same client id (a photo id clash), a step that no longer
 * applies — is failed: kept, with its reason shown, for the user to discard, never dropped as sent.
 */
export function classify(result: SendResult): Outcome {
  const { status } = result;
  if (status >= 200 && status < 300) return 'sent';
  if (status === 409) return bodyOf(result).alreadyStored === true ? 'sent' : 'failed';
  if (status === 401) return 'auth';
  if (status === 0 || status === 408 || status === 425 || status === 429 || status >= 500) return 'retry';
  return 'failed';
}

function describe(result: SendResult): string {
  if (result.status === 0) return String(bodyOf(result).message ?? 'network error');
  const body = bodyOf(result);
  const message = typeof body.message === 'string' ? body.message : `HTTP ${result.status}`;
  return `${result.status} ${message}`;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function openDatabase(factory: IDBFactory, name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = factory.open(name, 1);
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE, { keyPath: 'id' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(new Error('IndexedDB upgrade blocked by another tab'));
  });
}

const browserConnectivity: Connectivity = {
  isOnline: () => globalThis.navigator?.onLine ?? true,
  subscribe(listener) {
    const on = () => listener(true);
    const off = () => listener(false);
    globalThis.addEventListener?.('online', on);
    globalThis.addEventListener?.('offline', off);
    return () => {
      globalThis.removeEventListener?.('online', on);
      globalThis.removeEventListener?.('offline', off);
    };
  },
};

export function createOutbox(options: OutboxOptions): Outbox {
  const factory = options.indexedDB ?? globalThis.indexedDB;
  const dbName = options.dbName ?? 'gridwatch-outbox';
  const connectivity = options.connectivity ?? browserConnectivity;
  const now = options.now ?? (() => new Date());
  const backoff = options.backoffMs ?? defaultBackoff;
  const keepSent = options.keepSent ?? 50;
  const decide = options.classify ?? classify;
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;

  let dbPromise: Promise<IDBDatabase> | undefined;
  let available = !!factory;
  let items: OutboxItem[] = [];
  let loadedOwner: string | undefined;
  let syncing = false;
  let sendingId: string | undefined;
  let authRequired = false;
  let round: Promise<void> | undefined;
  /** After a network failure the whole queue waits (it is not any item's fault). */
  let pausedUntil = 0;
  let networkFailures = 0;
  let again = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  let offConnectivity: (() => void) | undefined;
  const listeners = new Set<(snapshot: OutboxSnapshot) => void>();
  // Other tabs of the app learn about changes through a BroadcastChannel (browsers only).
  const channel = typeof window !== 'undefined' && typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel(dbName) : undefined;
  if (channel) channel.onmessage = () => void reload();

  function db(): Promise<IDBDatabase> {
    if (!factory) return Promise.reject(new Error('IndexedDB is not available'));
    dbPromise ??= openDatabase(factory, dbName).catch((error) => {
      available = false;
      emit();
      throw error;
    });
    return dbPromise;
  }

  async function store(mode: IDBTransactionMode): Promise<IDBObjectStore> {
    return (await db()).transaction(STORE, mode).objectStore(STORE);
  }

  const put = async (item: OutboxItem) => {
    await request((await store('readwrite')).put(item));
  };
  const remove = async (id: string) => {
    await request((await store('readwrite')).delete(id));
  };
  const readAll = async () => (await request((await store('readonly')).getAll())) as OutboxItem[];

  function snapshot(): OutboxSnapshot {
    const mine = items.filter((i) => i.owner === loadedOwner);
    const byCreated = (a: OutboxItem, b: OutboxItem) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
    return {
      owner: loadedOwner,
      available,
      online: connectivity.isOnline(),
      syncing,
      sendingId,
      authRequired,
      waiting: mine.filter((i) => i.state === 'waiting').sort(byCreated),
      failed: mine.filter((i) => i.state === 'failed').sort(byCreated),
      sent: mine.filter((i) => i.state === 'sent').sort((a, b) => (b.sentAt ?? '').localeCompare(a.sentAt ?? '') || -byCreated(a, b)),
    };
  }

  function emit(): void {
    const current = snapshot();
    for (const listener of listeners) listener(current);
  }

  async function reload(): Promise<void> {
    loadedOwner = options.owner();
    try {
      items = loadedOwner ? (await readAll()).filter((i) => i.owner === loadedOwner) : [];
    } catch {
      items = [];
    }
    emit();
  }

  async function changed(): Promise<void> {
    await reload();
    channel?.postMessage('changed');
  }

  async function prune(owner: string): Promise<void> {
    const sent = (await readAll()).filter((i) => i.owner === owner && i.state === 'sent');
    sent.sort((a, b) => (b.sentAt ?? '').localeCompare(a.sentAt ?? ''));
    for (const old of sent.slice(keepSent)) await remove(old.id);
  }

  async function sendOne(item: OutboxItem): Promise<{ outcome: Outcome; status: number }> {
    sendingId = item.id;
    emit();
    let result: SendResult;
    try {
      result = await options.send(item);
    } catch (error) {
      result = { status: 0, body: { message: error instanceof Error ? error.message : String(error) } };
    }
    const outcome = decide(result, item);
    const at = now();
    if (result.status !== 0) networkFailures = 0;
    const base: OutboxItem = { ...item, attempts: item.attempts + 1, lastStatus: result.status };
    delete base.nextAttemptAt;
    const body = bodyOf(result);
    const issues = Array.isArray(body.issues) ? (body.issues as NonNullable<OutboxItem['lastIssues']>) : undefined;
    const refusal = { error: typeof body.error === 'string' ? body.error : undefined, reason: typeof body.reason === 'string' ? body.reason : undefined, params: body.params as Record<string, unknown> | undefined };
    switch (outcome) {
      case 'sent': {
        const sent: OutboxItem = { ...base, state: 'sent', sentAt: at.toISOString() };
        delete sent.lastError;
        delete sent.lastIssues;
        delete sent.lastRefusal;
        delete sent.blob;
        if (result.record !== undefined) sent.result = result.record;
        await put(sent);
        break;
      }
      case 'failed':
        await put({ ...base, state: 'failed', lastError: describe(result), lastIssues: issues, lastRefusal: refusal });
        break;
      case 'retry':
        if (result.status === 0) {
          networkFailures += 1;
          pausedUntil = at.getTime() + backoff(networkFailures);
          await put({ ...base, lastError: describe(result) });
        } else {
          await put({ ...base, lastError: describe(result), lastRefusal: refusal, nextAttemptAt: new Date(at.getTime() + backoff(base.attempts)).toISOString() });
        }
        break;
      case 'auth':
        // Not the item's fault: the attempt does not count and the timing does not change.
        await put({ ...item, lastStatus: 401, lastError: describe(result) });
        break;
    }
    sendingId = undefined;
    return { outcome, status: result.status };
  }

  async function flushOnce(force: boolean): Promise<void> {
    const owner = options.owner();
    if (owner !== loadedOwner) await reload();
    if (!owner || !available || !connectivity.isOnline()) return emit();
    if (!force && now().getTime() < pausedUntil) return emit();
    const at = now().toISOString();
    const due = (await readAll())
      .filter((i) => i.owner === owner && i.state === 'waiting' && (force || !i.nextAttemptAt || i.nextAttemptAt <= at))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    if (due.length === 0) return emit();
    syncing = true;
    authRequired = false;
    emit();
    try {
      for (const item of due) {
        if (!connectivity.isOnline() || options.owner() !== owner) break;
        const { outcome, status } = await sendOne(item);
        if (outcome === 'auth') {
          authRequired = true;
          break;
        }
        // No answer at all: we are offline again; keep the order and wait for `online`.
        if (outcome === 'retry' && status === 0) break;
      }
      await prune(owner);
    } finally {
      syncing = false;
      sendingId = undefined;
      await changed();
    }
  }

  const getItem = async (id: string) => (await request((await store('readonly')).get(id))) as OutboxItem | undefined;

  function flush(opts: { force?: boolean } = {}): Promise<void> {
    if (round) {
      again = true;
      return round;
    }
    const run = async () => {
      let force = !!opts.force;
      try {
        do {
          again = false;
          const once = () => flushOnce(force);
          // One sender across tabs where the Web Locks API exists; resends would be safe anyway.
          const locks = (globalThis.navigator as Navigator | undefined)?.locks;
          await (locks ? locks.request('gridwatch-outbox', once) : once());
          force = false;
        } while (again);
      } finally {
        // Cleared in the same step as the last `again` check, so a later call starts a new round.
        round = undefined;
      }
    };
    round = run();
    return round;
  }

  return {
    async enqueue(input) {
      const owner = options.owner();
      if (!owner) throw new Error('sign in before submitting');
      const item: OutboxItem = {
        id: input.id ?? ulid(now().getTime()),
        owner,
        method: input.method,
        path: input.path,
        body: input.body,
        label: input.label,
        ...(input.blob ? { blob: input.blob } : {}),
        ...(input.after?.length ? { after: input.after } : {}),
        createdAt: now().toISOString(),
        attempts: 0,
        state: 'waiting',
      };
      await put(item);
      await changed();
      void flush().catch(() => {});
      return item;
    },

    flush,

    async item(id) {
      const found = await getItem(id);
      return found && found.owner === options.owner() ? found : undefined;
    },

    async retry(id) {
      const item = await getItem(id);
      if (!item || item.owner !== options.owner()) return;
      const waiting: OutboxItem = { ...item, state: 'waiting' };
      delete waiting.nextAttemptAt;
      await put(waiting);
      await changed();
      await flush({ force: true });
    },

    async discard(id) {
      const item = await getItem(id);
      if (!item || item.owner !== options.owner()) return;
      await remove(id);
      await changed();
    },

    async clearSent() {
      const owner = options.owner();
      for (const item of await readAll()) if (item.owner === owner && item.state === 'sent') await remove(item.id);
      await changed();
    },

    async refresh() {
      authRequired = false;
      await reload();
      await flush({ force: true });
    },

    snapshot,

    subscribe(listener) {
      listeners.add(listener);
      listener(snapshot());
      return () => listeners.delete(listener);
    },

    start() {
      if (!offConnectivity) {
        offConnectivity = connectivity.subscribe((online) => {
          if (online) void flush({ force: true }).catch(() => {});
          else emit();
        });
      }
      if (intervalMs > 0 && !timer) timer = setInterval(() => void flush().catch(() => {}), intervalMs);
      void reload().then(() => flush({ force: true }));
    },

    stop() {
      offConnectivity?.();
      offConnectivity = undefined;
      if (timer) clearInterval(timer);
      timer = undefined;
    },

    close() {
      this.stop();
      channel?.close();
      void dbPromise?.then((d) => d.close()).catch(() => {});
    },
  };
}
