/**
 * The largest files the API takes: here without any schema, so that the body-limit middleware,
 * which runs on every request, does not load the domain's schemas.
 */

/** A photo's bytes (shared/domain/venues/photo.ts). */
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;

/** A venue import's CSV (shared/domain/venues/venue-import.ts). The Lambda payload limit of ~6 MB applies in AWS, see docs/venue-import.md. */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

/** A resident import's file (CSV or xlsx): a district's registry, 210,186 people are ~19 MB of CSV (docs/resident-import.md). */
export const RESIDENT_IMPORT_MAX_BYTES = 100 * 1024 * 1024;

/** A pushed list's file (CSV or xlsx): 50,000 rows are ~6 MB of CSV (shared/domain/pushed-lists/list.ts). */
export const PUSHED_LIST_MAX_BYTES = 20 * 1024 * 1024;
