// The thread that runs transformations (sandbox.ts starts it). QuickJS runs here, not on the
// caller's thread, for three things the interrupt handler and the memory limit alone do not give:
// - a hard stop: QuickJS asks its interrupt handler only every ten thousand or so bytecode
//   steps, so a loop of few steps that each cost a lot in C (`s.indexOf` on an 8 MiB string) runs
//   for a minute and more past its deadline; the caller terminates this thread instead.
// - a native stack much deeper than QuickJS's own limit: the wasm frames of QuickJS's recursion
//   sit on V8's native stack, taking between sixteen and thirty-two times what they take of
//   QuickJS's stack in the parser, so nested source or JSON would exhaust V8's default stack
//   first, and a wasm module left mid-call that way is broken for good.
// - a whole wasm memory that can be dropped: a module that aborts, or grew, goes with its thread.
import { isMainThread, workerData } from 'node:worker_threads';
import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSWASMModule,
} from 'quickjs-emscripten-core';
import releaseSync from '@jitl/quickjs-wasmfile-release-sync';
import { FAILED, QUICKJS_STACK_BYTES, READY, SLOT_DONE, SLOT_READY, type WorkerData, type WorkerReply, type WorkerRequest } from './sandbox-protocol';

const WASM_PAGE = 64 * 1024;
/** The wasm module's own initial memory (Emscripten's INITIAL_MEMORY in these builds). */
const BASE_PAGES = 256;
/** Describing an error runs the thrower's getters and toString: a budget of its own, after the run's. */
const DESCRIBE_BUDGET_MS = 10;
const FILENAME = 'transformation.js';

// Captured before the user's source runs, kept out of the global object: the source may replace
// JSON.stringify or Array.isArray, and then only its own messages suffer. What comes out is checked
// again outside, so none of this is a security boundary.
const PRELUDE = `(() => {
  const parse = JSON.parse, stringify = JSON.stringify, isArray = Array.isArray, P = Promise, S = String;
  const text = (v) => { try { return S(v).slice(0, 500); } catch { return '?'; } };
  return {
    parse: (json) => parse(json),
    serialise: (v, max) => {
      if (v === undefined || v === null) return 'Ehandler returned no webhook object (it returned ' + v + ')';
      if (typeof v !== 'object') return 'Ehandler returned no webhook object (it returned a ' + typeof v + ')';
      if (isArray(v)) return 'Ehandler returned no webhook object (it returned an array)';
      if (v instanceof P) return 'Ehandler returned a Promise: it runs synchronously, so it cannot be async';
      const json = stringify(v);
      if (typeof json !== 'string') return 'Ehandler returned no webhook object';
      if (json.length > max) return 'Eresult is larger than ' + (max >> 20) + ' MiB';
      return 'J' + json;
    },
    describe: (e) => {
      let name = '', message, stack = '';
      if (e !== null && typeof e === 'object') {
        try {
          const n = e.name, m = e.message, s = e.stack;
          if (typeof n === 'string') name = n.slice(0, 100);
          if (m !== undefined) message = text(m);
          if (typeof s === 'string') stack = s.slice(0, 2000);
        } catch { message = undefined; }
      }
      if (message === undefined) message = text(e);
      return stringify([name, message, stack]);
    },
  };
})()`;

type Phase = 'source' | 'lookup' | 'input' | 'handler' | 'result';

class Failure extends Error {}

/** One run or check in a fresh runtime and context; everything it made is freed before it returns. */
function execute(module: QuickJSWASMModule, memory: GuardedMemory, req: WorkerRequest): string {
  const runtime = module.newRuntime();
  const handles: QuickJSHandle[] = [];
  let context: QuickJSContext | undefined;
  const start = performance.now();
  let deadline = start + req.timeoutMs;
  let timedOut = false;
  let describing = false;
  memory.budget = BASE_PAGES * WASM_PAGE + req.memoryBytes;
  memory.refused = false;
  try {
    runtime.setMemoryLimit(req.memoryBytes);
    runtime.setMaxStackSize(QUICKJS_STACK_BYTES);
    runtime.setInterruptHandler(() => {
      if (performance.now() < deadline) return false;
      if (!describing) timedOut = true;
      return true;
    });
    // No module loader is set, so import() fails; no host function is ever created in it.
    const ctx = runtime.newContext();
    context = ctx;
    const keep = (h: QuickJSHandle) => (handles.push(h), h);
    const prelude = ctx.evalCode(PRELUDE, 'prelude.js', { type: 'global', strict: true });
    if (prelude.error) {
      keep(prelude.error);
      throw new Failure(timedOut ? `ran past ${req.timeoutMs} ms` : 'the sandbox could not prepare the run (memory limit too small?)');
    }
    const helpers = keep(prelude.value);

    const failure = (phase: Phase, error: QuickJSHandle): Failure => {
      if (timedOut) return new Failure(`ran past ${req.timeoutMs} ms`);
      if (memory.refused) return new Failure(outOfMemory(req.memoryBytes));
      describing = true;
      deadline = performance.now() + DESCRIBE_BUDGET_MS;
      const [name, message, stack] = describe(ctx, helpers, error);
      if (message === 'out of memory') return new Failure(outOfMemory(req.memoryBytes));
      if (message === 'stack overflow') return new Failure('stack overflow');
      if (message === 'interrupted') return new Failure(`ran past ${req.timeoutMs} ms`);
      const what = `${name ? `${name}: ` : ''}${message}${lineOf(stack)}`;
      switch (phase) {
        case 'source':
          return new Failure(name === 'SyntaxError' ? `the source does not compile: ${what}` : `the source's top-level code threw: ${what}`);
        case 'lookup':
          return new Failure(`looking up handler threw: ${what}`);
        case 'input':
          return new Failure(`the webhook could not be passed in: ${what}`);
        case 'handler':
          return new Failure(`handler threw: ${what}`);
        case 'result':
          return new Failure(`handler's result is not JSON: ${what}`);
      }
    };
    const ok = (phase: Phase, result: ReturnType<QuickJSContext['evalCode']>): QuickJSHandle => {
      if (result.error) throw failure(phase, keep(result.error));
      return keep(result.value);
    };

    // Everything the host allocates is allocated before the source runs, while the heap is free:
    // the webhook goes in first, and the functions used afterwards are fetched now.
    const input = ok('input', ctx.callFunction(keep(ctx.getProp(helpers, 'parse')), ctx.undefined, keep(ctx.newString(req.inputJson ?? 'null'))));
    const serialise = keep(ctx.getProp(helpers, 'serialise'));
    const maxResultChars = keep(ctx.newNumber(req.maxResultChars));

    // Global code, never a module: `import` is a syntax error and the handler a global binding.
    ok('source', ctx.evalCode(req.source, FILENAME, { type: 'global' }));
    const kind = ctx.getString(ok('lookup', ctx.evalCode('typeof handler', 'lookup.js', { type: 'global' })));
    // QuickJS hands back an empty C string when it cannot allocate one; typeof is never empty.
    if (kind === '') throw new Failure(outOfMemory(req.memoryBytes));
    if (kind === 'undefined') throw new Failure('handler is not defined: the source must define function handler(webhook)');
    if (kind !== 'function') throw new Failure(`handler is a ${kind}, not a function: the source must define function handler(webhook)`);
    if (req.op === 'check') return '';

    const handler = ok('lookup', ctx.evalCode('handler', 'lookup.js', { type: 'global' }));
    const output = ok('handler', ctx.callFunction(handler, ctx.undefined, input));
    const tagged = ctx.getString(ok('result', ctx.callFunction(serialise, ctx.undefined, output, maxResultChars)));
    if (tagged === '') throw new Failure(outOfMemory(req.memoryBytes));
    if (tagged.startsWith('E')) throw new Failure(tagged.slice(1));
    return tagged.slice(1);
  } finally {
    // A handle left alive makes the runtime's disposal abort the whole module: free them first.
    for (const h of handles.reverse()) if (h.alive) h.dispose();
    context?.dispose();
    runtime.dispose();
    memory.budget = Infinity;
  }
}

/** The host side of the module could not allocate: the run's memory is full. */
class HostOutOfMemory extends Error {}

// quickjs-emscripten writes a string or an argument list to whatever its malloc returns, without
// looking: when the run has filled its memory, that is address 0, and what it writes there (the
// text of an eval, say) lands on the module's own static data. This makes such a malloc throw
// before anything is written; the call it was for never reaches QuickJS.
function refuseNullMalloc(quickjs: QuickJSWASMModule): void {
  const emscripten = (quickjs as unknown as { module: { _malloc(size: number): number } }).module;
  const malloc = emscripten._malloc.bind(emscripten);
  emscripten._malloc = (size: number) => {
    const pointer = malloc(size);
    if (pointer === 0) throw new HostOutOfMemory();
    return pointer;
  };
}

function describe(ctx: QuickJSContext, helpers: QuickJSHandle, error: QuickJSHandle): [string, string, string] {
  const fn = ctx.getProp(helpers, 'describe');
  try {
    const result = ctx.callFunction(fn, ctx.undefined, error);
    if (result.error) {
      result.error.dispose();
      return ['', 'a value that could not be described', ''];
    }
    try {
      const parsed: unknown = JSON.parse(ctx.getString(result.value));
      return Array.isArray(parsed) && parsed.length === 3 ? (parsed.map(String) as [string, string, string]) : ['', '?', ''];
    } finally {
      result.value.dispose();
    }
  } finally {
    fn.dispose();
  }
}

/** " (line N)" from QuickJS's stack text, when it names a line of the user's source. */
function lineOf(stack: string): string {
  const match = new RegExp(`${FILENAME.replace('.', '\\.')}:(\\d+)`).exec(stack);
  return match ? ` (line ${match[1]})` : '';
}

function outOfMemory(bytes: number): string {
  return `out of memory (${bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`})`;
}

// QuickJS's memory limit, in these wasm builds, weighs a large block (a long string, an array's
// elements) only against the limit by itself, never adding it to the total (quickjs-emscripten
// #255, #271), so a runtime could fill gigabytes of many blocks each under the limit. The module
// grows its memory through this object's grow(), so a run's growth is refused past the run's
// budget, and malloc failing becomes QuickJS's "out of memory".
type GuardedMemory = WasmMemory & { budget: number; refused: boolean };

// TypeScript's ES2022 lib and @types/node leave WebAssembly undeclared: the part used here.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(deltaPages: number): number;
}
declare const WebAssembly: { Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory };

function guardedMemory(maxMemoryBytes: number): GuardedMemory {
  const memory = new WebAssembly.Memory({ initial: BASE_PAGES, maximum: BASE_PAGES + Math.ceil(maxMemoryBytes / WASM_PAGE) }) as GuardedMemory;
  memory.budget = Infinity;
  memory.refused = false;
  const grow = memory.grow.bind(memory);
  memory.grow = (delta: number) => {
    if (memory.buffer.byteLength + delta * WASM_PAGE > memory.budget) {
      memory.refused = true;
      throw new RangeError('transformation memory budget exhausted');
    }
    const pages = grow(delta);
    // Emscripten asks for some headroom first and then for less: only the last answer counts.
    memory.refused = false;
    return pages;
  };
  return memory;
}

async function main(data: WorkerData): Promise<void> {
  const state = new Int32Array(data.state);
  const memory = guardedMemory(data.maxMemoryBytes);
  let module: QuickJSWASMModule;
  try {
    module = await newQuickJSWASMModuleFromVariant(newVariant(releaseSync, { wasmMemory: memory }));
    refuseNullMalloc(module);
  } catch (err) {
    data.port.postMessage({ seq: 0, error: err instanceof Error ? err.message : String(err), wasmBytes: 0 } satisfies WorkerReply);
    Atomics.store(state, SLOT_READY, FAILED);
    Atomics.notify(state, SLOT_READY);
    return;
  }
  data.port.on('message', (req: WorkerRequest) => {
    let reply: WorkerReply;
    let crashed = false;
    try {
      reply = { seq: req.seq, json: execute(module, memory, req), wasmBytes: memory.buffer.byteLength };
    } catch (err) {
      if (err instanceof Failure || err instanceof HostOutOfMemory) {
        const error = err instanceof Failure ? err.message : outOfMemory(req.memoryBytes);
        reply = { seq: req.seq, error, wasmBytes: memory.buffer.byteLength };
      } else {
        // Thrown by the host side of the module mid-call (V8's stack, a wasm trap): its memory
        // may be half-updated, so nothing more runs in it.
        crashed = true;
        const overflow = err instanceof RangeError && /call stack/i.test(err.message);
        reply = { seq: req.seq, error: overflow ? 'stack overflow' : `the sandbox crashed: ${err instanceof Error ? err.message : String(err)}`, crashed, wasmBytes: memory.buffer.byteLength };
      }
    }
    data.port.postMessage(reply);
    Atomics.store(state, SLOT_DONE, req.seq);
    Atomics.notify(state, SLOT_DONE);
    if (crashed) process.exit(1);
  });
  Atomics.store(state, SLOT_READY, READY);
  Atomics.notify(state, SLOT_READY);
}

if (!isMainThread && (workerData as Partial<WorkerData> | undefined)?.kind === 'herald-transform-sandbox') {
  void main(workerData as WorkerData);
}
