import { settleWithin } from '../../activities/round-budget';

const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('settleWithin', () => {
  it('returns what settled within the budget, and hands over the rest still in flight, unchanged as they settle', async () => {
    const slow = later(150, 'd');
    const inFlight = new Map([
      ['a', Promise.resolve('a')],
      ['b', later(10, 'b')],
      ['c', later(80, 'c')],
      ['d', slow],
    ]);
    const { settled, pending } = await settleWithin(inFlight, 40, (v) => v);
    expect([...settled]).toEqual([
      ['a', 'a'],
      ['b', 'b'],
    ]);
    expect([...pending.keys()]).toEqual(['c', 'd']);
    await slow;
    // Settling after the budget changes neither answer: the caller hands `pending` on as it was.
    expect([...pending.keys()]).toEqual(['c', 'd']);
    expect(settled.size).toBe(2);
    expect(await pending.get('d')).toBe('d');
  });

  it('returns as soon as everything settled, with nothing pending', async () => {
    const started = Date.now();
    const { settled, pending } = await settleWithin(new Map([['a', later(5, 1)]]), 10_000, () => 'a');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(settled.get('a')).toBe(1);
    expect(pending.size).toBe(0);
  });

  it('fails when an attempt fails (Herald\'s own failure), as the round did before it had a budget', async () => {
    await expect(settleWithin(new Map([['a', Promise.reject(new Error('PostgreSQL away'))]]), 1000, () => 'a')).rejects.toThrow('PostgreSQL away');
  });
});
