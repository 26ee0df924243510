import { AsyncLocalStorage } from "async_hooks"

/**
 * What a workflow hands to the provider calls it makes through Medusa, for
 * that one call only (Medusa's provider methods take no extra arguments).
 * One store per name and process, even if the calling file is loaded twice
 * (the provider by Medusa's module loader, the workflows by the plugin loader).
 */
export function callContext<T>(name: string): {
  run<R>(value: T, run: () => Promise<R>): Promise<R>
  get(): T | undefined
} {
  const key = Symbol.for(`medusa-payment-toss.${name}`)
  const registry = globalThis as { [key: symbol]: AsyncLocalStorage<T> | undefined }
  const storage = (registry[key] ??= new AsyncLocalStorage<T>())
  return { run: (value, run) => storage.run(value, run), get: () => storage.getStore() }
}
