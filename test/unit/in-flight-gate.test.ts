import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { testEnv } from '../support/herald';
import { createEventStarter } from '../../runtime/event-starter';
import { createInFlightGate } from '../../runtime/in-flight-gate';
import { eventWorkflowId, type HeraldEvent } from '../../domain/event-envelope';

const tick = () => new Promise((r) => setImmediate(r));

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

  it('holds new events while the first rounds in flight make `deliveryLimit` deliveries, and lets one larger event through alone', async () => {
    const gate = createInFlightGate(32, 10_000, 300);
    await gate.enter('a');
    gate.weigh('a', 100);
    await gate.enter('b');
    gate.weigh('b', 250); // past the limit now: b was let in before its weight was known
    expect(gate.deliveries).toBe(350);
    let entered = false;
    const c = gate.enter('c').then(() => (entered = true));
    await tick();
    expect(entered).toBe(false);
    gate.done('b');
    await c;
    expect(gate.deliveries).toBe(100);
    gate.weigh('unknown', 5); // a round this process did not start weighs nothing
    gate.done('a');
    gate.weigh('c', 1000); // alone past the limit: it went, and holds the next back until done
    let next = false;
    const d = gate.enter('d').then(() => (next = true));
    await tick();
    expect(next).toBe(false);
    gate.done('c');
    await d;
    expect(gate.deliveries).toBe(0);
    gate.done('d');
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

  it('keeps one entry, and one expiry timer, for a key entered twice', async () => {
    jest.useFakeTimers();
    try {
      const gate = createInFlightGate(2, 50);
      await gate.enter('a');
      await gate.enter('a');
      expect(gate.size).toBe(1);
      expect(jest.getTimerCount()).toBe(1);
      gate.done('a');
      expect(gate.size).toBe(0);
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps the slot of a started event when a repeat POST of it is refused by Temporal', async () => {
    // The run's real Temporal, on a task queue no worker polls: the workflow starts and waits.
    const connection = await Connection.connect({ address: testEnv().temporalAddress });
    try {
      const gate = createInFlightGate(2);
      const event: HeraldEvent = { appId: 'app_gate', id: `e-${randomUUID()}`, type: 'message.sent', data: {}, occurredAt: new Date().toISOString() };
      const workflowId = eventWorkflowId(event.appId, event.id);
      const starter = createEventStarter(new Client({ connection }), { taskQueue: `gate-${randomUUID()}`, eagerStart: false, gate });

      await expect(starter.start(event)).resolves.toBe(true);
      // Temporal answers WorkflowExecutionAlreadyStarted: nothing new, and the first's slot stays.
      await expect(starter.start(event)).resolves.toBe(false);
      expect(gate.size).toBe(1);

      await gate.enter('other');
      let nextIn = false;
      const next = gate.enter('next').then(() => (nextIn = true));
      await tick();
      expect(nextIn).toBe(false);
      gate.done(workflowId); // the worker reports the first round
      await next;
      expect(gate.size).toBe(2);
    } finally {
      await connection.close();
    }
  });

  it('hands a freed slot to the longest waiter, ahead of a newcomer', async () => {
    const gate = createInFlightGate(1);
    await gate.enter('a');
    const order: string[] = [];
    const waiter = gate.enter('waiter').then(() => order.push('waiter'));
    await tick();
    gate.done('a');
    const newcomer = gate.enter('newcomer').then(() => order.push('newcomer'));
    await tick();
    expect(order).toEqual(['waiter']);
    await waiter;
    gate.done('waiter');
    await newcomer;
    expect(order).toEqual(['waiter', 'newcomer']);
  });

  it('ends a shared entry on its last release or on done, and ignores a release once it ended', async () => {
    const gate = createInFlightGate(1);
    const first = await gate.enter('a');
    const repeat = await gate.enter('a'); // shares the slot rather than queueing for one
    repeat();
    repeat(); // a release counts once
    expect(gate.size).toBe(1);
    first();
    expect(gate.size).toBe(0);

    await gate.enter('a');
    gate.done('a');
    const again = await gate.enter('a');
    first(); // from the entry that already ended: frees nothing of the new one
    expect(gate.size).toBe(1);
    const waiters = [gate.enter('b'), gate.enter('b')]; // both wait, then share one slot
    again();
    const [b1, b2] = await Promise.all(waiters);
    expect(gate.size).toBe(1);
    b1();
    b2();
    expect(gate.size).toBe(0);
  });
});
