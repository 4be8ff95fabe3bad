// What sandbox.ts and the sandbox's thread (sandbox-worker.ts) say to each other. Apart from both,
// so that the caller's side never loads QuickJS itself.
import type { MessagePort } from 'node:worker_threads';

export type WorkerRequest = {
  seq: number;
  op: 'run' | 'check';
  source: string;
  /** The webhook as JSON; absent for `check`. */
  inputJson?: string;
  timeoutMs: number;
  memoryBytes: number;
  /** Result JSON longer than this many UTF-16 units stays inside (the byte limit is checked outside). */
  maxResultChars: number;
};

export type WorkerReply = {
  seq: number;
  /** The handler's result as JSON (run), or '' (check); absent when `error` is set. */
  json?: string;
  /** The user-facing reason the transformation failed. */
  error?: string;
  /** This thread's wasm module is no longer usable: the caller replaces the thread. */
  crashed?: boolean;
  /** Size of the module's linear memory after the call: it never shrinks, so a leak shows here. */
  wasmBytes: number;
};

export type WorkerData = {
  kind: 'herald-transform-sandbox';
  port: MessagePort;
  /** Two Int32 slots: SLOT_DONE (the seq of the last reply) and SLOT_READY (0, READY or FAILED). */
  state: SharedArrayBuffer;
  /** Upper bound of any run's memoryBytes: the wasm memory can never grow past base + this. */
  maxMemoryBytes: number;
};

export const SLOT_DONE = 0;
export const SLOT_READY = 1;
export const READY = 1;
export const FAILED = 2;

/**
 * QuickJS's stack limit: some 1,500 frames of plain recursion. Its wasm build's own stack is
 * 5 MiB, and the thread's native stack (sandbox.ts: stackSizeMb) is sixty-four times this, at
 * least twice the worst ratio measured (the parser's).
 */
export const QUICKJS_STACK_BYTES = 256 * 1024;
