import type { AppLoadContext } from "react-router";

const memos = new WeakMap<AppLoadContext, Map<string, Promise<unknown>>>();

/**
 * A value read once per request and shared by its action and loaders. Remix hands them the same load context but,
 * after an action, a new Request, so what is remembered per Request is read again. Only for reads that the action
 * cannot change: the loaders after it must see what they would have read themselves.
 */
export function oncePerRequest<T>(context: AppLoadContext, key: string, load: () => Promise<T>): Promise<T> {
  let memo = memos.get(context);
  if (!memo) {
    memo = new Map();
    memos.set(context, memo);
  }
  let value = memo.get(key) as Promise<T> | undefined;
  if (!value) {
    value = load();
    memo.set(key, value);
  }
  return value;
}
