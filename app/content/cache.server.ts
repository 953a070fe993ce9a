import type { Db } from "../../db/client";

/**
 * Curriculum content read by every lesson and catalogue page (courses, outlines, lesson bodies) is kept in memory per
 * database, so that a page view reads only the visitor's own rows (bench/RESULTS.md: each query costs the server about
 * 0.1 ms of CPU in the driver and the socket, and the lesson page made three for content that changes only when
 * content/ is synced).
 *
 * Content changes only through syncContent, which empties this process's cache in the same step. Another process
 * that syncs (a second server, `npm run db:seed`) is seen here within CONTENT_CACHE_TTL_MS. Values are frozen: they
 * are shared by every request. Lookups that find nothing are not kept (any slug can be asked for).
 */
export const CONTENT_CACHE_TTL_MS = 30_000;

interface Entry {
  value: Promise<unknown>;
  expires: number;
}

const caches = new WeakMap<Db, Map<string, Entry>>();

export function cachedContent<T>(db: Db, key: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const hit = cache.get(key);
  if (hit && hit.expires > now) return hit.value as Promise<T>;
  const entries = cache;
  const value = load().then(
    (result) => {
      if (result === null || result === undefined) entries.delete(key);
      return deepFreeze(result);
    },
    (error: unknown) => {
      entries.delete(key);
      throw error;
    },
  );
  cache.set(key, { value, expires: now + CONTENT_CACHE_TTL_MS });
  return value;
}

/** Forgets every cached content value of `db` (after a sync). */
export function invalidateContentCache(db: Db): void {
  caches.delete(db);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value) && !(value instanceof Date)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
