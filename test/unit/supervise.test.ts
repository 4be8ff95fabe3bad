import { supervise, type SupervisorIo } from '../../bin/supervise';

function harness() {
  const exits: number[] = [];
  const handlers = new Map<string, () => void>();
  const lines: string[] = [];
  let exited!: () => void;
  const done = new Promise<void>((resolve) => (exited = resolve));
  const io: SupervisorIo = {
    log: (line) => lines.push(line),
    error: (line) => lines.push(line),
    exit: (code) => {
      exits.push(code);
      exited();
    },
    onSignal: (signal, handler) => handlers.set(signal, handler),
  };
  return { io, exits, handlers, lines, done };
}

describe('how a herald process ends', () => {
  it('exits non-zero when the worker fails, after stopping the other parts', async () => {
    const h = harness();
    let stopped = 0;
    supervise({ stop: async () => void stopped++, workerDone: Promise.reject(new Error('worker crashed')) }, h.io);
    await h.done;
    expect(h.exits).toEqual([1]);
    expect(stopped).toBe(1);
    expect(h.lines).toContain('herald: the worker failed');
  });

  it('exits non-zero when the worker stops without being asked', async () => {
    const h = harness();
    supervise({ stop: async () => undefined, workerDone: Promise.resolve() }, h.io);
    await h.done;
    expect(h.exits).toEqual([1]);
  });

  it('exits 0 on SIGTERM or SIGINT, once, even as the worker drains', async () => {
    const h = harness();
    let finishWorker!: () => void;
    const workerDone = new Promise<void>((resolve) => (finishWorker = resolve));
    supervise({ stop: async () => finishWorker(), workerDone }, h.io);
    h.handlers.get('SIGTERM')!();
    h.handlers.get('SIGINT')!();
    await h.done;
    await new Promise((r) => setImmediate(r));
    expect(h.exits).toEqual([0]);
  });

  it('exits non-zero when stopping fails', async () => {
    const h = harness();
    supervise({ stop: async () => Promise.reject(new Error('PostgreSQL would not stop')) }, h.io);
    h.handlers.get('SIGTERM')!();
    await h.done;
    expect(h.exits).toEqual([1]);
  });

  it('exits once its deadline passes when a part never stops, saying so', async () => {
    const h = harness();
    const { stop } = supervise({ stop: () => new Promise<void>(() => undefined) }, h.io, 50);
    void stop('SIGTERM', 0);
    await h.done;
    expect(h.exits).toEqual([1]);
    expect(h.lines).toEqual(['SIGTERM: stopping', 'herald: not stopped within 0.05 s; exiting']);
  });
});
