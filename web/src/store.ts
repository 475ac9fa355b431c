/** A value that components can watch: the app's only state primitive (no framework store needed). */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class Store<T> {
  #value: T;
  readonly #listeners = new Set<(value: T) => void>();

  constructor(value: T) {
    this.#value = value;
  }

  get value(): T {
    return this.#value;
  }

  set(value: T): void {
    this.#value = value;
    for (const listener of this.#listeners) listener(value);
  }

  subscribe(listener: (value: T) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

/** Re-renders a Lit element whenever one of the stores changes. */
export class Watch implements ReactiveController {
  #offs: (() => void)[] = [];

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly stores: { subscribe(listener: () => void): () => void }[],
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#offs = this.stores.map((s) => s.subscribe(() => this.host.requestUpdate()));
  }

  hostDisconnected(): void {
    for (const off of this.#offs) off();
    this.#offs = [];
  }
}
