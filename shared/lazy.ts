/**
 * A value made on first use and kept (a failed attempt is tried again next time). Lambda entry
 * points use it to keep modules that only some requests need off the cold start.
 */
export function onFirstUse<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () =>
    (made ??= make().catch((error) => {
      made = undefined;
      throw error;
    }));
}
