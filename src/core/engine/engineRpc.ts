/**
 * Runs an {@link Engine} across a message port (a Web Worker, or a MessageChannel in tests).
 * `serveEngine` answers calls on one side; `connectEngine` returns an Engine on the other.
 * Callbacks (progress, epochs) travel as events; AbortSignals as abort messages. Results' typed
 * arrays are transferred (engines return fresh copies); the pixel buffers given to `embed` and
 * `classify` are transferred too, so the caller's copies are consumed (emptied) by the call.
 */
import { CancelledError, DisposedError, GlimpseError, type GlimpseErrorCode } from '../errors';
import type { Engine } from './engine';

/** The part of MessagePort / Worker / DedicatedWorkerGlobalScope we use. */
export interface PortLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener?(type: 'message', listener: (event: { data: unknown }) => void): void;
  start?(): void;
}

type Method = Exclude<keyof Engine, 'dispose'> | 'dispose';
type CallbackKind = 'progress' | 'epoch';

type ToEngine =
  | { type: 'call'; id: number; method: Method; args: unknown[]; callbacks: CallbackKind[] }
  | { type: 'abort'; id: number };

type FromEngine =
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; error: { name: string; code?: string; message: string } }
  | { type: 'event'; id: number; kind: CallbackKind; payload: unknown };

/** Buffers of typed arrays found (shallowly) in a value, to transfer instead of copy. */
function transferables(
  value: unknown,
  out: Set<ArrayBuffer> = new Set(),
  depth = 0,
): ArrayBuffer[] {
  if (depth > 4 || value === null || typeof value !== 'object') return [...out];
  if (ArrayBuffer.isView(value)) {
    const buffer = value.buffer;
    if (buffer instanceof ArrayBuffer && buffer.byteLength === value.byteLength) out.add(buffer);
    return [...out];
  }
  const items = Array.isArray(value) ? value : Object.values(value);
  for (const item of items) transferables(item, out, depth + 1);
  return [...out];
}

function serialiseError(error: unknown): { name: string; code?: string; message: string } {
  if (error instanceof GlimpseError)
    return { name: error.name, code: error.code, message: error.message };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

function reviveError(e: { name: string; code?: string; message: string }): Error {
  if (e.code === 'cancelled') {
    const error = new CancelledError('');
    error.message = e.message;
    return error;
  }
  if (e.code) {
    const error = new GlimpseError(e.code as GlimpseErrorCode, e.message);
    error.name = e.name;
    return error;
  }
  const error = new Error(e.message);
  error.name = e.name;
  return error;
}

/** Answers engine calls arriving on `port`. */
export function serveEngine(port: PortLike, engine: Engine): void {
  const aborts = new Map<number, AbortController>();
  port.addEventListener('message', (event) => {
    const message = event.data as ToEngine;
    if (message.type === 'abort') {
      aborts.get(message.id)?.abort();
      return;
    }
    const { id, method, args, callbacks } = message;
    const controller = new AbortController();
    aborts.set(id, controller);
    const emit = (kind: CallbackKind) => (payload: unknown, total?: unknown) => {
      const data = kind === 'progress' ? { done: payload, total } : payload;
      port.postMessage({ type: 'event', id, kind, payload: data } satisfies FromEngine);
    };
    const fullArgs = [...args];
    if (method === 'embed' || method === 'train') {
      const slot = method === 'embed' ? 1 : 2;
      fullArgs[slot] = {
        ...((fullArgs[slot] as object | undefined) ?? {}),
        signal: controller.signal,
        ...(callbacks.includes('progress') ? { onProgress: emit('progress') } : {}),
        ...(callbacks.includes('epoch') ? { onEpoch: emit('epoch') } : {}),
      };
    }
    Promise.resolve()
      .then(() => (engine[method] as (...a: unknown[]) => unknown)(...fullArgs))
      .then(
        (value) =>
          port.postMessage(
            { type: 'result', id, value } satisfies FromEngine,
            transferables(value),
          ),
        (error: unknown) =>
          port.postMessage({
            type: 'error',
            id,
            error: serialiseError(error),
          } satisfies FromEngine),
      )
      .finally(() => aborts.delete(id));
  });
  port.start?.();
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  onEvent(kind: CallbackKind, payload: unknown): void;
}

/** An Engine whose calls run on the other side of `port`. `close` stops listening. */
export function connectEngine(port: PortLike, close?: () => void): Engine {
  let nextId = 1;
  let closed = false;
  const pending = new Map<number, Pending>();
  const listener = (event: { data: unknown }) => {
    const message = event.data as FromEngine;
    const entry = pending.get(message.id);
    if (!entry) return;
    if (message.type === 'event') entry.onEvent(message.kind, message.payload);
    else {
      pending.delete(message.id);
      if (message.type === 'result') entry.resolve(message.value);
      else entry.reject(reviveError(message.error));
    }
  };
  port.addEventListener('message', listener);
  port.start?.();

  function call<T>(
    method: Method,
    args: unknown[],
    options: {
      signal?: AbortSignal | undefined;
      onProgress?: ((done: number, total: number) => void) | undefined;
      onEpoch?: ((log: never) => void) | undefined;
      transfer?: boolean;
    } = {},
  ): Promise<T> {
    const id = nextId++;
    if (closed) return Promise.reject(new DisposedError('The image engine'));
    if (options.signal?.aborted) return Promise.reject(new CancelledError('The operation'));
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => port.postMessage({ type: 'abort', id } satisfies ToEngine);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      pending.set(id, {
        resolve: (v) => {
          options.signal?.removeEventListener('abort', onAbort);
          resolve(v as T);
        },
        reject: (e) => {
          options.signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
        onEvent: (kind, payload) => {
          if (kind === 'progress') {
            const p = payload as { done: number; total: number };
            options.onProgress?.(p.done, p.total);
          } else options.onEpoch?.(payload as never);
        },
      });
      const callbacks: CallbackKind[] = [];
      if (options.onProgress) callbacks.push('progress');
      if (options.onEpoch) callbacks.push('epoch');
      try {
        port.postMessage(
          { type: 'call', id, method, args, callbacks } satisfies ToEngine,
          options.transfer ? transferables(args) : [],
        );
      } catch (error) {
        pending.get(id)?.reject(error);
        pending.delete(id);
      }
    });
  }

  const strip = <T extends object>(o: T | undefined, keys: string[]): Partial<T> =>
    Object.fromEntries(Object.entries(o ?? {}).filter(([k]) => !keys.includes(k))) as Partial<T>;

  return {
    start: (options) => call('start', [options]),
    setBackend: (name) => call('setBackend', [name]),
    loadBackbone: (options) => call('loadBackbone', [options]),
    embed: (images, options) =>
      call('embed', [images, strip(options, ['signal', 'onProgress'])], {
        signal: options?.signal,
        onProgress: options?.onProgress,
        transfer: true,
      }),
    train: (data, options, callbacks) =>
      call('train', [data, options], {
        signal: callbacks?.signal,
        onEpoch: callbacks?.onEpoch as never,
      }),
    setHead: (weights) => call('setHead', [weights]),
    predict: (embeddings) => call('predict', [embeddings]),
    classify: (image) => call('classify', [image], { transfer: true }),
    memory: () => call('memory', []),
    dispose: () => {
      if (closed) return;
      closed = true;
      port.postMessage({
        type: 'call',
        id: nextId++,
        method: 'dispose',
        args: [],
        callbacks: [],
      } satisfies ToEngine);
      port.removeEventListener?.('message', listener);
      for (const entry of pending.values()) entry.reject(new CancelledError('The operation'));
      pending.clear();
      close?.();
    },
  };
}
