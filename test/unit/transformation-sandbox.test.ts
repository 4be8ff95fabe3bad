import {
  DEFAULT_TRANSFORM_LIMITS,
  TransformationError,
  checkTransformationSource,
  loadSandbox,
  normaliseResult,
  type Sandbox,
  type Webhook,
} from '../../activities/transform/sandbox';

const input: Webhook = {
  method: 'POST',
  url: 'https://hooks.example.com/in',
  headers: { 'content-type': 'application/json', 'webhook-id': 'msg_1' },
  payload: { type: 'invoice.paid', data: { amount: 1200, lines: [1, 2] } },
  cancel: false,
};

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await loadSandbox();
});

const run = (source: string, limits = DEFAULT_TRANSFORM_LIMITS) => sandbox.run(source, input, limits);

/** The TransformationError's message, and how long the run took. */
async function failure(source: string, limits = DEFAULT_TRANSFORM_LIMITS): Promise<{ message: string; ms: number }> {
  const start = performance.now();
  try {
    await run(source, limits);
  } catch (err) {
    if (!(err instanceof TransformationError)) throw err;
    return { message: err.message, ms: performance.now() - start };
  }
  throw new Error('the transformation did not fail');
}
const failsWith = async (source: string) => (await failure(source)).message;

async function expectStillWorks(): Promise<void> {
  expect(await run('function handler(webhook) { return webhook }')).toEqual(input);
}

describe('transformation sandbox: running a handler', () => {
  it('returns the webhook unchanged from an identity handler', async () => {
    expect(await run('function handler(webhook) { return webhook }')).toEqual(input);
  });

  it('changes payload, URL, method and headers', async () => {
    const result = await run(`
      const rate = 100;
      function toEuros(cents) { return cents / rate }
      function handler(webhook) {
        webhook.payload = { text: webhook.payload.type + ': ' + toEuros(webhook.payload.data.amount) + ' EUR' };
        webhook.url = webhook.url.replace('/in', '/slack');
        webhook.method = 'put';
        webhook.headers['X-Source'] = 'herald';
        delete webhook.headers['webhook-id'];
        return webhook;
      }`);
    expect(result).toEqual({
      method: 'PUT',
      url: 'https://hooks.example.com/slack',
      headers: { 'content-type': 'application/json', 'X-Source': 'herald' },
      payload: { text: 'invoice.paid: 12 EUR' },
      cancel: false,
    });
  });

  it('cancels, and takes a missing cancel as false', async () => {
    expect((await run('function handler(webhook) { return { ...webhook, cancel: webhook.payload.data.amount > 1000 } }')).cancel).toBe(true);
    expect((await run('function handler(w) { const { cancel, ...rest } = w; return rest }')).cancel).toBe(false);
  });

  it('accepts a handler bound with const, and leaves the caller’s webhook alone', async () => {
    const before = structuredClone(input);
    expect((await run('const handler = (w) => { w.payload.data.amount = 0; w.headers.x = "y"; return w }')).payload).toEqual({ type: 'invoice.paid', data: { amount: 0, lines: [1, 2] } });
    expect(input).toEqual(before);
  });

  it('refuses limits outside the allowed range as the caller’s mistake', async () => {
    await expect(run('function handler(w) { return w }', { timeoutMs: 0, memoryBytes: 16 << 20 })).rejects.toThrow(RangeError);
    await expect(run('function handler(w) { return w }', { timeoutMs: 50, memoryBytes: 1 << 40 })).rejects.toThrow(RangeError);
  });
});

describe('transformation sandbox: the source’s own errors', () => {
  it('says when the source defines no handler, or a handler that is not a function', async () => {
    expect(await failsWith('function transform(webhook) { return webhook }')).toBe('handler is not defined: the source must define function handler(webhook)');
    expect(await failsWith('var handler = 5')).toBe('handler is a number, not a function: the source must define function handler(webhook)');
  });

  it('names a syntax error and its line', async () => {
    expect(await failsWith('function handler(webhook) {\n  return webhook)\n}')).toMatch(/^the source does not compile: SyntaxError: .+ \(line 2\)$/);
  });

  it('passes on what the handler threw, with its line', async () => {
    expect(await failsWith('function handler(webhook) {\n  return webhook.nothing.here\n}')).toMatch(/^handler threw: TypeError: cannot read property 'here' of undefined \(line 2\)$/);
    expect(await failsWith('function handler() { throw new Error("no customer") }')).toBe('handler threw: Error: no customer (line 1)');
    expect(await failsWith('function handler() { throw "plain text" }')).toBe('handler threw: plain text');
    expect(await failsWith('throw new RangeError("at load")\nfunction handler(w) { return w }')).toBe("the source's top-level code threw: RangeError: at load (line 1)");
  });

  it('describes a thrown value whose getters never return, within the time limit', async () => {
    const { message, ms } = await failure('function handler() { throw { get message() { for (;;) {} } } }');
    expect(message).toBe('handler threw: a value that could not be described');
    expect(ms).toBeLessThan(2000);
  });

  it('refuses an async handler', async () => {
    expect(await failsWith('async function handler(w) { return w }')).toBe('handler returned a Promise: it runs synchronously, so it cannot be async');
  });
});

describe('transformation sandbox: limits', () => {
  it('stops an endless loop in the handler at the time limit, and the next run works', async () => {
    const { message, ms } = await failure('function handler(webhook) { while (true) {} }');
    expect(message).toBe('ran past 50 ms');
    expect(ms).toBeGreaterThanOrEqual(45);
    expect(ms).toBeLessThan(2000);
    await expectStillWorks();
  });

  it('stops an endless loop in the top-level code, and a longer limit is honoured', async () => {
    expect((await failure('for (;;) {}\nfunction handler(w) { return w }')).message).toBe('ran past 50 ms');
    const { message, ms } = await failure('function handler() { for (;;) {} }', { timeoutMs: 300, memoryBytes: 16 << 20 });
    expect(message).toBe('ran past 300 ms');
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(2000);
  });

  it('stops a loop whose every step is long C work, which QuickJS checks too seldom, by ending its thread', async () => {
    const restarts = sandbox.stats().restarts;
    const { message, ms } = await failure("const s = 'x'.repeat(1 << 23);\nfunction handler() { for (;;) s.indexOf('y') }");
    expect(message).toBe('ran past 50 ms');
    expect(ms).toBeLessThan(2000);
    expect(sandbox.stats().restarts).toBe(restarts + 1);
    await expectStillWorks();
    // JSON.stringify of deeply nested objects is such work too.
    expect((await failure('function handler(w) { let o = {}; for (let i = 0; i < 1e5; i++) o = { o }; return { ...w, payload: o } }')).message).toBe('ran past 50 ms');
    await expectStillWorks();
  });

  // Limits roomy in time from here on: what has to stop these runs is memory, or the stack.
  const roomy = { timeoutMs: 2000, memoryBytes: 16 << 20 };

  it('runs out of memory on endless allocation, whatever the blocks, and the next run works', async () => {
    const started = performance.now();
    expect((await failure("function handler() { const a = []; while (true) a.push('x'.repeat(1e6)) }", roomy)).message).toBe('out of memory (16 MiB)');
    expect((await failure('function handler() { return new Array(1e9).fill(0) }', roomy)).message).toBe('out of memory (16 MiB)');
    expect((await failure('function handler() { const a = []; while (true) a.push(new Uint8Array(4e6)) }', roomy)).message).toBe('out of memory (16 MiB)');
    expect((await failure('function handler() { const a = []; while (true) a.push({ n: a.length }) }', roomy)).message).toBe('out of memory (16 MiB)');
    expect(performance.now() - started).toBeLessThan(5000);
    await expectStillWorks();
    // The thread's whole wasm memory: its own 16 MiB plus at most one run's limit.
    expect(sandbox.stats().wasmBytes).toBeLessThanOrEqual(32 * 1024 * 1024 + 4 * 65536);
  });

  it('stays sound when the source fills its memory and holds on to it before the handler is called', async () => {
    const restarts = sandbox.stats().restarts;
    const big: Webhook = { ...input, payload: { text: 'y'.repeat(50_000) } };
    const hoarders = [
      "const hoard = []; try { for (;;) hoard.push('x'.repeat(1e5)) } catch {}\nfunction handler(w) { return w }",
      "const hoard = []; try { for (;;) hoard.push({ n: hoard.length }) } catch {}\nfunction handler(w) { return w }",
      "const hoard = []; function handler(w) { try { for (;;) hoard.push('x'.repeat(1e5)) } catch {} return w }",
    ];
    for (const source of hoarders) {
      try {
        expect(await sandbox.run(source, big, roomy)).toEqual(big);
      } catch (err) {
        expect(err).toBeInstanceOf(TransformationError);
        expect((err as Error).message).toBe('out of memory (16 MiB)');
      }
      for (let i = 0; i < 20; i++) expect(await sandbox.run('function handler(w) { return w }', big)).toEqual(big);
    }
    expect(sandbox.stats().restarts).toBe(restarts);
  });

  it('refuses a source over 1 MiB before running it', async () => {
    expect(await failsWith(`function handler(w) { return w } // ${'x'.repeat(1024 * 1024)}`)).toBe('the source is larger than 1 MiB');
  });

  it('names a smaller memory limit when a run hits it', async () => {
    expect((await failure("function handler() { return { p: 'x'.repeat(5e6) } }", { timeoutMs: 50, memoryBytes: 4 << 20 })).message).toBe('out of memory (4 MiB)');
  });

  it('ends deep recursion, in code, in the parser, in JSON and in builtins, as a stack overflow without losing the thread', async () => {
    const restarts = sandbox.stats().restarts;
    const overflows = async (source: string) => expect((await failure(source, roomy)).message).toBe('stack overflow');
    await overflows('function f() { return f() }\nf()\nfunction handler(w) { return w }');
    await overflows('function handler() { return [0].map(function f() { return [0].map(f) }) }');
    await overflows("function handler() { return eval('('.repeat(1e5) + '1' + ')'.repeat(1e5)) }");
    await overflows("function handler() { return JSON.parse('['.repeat(1e5) + ']'.repeat(1e5)) }");
    await overflows('function handler(w) { let o = []; for (let i = 0; i < 1e5; i++) o = [o]; return { ...w, payload: String(o) } }');
    expect(sandbox.stats().restarts).toBe(restarts);
    await expectStillWorks();
  });

  it('stops recursion that catches its own stack overflow and recurses again, at the time limit', async () => {
    const { message, ms } = await failure('function handler() { function f() { try { return f() } catch { return f() } } return f() }');
    expect(message).toBe('ran past 50 ms');
    expect(ms).toBeLessThan(2000);
    await expectStillWorks();
  });
});

describe('transformation sandbox: the event loop goes on', () => {
  it('runs timers while a runaway handler runs, and a run queued behind it still succeeds', async () => {
    const start = performance.now();
    const settled: string[] = [];
    const runaway = failure('function handler(webhook) { while (true) {} }', { timeoutMs: 500, memoryBytes: 16 << 20 }).then((result) => {
      settled.push('runaway');
      return { ...result, at: performance.now() - start };
    });
    const queued = run('function handler(webhook) { return webhook }').then((webhook) => {
      settled.push('queued');
      return { webhook, at: performance.now() - start };
    });
    const timerAt = await new Promise<number>((resolve) => setTimeout(() => resolve(performance.now() - start), 10));
    expect(settled).toEqual([]);
    const { message, at: runawayAt } = await runaway;
    expect(message).toBe('ran past 500 ms');
    expect(timerAt).toBeLessThan(200);
    expect(runawayAt).toBeGreaterThanOrEqual(490);
    const { webhook, at: queuedAt } = await queued;
    expect(webhook).toEqual(input);
    expect(queuedAt).toBeGreaterThanOrEqual(runawayAt);
    expect(settled).toEqual(['runaway', 'queued']);
  });

  it('runs timers while a thread that overstayed is ended and its replacement loads', async () => {
    const restarts = sandbox.stats().restarts;
    let ticks = 0;
    const interval = setInterval(() => ticks++, 10);
    try {
      const killed = failure("const s = 'x'.repeat(1 << 23);\nfunction handler() { for (;;) s.indexOf('y') }");
      const next = run('function handler(webhook) { return webhook }');
      expect((await killed).message).toBe('ran past 50 ms');
      expect(await next).toEqual(input);
    } finally {
      clearInterval(interval);
    }
    expect(sandbox.stats().restarts).toBe(restarts + 1);
    // The kill comes 150 ms in, and the fresh thread loads after it: a blocked loop would barely tick.
    expect(ticks).toBeGreaterThanOrEqual(5);
  });
});

// What QuickJS defines on its own: ECMAScript, nothing from a host.
const ECMASCRIPT_GLOBALS = new Set([
  'Error', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError', 'InternalError', 'AggregateError',
  'Array', 'Object', 'Function', 'Iterator', 'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'decodeURI', 'decodeURIComponent',
  'encodeURI', 'encodeURIComponent', 'escape', 'unescape', 'Infinity', 'NaN', 'undefined', 'eval', 'Number', 'Boolean', 'String',
  'Math', 'Reflect', 'Symbol', 'globalThis', 'BigInt', 'Date', 'RegExp', 'JSON', 'Proxy', 'Map', 'Set', 'WeakMap', 'WeakSet',
  'ArrayBuffer', 'SharedArrayBuffer', 'Uint8ClampedArray', 'Int8Array', 'Uint8Array', 'Int16Array', 'Uint16Array', 'Int32Array',
  'Uint32Array', 'BigInt64Array', 'BigUint64Array', 'Float16Array', 'Float32Array', 'Float64Array', 'DataView', 'Promise', 'WeakRef',
  'FinalizationRegistry', 'Atomics',
  'handler',
]);

describe('transformation sandbox: nothing of the host inside', () => {
  it('has no process, require, fetch, timers or console, and only ECMAScript globals', async () => {
    const { payload } = await run(`function handler(webhook) {
      return { ...webhook, payload: {
        types: [typeof process, typeof require, typeof module, typeof fetch, typeof setTimeout, typeof setInterval, typeof setImmediate,
          typeof queueMicrotask, typeof console, typeof Buffer, typeof WebAssembly, typeof print, typeof std, typeof os, typeof scriptArgs],
        globals: Object.getOwnPropertyNames(globalThis),
        viaThis: typeof this.process,
      } };
    }`);
    const { types, globals, viaThis } = payload as { types: string[]; globals: string[]; viaThis: string };
    expect(new Set(types)).toEqual(new Set(['undefined']));
    expect(globals.filter((name) => !ECMASCRIPT_GLOBALS.has(name))).toEqual([]);
    expect(viaThis).toBe('undefined');
  });

  it('reaches nothing through the Function constructor, the webhook object or sloppy this', async () => {
    const { payload } = await run(`function handler(webhook) {
      return { ...webhook, payload: [
        globalThis.constructor.constructor('return typeof process')(),
        webhook.constructor.constructor('return typeof require')(),
        webhook.headers.constructor.constructor('return Object.getPrototypeOf(this) === Object.prototype')(),
        (function () { return typeof this.process })(),
        Object.getPrototypeOf(webhook) === Object.prototype,
      ] };
    }`);
    expect(payload).toEqual(['undefined', 'undefined', true, 'undefined', true]);
  });

  it('loads no module: import() never settles into anything, a static import does not compile', async () => {
    const { payload } = await run(`function handler(webhook) {
      let state = 'pending';
      for (const name of ['fs', 'node:child_process', 'os', 'std']) import(name).then(() => { state = 'loaded' }, () => { state = 'refused' });
      return { ...webhook, payload: state };
    }`);
    expect(payload).toBe('pending');
    expect(await failsWith("import fs from 'fs'\nfunction handler(w) { return w }")).toMatch(/^the source does not compile: SyntaxError/);
  });

  it('throws inside on calling what is not there', async () => {
    expect(await failsWith("function handler() { return require('fs') }")).toMatch(/^handler threw: ReferenceError: '?require'? is not defined/);
    expect(await failsWith('function handler() { setTimeout(() => {}, 0) }')).toMatch(/^handler threw: ReferenceError: '?setTimeout'? is not defined/);
    expect(await failsWith("function handler() { return fetch('http://127.0.0.1/') }")).toMatch(/^handler threw: ReferenceError: '?fetch'? is not defined/);
  });

  it('keeps nothing from one run to the next', async () => {
    await run(`globalThis.leaked = 'secret'; Object.prototype.polluted = true; JSON.stringify = () => '{}'; Array.isArray = () => true;
      function handler(webhook) { globalThis.seen = webhook.url; return webhook }`);
    const { payload } = await run(`function handler(webhook) {
      return { ...webhook, payload: [typeof leaked, typeof seen, typeof ({}).polluted, JSON.stringify({ a: 1 }), Array.isArray({})] };
    }`);
    expect(payload).toEqual(['undefined', 'undefined', 'undefined', '{"a":1}', false]);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});

describe('transformation sandbox: the returned webhook', () => {
  const returning = (expression: string) => failsWith(`function handler(webhook) { return ${expression} }`);

  it('must be an object', async () => {
    expect(await returning('undefined')).toBe('handler returned no webhook object (it returned undefined)');
    expect(await returning('null')).toBe('handler returned no webhook object (it returned null)');
    expect(await returning('"text"')).toBe('handler returned no webhook object (it returned a string)');
    expect(await returning('[webhook]')).toBe('handler returned no webhook object (it returned an array)');
  });

  it('must have a known method and a string URL of bounded length', async () => {
    expect(await returning('{ ...webhook, method: "TRACE" }')).toBe('returned method must be one of GET, POST, PUT, PATCH, DELETE, not "TRACE"');
    expect(await returning('{ ...webhook, method: 1 }')).toBe('returned method is not a string');
    expect(await returning('{ ...webhook, url: { href: webhook.url } }')).toBe('returned url is not a string');
    expect(await returning('{ ...webhook, url: "https://e.com/" + "a".repeat(2100) }')).toBe('returned url is longer than 2048 characters');
  });

  it('must have headers of valid names to single-line string values', async () => {
    expect(await returning('{ ...webhook, headers: { "X-A": "1\\r\\nX-Injected: 2" } }')).toBe('returned header "X-A" contains CR or LF');
    expect(await returning('{ ...webhook, headers: { "X-A": "line\\nbreak" } }')).toBe('returned header "X-A" contains CR or LF');
    expect(await returning('{ ...webhook, headers: { "X-A": "nul\\u0000" } }')).toBe('returned header "X-A" contains a character not allowed in a header value');
    expect(await returning('{ ...webhook, headers: { "bad name": "1" } }')).toBe('returned header name "bad name" is not a valid HTTP header name');
    expect(await returning('{ ...webhook, headers: { "X-A": 1 } }')).toBe('returned header "X-A" is not a string');
    expect(await returning('{ ...webhook, headers: { "x-a": "1", "X-A": "2" } }')).toBe('returned header "X-A" twice (header names ignore case)');
    expect(await returning('{ ...webhook, headers: "x" }')).toBe('returned headers is not an object of names to strings');
    expect(await returning('{ ...webhook, headers: Object.fromEntries(Array.from({ length: 51 }, (_, i) => ["h" + i, "v"])) }')).toBe('returned more than 50 headers');
  });

  it('must carry a payload, a boolean cancel, and JSON within 1 MiB', async () => {
    expect(await returning('{ method: "POST", url: webhook.url, headers: {} }')).toBe('returned webhook has no payload (return null for an empty one)');
    expect(await returning('{ ...webhook, cancel: "yes" }')).toBe('returned cancel is not a boolean');
    expect(await returning('{ ...webhook, payload: "x".repeat(2e6) }')).toBe('result is larger than 1 MiB');
    expect(await returning('{ ...webhook, payload: 1n }')).toMatch(/^handler's result is not JSON: TypeError/);
    expect(await failsWith('function handler(w) { w.payload = w; return w }')).toMatch(/^handler's result is not JSON: TypeError: circular/);
  });

  it('counts the 1 MiB in UTF-8 bytes, and keeps a header named __proto__ as a header', () => {
    const wide = JSON.stringify({ ...input, payload: 'é'.repeat(600_000) });
    expect(() => normaliseResult(wide)).toThrow('result is larger than 1 MiB');
    const result = normaliseResult('{"method":"post","url":"u","headers":{"__proto__":"x"},"payload":null}');
    expect(Object.keys(result.headers)).toEqual(['__proto__']);
    expect(result).toMatchObject({ method: 'POST', cancel: false });
  });
});

describe('checkTransformationSource', () => {
  it('accepts a source defining handler without calling it', async () => {
    const started = performance.now();
    expect(await checkTransformationSource('function handler(w) { for (;;) {} }')).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('says what is wrong with a source, its top-level code bounded like a run', async () => {
    expect(await checkTransformationSource('function handle(w) { return w }')).toBe('handler is not defined: the source must define function handler(webhook)');
    expect(await checkTransformationSource('function handler(w) { return w')).toMatch(/^the source does not compile: SyntaxError/);
    expect(await checkTransformationSource('while (true) {}')).toBe('ran past 50 ms');
    expect(await checkTransformationSource("const big = []; for (;;) big.push('x'.repeat(1e6))", { timeoutMs: 2000, memoryBytes: 16 << 20 })).toBe('out of memory (16 MiB)');
  });
});

describe('transformation sandbox: runs leave nothing behind', () => {
  it('frees every runtime: 2,000 runs, failing ones among them, neither crash the module nor grow its memory', async () => {
    const sources = [
      'function handler(w) { w.payload = { n: Math.random(), big: "x".repeat(10000) }; return w }',
      'function handler(w) { throw new TypeError("bad " + w.url) }',
      'function handler(w) { return { ...w, headers: { "a b": "c" } } }',
      'function nothing() {}',
      'function handler(w) { return w',
    ];
    for (let i = 0; i < 100; i++) {
      try {
        await run(sources[i % sources.length]);
      } catch (err) {
        if (!(err instanceof TransformationError)) throw err;
      }
    }
    const { wasmBytes, restarts } = sandbox.stats();
    let failed = 0;
    for (let i = 0; i < 2000; i++) {
      try {
        await run(sources[i % sources.length]);
      } catch (err) {
        if (!(err instanceof TransformationError)) throw err;
        failed++;
      }
    }
    expect(failed).toBe(1600);
    expect(sandbox.stats()).toEqual({ wasmBytes, restarts });
  });
});
