// An endpoint's `transformation`: JavaScript that defines `function handler(webhook)` and returns
// the webhook changed, or cancelled. It is the tenant's code, so it runs in QuickJS compiled to
// WebAssembly, never in Node's own engine: no host object or function is ever handed in (the
// webhook goes in as JSON text and the result comes out as JSON text), there is no require,
// process, fetch or timer in there, and each run gets a fresh runtime, bounded in time, memory
// and stack. QuickJS runs on a thread of its own (sandbox-worker.ts says why), and a run that
// overstays is cut off by ending that thread.
//
// `run` and `check` are asynchronous: the caller's thread waits for the sandbox's with
// Atomics.waitAsync, never Atomics.wait, so a handler that always runs to its limit (or a
// replacement thread still loading) holds up only its own call, not the process's other work (the
// other tenants' deliveries, Temporal's timers, the API's requests). The sandbox has one thread,
// which serves one run at a time, so calls queue, each waiting for those before it.
//
// Errors: a TransformationError is the transformation's fault (its message is for the tenant); any
// other error is Herald's (the thread could not be started) and worth a retry.
import path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import {
  FAILED,
  QUICKJS_STACK_BYTES,
  READY,
  SLOT_DONE,
  SLOT_READY,
  type WorkerData,
  type WorkerReply,
  type WorkerRequest,
} from './sandbox-protocol';

export interface Webhook {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload: unknown;
  cancel: boolean;
}

export interface TransformLimits {
  timeoutMs: number;
  memoryBytes: number;
}

export const DEFAULT_TRANSFORM_LIMITS: TransformLimits = { timeoutMs: 50, memoryBytes: 16 * 1024 * 1024 };

/** The most a caller may grant one run; the thread's wasm memory is capped by it for good. */
export const MAX_TRANSFORM_LIMITS: TransformLimits = { timeoutMs: 10_000, memoryBytes: 256 * 1024 * 1024 };

export const TRANSFORM_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const MAX_RESULT_BYTES = 1024 * 1024;
export const MAX_SOURCE_BYTES = 1024 * 1024;
export const MAX_URL_LENGTH = 2048;
export const MAX_HEADERS = 50;

/** The transformation failed; the message says why, in words for the endpoint's owner. */
export class TransformationError extends Error {
  override name = 'TransformationError';
}

export interface SandboxStats {
  /** The sandbox thread's wasm memory: it never shrinks, so runs that leak would grow it. */
  wasmBytes: number;
  /** Threads started after the first: after a run overstayed or crashed its thread. */
  restarts: number;
}

export interface Sandbox {
  /**
   * Runs `source`'s handler on `input`; rejects with TransformationError. Settles at most
   * timeoutMs + KILL_GRACE_MS after the calls queued before it have; the run after one that had to
   * be cut off also waits for the fresh thread to load (some 40 ms built, twice that under tsx).
   * Neither wait blocks the event loop.
   */
  run(source: string, input: Webhook, limits?: TransformLimits): Promise<Webhook>;
  /** Evaluates `source`'s top-level code (bounded like a run) and checks it defines handler: an error message, or undefined. */
  check(source: string, limits?: TransformLimits): Promise<string | undefined>;
  stats(): SandboxStats;
}

/**
 * How long past its deadline a run may go before its thread is ended. QuickJS stops a plain loop
 * itself within a millisecond or two of the deadline; only C builtins that run long between
 * interrupt checks reach this.
 */
const KILL_GRACE_MS = 100;
/** A fresh thread loads the wasm module in well under a second; a run waits this long for one. */
const START_TIMEOUT_MS = 10_000;
/** The thread's native stack: QUICKJS_STACK_BYTES sixty-four times over (sandbox-protocol.ts). */
const STACK_SIZE_MB = (QUICKJS_STACK_BYTES * 64) / (1024 * 1024);

let loading: Promise<Sandbox> | undefined;

/** The process's one sandbox, its thread started and its wasm module loaded on first call. */
export function loadSandbox(): Promise<Sandbox> {
  loading ??= (async () => {
    const sandbox = new ThreadSandbox();
    await sandbox.started();
    return sandbox;
  })().catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}

/** A quick check of a transformation's source for the API; loads the sandbox first if need be. */
export async function checkTransformationSource(source: string, limits: TransformLimits = DEFAULT_TRANSFORM_LIMITS): Promise<string | undefined> {
  const sandbox = await loadSandbox();
  return sandbox.check(source, limits);
}

type Thread = { worker: Worker; port: MessagePort; state: Int32Array; seq: number; exited: boolean };

// Node has had it since 16; TypeScript's ES2022 lib does not declare it.
const waitAsync = (Atomics as unknown as {
  waitAsync(array: Int32Array, index: number, value: number, timeoutMs: number): { async: boolean; value: Promise<string> | string };
}).waitAsync;

/**
 * Waits, without blocking the event loop, while `thread.state[slot]` still holds `value`, for at
 * most `timeoutMs`. A pending waitAsync does not by itself keep Node's event loop alive, so the
 * thread is ref'd for the wait (and unref'd after: an idle sandbox never holds the process).
 */
async function waitWhile(thread: Thread, slot: number, value: number, timeoutMs: number): Promise<void> {
  const { async, value: settled } = waitAsync(thread.state, slot, value, timeoutMs);
  if (!async) return;
  thread.worker.ref();
  try {
    await settled;
  } finally {
    thread.worker.unref();
  }
}

class ThreadSandbox implements Sandbox {
  private thread: Thread;
  private wasmBytes = 0;
  private restarts = 0;
  /** The last call queued: each call starts once this has settled, whichever way. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor() {
    this.thread = spawn();
    this.thread.worker.ref();
  }

  /** Resolves once the first thread has loaded the module, without blocking the event loop. */
  async started(): Promise<void> {
    const thread = this.thread;
    // Held by the worker until it is up, so that the process does not end while this waits.
    const { async, value } = waitAsync(thread.state, SLOT_READY, 0, START_TIMEOUT_MS);
    if (async) await value;
    thread.worker.unref();
    if (Atomics.load(thread.state, SLOT_READY) !== READY) {
      // loadSandbox() drops this sandbox and a later call builds another: nothing to replace.
      const why = startFailure(thread);
      void thread.worker.terminate().catch(() => undefined);
      throw new Error(`the transformation sandbox could not start: ${why}`);
    }
  }

  async run(source: string, input: Webhook, limits: TransformLimits = DEFAULT_TRANSFORM_LIMITS): Promise<Webhook> {
    checkLimits(limits);
    // Taken now: the caller may change its webhook while this call waits its turn.
    const inputJson = JSON.stringify({ method: input.method, url: input.url, headers: input.headers, payload: input.payload, cancel: input.cancel });
    const json = await this.call({ op: 'run', source, inputJson, ...limits });
    return normaliseResult(json);
  }

  async check(source: string, limits: TransformLimits = DEFAULT_TRANSFORM_LIMITS): Promise<string | undefined> {
    checkLimits(limits);
    try {
      await this.call({ op: 'check', source, ...limits });
      return undefined;
    } catch (err) {
      if (err instanceof TransformationError) return err.message;
      throw err;
    }
  }

  stats(): SandboxStats {
    return { wasmBytes: this.wasmBytes, restarts: this.restarts };
  }

  /** Queues the request behind the calls before it: the thread serves one at a time. */
  private call(request: Omit<WorkerRequest, 'seq' | 'maxResultChars'>): Promise<string> {
    if (Buffer.byteLength(request.source, 'utf8') > MAX_SOURCE_BYTES) {
      return Promise.reject(new TransformationError(`the source is larger than ${MAX_SOURCE_BYTES / (1024 * 1024)} MiB`));
    }
    const result = this.queue.then(() => this.exchange(request));
    // A call that fails does not hold up, or fail, the ones queued after it.
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Sends one request to the thread and waits for its reply, or its deadline; calls never overlap. */
  private async exchange(request: Omit<WorkerRequest, 'seq' | 'maxResultChars'>): Promise<string> {
    const thread = await this.readyThread();
    const seq = ++thread.seq;
    thread.port.postMessage({ ...request, seq, maxResultChars: MAX_RESULT_BYTES } satisfies WorkerRequest);
    const killAt = performance.now() + request.timeoutMs + KILL_GRACE_MS;
    for (;;) {
      const done = Atomics.load(thread.state, SLOT_DONE);
      if (done === seq) break;
      const left = killAt - performance.now();
      if (left <= 0) {
        this.replace();
        throw new TransformationError(`ran past ${request.timeoutMs} ms`);
      }
      await waitWhile(thread, SLOT_DONE, done, left);
    }
    const reply = receiveMessageOnPort(thread.port)?.message as WorkerReply | undefined;
    if (!reply || reply.seq !== seq) {
      this.replace();
      throw new Error('the transformation sandbox answered out of turn');
    }
    this.wasmBytes = reply.wasmBytes;
    if (reply.crashed) this.replace();
    if (reply.error !== undefined) throw new TransformationError(reply.error);
    return reply.json ?? '';
  }

  /** The current thread once it is ready, waiting (without blocking) for a replacement still loading. */
  private async readyThread(): Promise<Thread> {
    // A thread that ended between calls (its 'exit' seen by the event loop since) is replaced.
    if (this.thread.exited) this.replace();
    const thread = this.thread;
    if (Atomics.load(thread.state, SLOT_READY) === 0) await waitWhile(thread, SLOT_READY, 0, START_TIMEOUT_MS);
    if (Atomics.load(thread.state, SLOT_READY) === READY) return thread;
    const why = startFailure(thread);
    // Start afresh on the next call rather than keep a thread that never came up.
    this.replace();
    throw new Error(`the transformation sandbox could not start: ${why}`);
  }

  private replace(): void {
    const old = this.thread;
    if (!old.exited) void old.worker.terminate().catch(() => undefined);
    old.port.close();
    this.thread = spawn();
    this.restarts++;
  }
}

function startFailure(thread: Thread): string {
  if (Atomics.load(thread.state, SLOT_READY) !== FAILED) return `not ready after ${START_TIMEOUT_MS} ms`;
  return (receiveMessageOnPort(thread.port)?.message as WorkerReply | undefined)?.error ?? 'unknown error';
}

function spawn(): Thread {
  const state = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  const { port1, port2 } = new MessageChannel();
  // Under tsx or ts-jest this file is TypeScript, and so is its neighbour; built, both are .js.
  const extension = path.extname(__filename);
  const worker = new Worker(path.join(__dirname, `sandbox-worker${extension}`), {
    workerData: { kind: 'herald-transform-sandbox', port: port2, state: state.buffer as SharedArrayBuffer, maxMemoryBytes: MAX_TRANSFORM_LIMITS.memoryBytes } satisfies WorkerData,
    transferList: [port2],
    execArgv: extension === '.ts' ? ['--require', require.resolve('tsx/cjs')] : [],
    resourceLimits: { stackSizeMb: STACK_SIZE_MB },
  });
  const thread: Thread = { worker, port: port1, state, seq: 0, exited: false };
  worker.on('exit', () => (thread.exited = true));
  // The thread never keeps the process alive, and its failures surface as calls that fail.
  worker.on('error', () => undefined);
  worker.unref();
  return thread;
}

function checkLimits(limits: TransformLimits): void {
  const { timeoutMs, memoryBytes } = limits;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_TRANSFORM_LIMITS.timeoutMs) {
    throw new RangeError(`timeoutMs must be an integer from 1 to ${MAX_TRANSFORM_LIMITS.timeoutMs}`);
  }
  if (!Number.isInteger(memoryBytes) || memoryBytes < 1024 * 1024 || memoryBytes > MAX_TRANSFORM_LIMITS.memoryBytes) {
    throw new RangeError(`memoryBytes must be an integer from 1 MiB to ${MAX_TRANSFORM_LIMITS.memoryBytes / (1024 * 1024)} MiB`);
  }
}

// RFC 9110 token: what a header name may be.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// What a header value may hold besides CR and LF (reported apart, being the splitting attempt):
// tab, visible ASCII, space and Latin-1 (Node refuses the rest when it sends).
const VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * The handler's result, checked field by field: what is sent is built from these fields alone.
 * Whether the URL may be posted to (scheme, private addresses) is the caller's policy, as for any URL.
 */
export function normaliseResult(json: string): Webhook {
  if (Buffer.byteLength(json, 'utf8') > MAX_RESULT_BYTES) throw new TransformationError(`result is larger than ${MAX_RESULT_BYTES / (1024 * 1024)} MiB`);
  const result: unknown = JSON.parse(json);
  if (!isPlainObject(result)) throw new TransformationError('handler returned no webhook object');

  if (typeof result.method !== 'string') throw new TransformationError('returned method is not a string');
  const method = result.method.toUpperCase();
  if (!(TRANSFORM_METHODS as readonly string[]).includes(method)) {
    throw new TransformationError(`returned method must be one of ${TRANSFORM_METHODS.join(', ')}, not ${JSON.stringify(result.method.slice(0, 20))}`);
  }

  if (typeof result.url !== 'string') throw new TransformationError('returned url is not a string');
  if (result.url.length > MAX_URL_LENGTH) throw new TransformationError(`returned url is longer than ${MAX_URL_LENGTH} characters`);

  if (!isPlainObject(result.headers)) throw new TransformationError('returned headers is not an object of names to strings');
  const entries = Object.entries(result.headers);
  if (entries.length > MAX_HEADERS) throw new TransformationError(`returned more than ${MAX_HEADERS} headers`);
  const headers: [string, string][] = [];
  const seen = new Set<string>();
  for (const [name, value] of entries) {
    const shown = JSON.stringify(name.slice(0, 60));
    if (!TOKEN.test(name)) throw new TransformationError(`returned header name ${shown} is not a valid HTTP header name`);
    if (seen.has(name.toLowerCase())) throw new TransformationError(`returned header ${shown} twice (header names ignore case)`);
    seen.add(name.toLowerCase());
    if (typeof value !== 'string') throw new TransformationError(`returned header ${shown} is not a string`);
    if (/[\r\n]/.test(value)) throw new TransformationError(`returned header ${shown} contains CR or LF`);
    if (!VALUE.test(value)) throw new TransformationError(`returned header ${shown} contains a character not allowed in a header value`);
    headers.push([name, value]);
  }

  if (!('payload' in result)) throw new TransformationError('returned webhook has no payload (return null for an empty one)');

  if (result.cancel !== undefined && typeof result.cancel !== 'boolean') throw new TransformationError('returned cancel is not a boolean');

  // fromEntries, not assignment: a header named __proto__ stays a header.
  return { method, url: result.url, headers: Object.fromEntries(headers), payload: result.payload, cancel: result.cancel === true };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
