import { createInFlightGate } from '../../api/in-flight-gate';

describe('in-flight gate', () => {
  it('lets `limit` events in, holds the next until one is done, in arrival order', async () => {
    const gate = createInFlightGate(2);
    await gate.enter('a');
    await gate.enter('b');
    const order: string[] = [];
    const c = gate.enter('c').then(() => order.push('c'));
    const d = gate.enter('d').then(() => order.push('d'));
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([]);
    gate.done('a');
    await c;
    expect(order).toEqual(['c']);
    gate.done('unknown'); // a round this process did not start frees nothing
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(['c']);
    gate.done('b');
    await d;
    expect(order).toEqual(['c', 'd']);
    expect(gate.size).toBe(2);
  });

  it('frees an entry that is never reported done once it expires', async () => {
    const gate = createInFlightGate(1, 50);
    await gate.enter('lost');
    const started = Date.now();
    await gate.enter('next');
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
    expect(gate.size).toBe(1);
    gate.done('next');
  });
});
