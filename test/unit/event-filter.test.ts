// An endpoint's filter decides which events it gets: matching has to be exact about missing fields
// and types, and a filter that cannot mean anything is refused with every reason at once.
import { compileFilter, FILTER_LIMITS, filterProblems, InvalidFilter, matchesFilter, type EventFilter } from '../../domain/event-filter';

const order = {
  amount: 42,
  currency: 'EUR',
  paidAt: '2026-12-06T10:00:00.000Z',
  vip: false,
  note: null,
  customer: { id: 'cus_1', tier: 'gold', address: { country: 'FR' } },
  tags: ['new', 'mobile'],
  items: [
    { kind: 'book', qty: 2 },
    { kind: 'pen', qty: 1 },
  ],
  '0': 'zero',
};
const matches = (filter: EventFilter | null | undefined, data: unknown = order, type = 'order.paid') => matchesFilter(filter, { type, data });
// `data` exactly as given, undefined included.
const matchesData = (filter: EventFilter, data: unknown) => matchesFilter(filter, { type: 'order.paid', data });
const paths = (filter: unknown) => filterProblems(filter).map((p) => p.path);

describe('event filter: matching', () => {
  it('matches everything without a filter', () => {
    expect(matches(null)).toBe(true);
    expect(matches(undefined)).toBe(true);
  });

  it('takes a plain value as $eq, on type and on data paths', () => {
    expect(matches({ type: 'order.paid' })).toBe(true);
    expect(matches({ type: 'order.refunded' })).toBe(false);
    expect(matches({ 'data.customer.tier': 'gold', 'data.vip': false, 'data.note': null })).toBe(true);
    expect(matches({ 'data.amount': '42' })).toBe(false);
    expect(matches({ 'data.customer.address.country': 'FR' })).toBe(true);
  });

  it('compares $eq / $neq deeply, key order aside', () => {
    expect(matches({ 'data.customer.address': { $eq: { country: 'FR' } } })).toBe(true);
    expect(matches({ 'data.customer': { $eq: { tier: 'gold', address: { country: 'FR' }, id: 'cus_1' } } })).toBe(true);
    expect(matches({ 'data.customer': { $eq: { tier: 'gold', id: 'cus_1' } } })).toBe(false);
    expect(matches({ 'data.tags': { $eq: ['new', 'mobile'] } })).toBe(true);
    expect(matches({ 'data.tags': { $eq: ['mobile', 'new'] } })).toBe(false);
    expect(matches({ 'data.tags': { $eq: { 0: 'new', 1: 'mobile' } } })).toBe(false);
    expect(matches({ 'data.currency': { $neq: 'USD' } })).toBe(true);
    expect(matches({ 'data.currency': { $neq: 'EUR' } })).toBe(false);
    expect(matches({ 'data.items': { $neq: [{ kind: 'book', qty: 2 }] } })).toBe(true);
  });

  it('matches $in / $nin against a value, and against any element of an array field', () => {
    expect(matches({ type: { $in: ['order.paid', 'order.refunded'] } })).toBe(true);
    expect(matches({ type: { $nin: ['order.paid', 'order.refunded'] } })).toBe(false);
    expect(matches({ 'data.amount': { $in: [1, 2, 3] } })).toBe(false);
    expect(matches({ 'data.amount': { $nin: [1, 2, 3] } })).toBe(true);
    expect(matches({ 'data.tags': { $in: ['vip', 'mobile'] } })).toBe(true);
    expect(matches({ 'data.tags': { $nin: ['vip', 'mobile'] } })).toBe(false);
    expect(matches({ 'data.tags': { $in: ['vip'] } })).toBe(false);
    // The array itself, or an object element, is a listed value like any other.
    expect(matches({ 'data.tags': { $in: [['new', 'mobile']] } })).toBe(true);
    expect(matches({ 'data.items': { $in: [{ qty: 1, kind: 'pen' }] } })).toBe(true);
    expect(matches({ 'data.customer.address': { $in: [{ country: 'FR' }, 'FR'] } })).toBe(true);
    expect(matches({ 'data.amount': { $in: ['42'] } })).toBe(false);
  });

  it('orders numbers with numbers and strings with strings, never across', () => {
    expect(matches({ 'data.amount': { $gt: 41, $lte: 42 } })).toBe(true);
    expect(matches({ 'data.amount': { $gte: 42, $lt: 42 } })).toBe(false);
    expect(matches({ 'data.amount': { $gt: 42 } })).toBe(false);
    expect(matches({ 'data.amount': { $gte: 42 } })).toBe(true);
    expect(matches({ 'data.amount': { $lt: 43 } })).toBe(true);
    expect(matches({ 'data.amount': { $lte: 41.5 } })).toBe(false);
    expect(matches({ 'data.paidAt': { $gte: '2026-12-06T00:00:00.000Z', $lt: '2026-12-07T00:00:00.000Z' } })).toBe(true);
    expect(matches({ 'data.paidAt': { $lt: '2026-12-06T09:59:59.999Z' } })).toBe(false);
    // No coercion: a number field against a string bound, a string field against a number bound.
    expect(matches({ 'data.amount': { $gt: '1' } })).toBe(false);
    expect(matches({ 'data.amount': { $lt: '99' } })).toBe(false);
    expect(matches({ 'data.currency': { $gt: 0 } })).toBe(false);
    expect(matches({ 'data.note': { $lt: 1 } })).toBe(false);
    expect(matches({ 'data.tags': { $gt: 'a' } })).toBe(false);
  });

  it('tells absent from null with $exists', () => {
    expect(matches({ 'data.note': { $exists: true } })).toBe(true);
    expect(matches({ 'data.note': { $exists: false } })).toBe(false);
    expect(matches({ 'data.coupon': { $exists: false } })).toBe(true);
    expect(matches({ 'data.coupon': { $exists: true } })).toBe(false);
    expect(matches({ 'data.customer.address.zip': { $exists: true } })).toBe(false);
  });

  it('treats a missing field as equal to nothing', () => {
    const missing = 'data.customer.phone.number';
    expect(matches({ [missing]: null })).toBe(false);
    expect(matches({ [missing]: { $eq: 'x' } })).toBe(false);
    expect(matches({ [missing]: { $neq: 'x' } })).toBe(true);
    expect(matches({ [missing]: { $neq: null } })).toBe(true);
    expect(matches({ [missing]: { $in: ['x', null] } })).toBe(false);
    expect(matches({ [missing]: { $nin: ['x', null] } })).toBe(true);
    expect(matches({ [missing]: { $gt: 0 } })).toBe(false);
    expect(matches({ [missing]: { $lte: 'z' } })).toBe(false);
  });

  it('indexes arrays with digit segments, and nothing else of them', () => {
    expect(matches({ 'data.items.0.kind': 'book', 'data.items.1.qty': { $lt: 2 } })).toBe(true);
    expect(matches({ 'data.items.2.kind': { $exists: false } })).toBe(true);
    expect(matches({ 'data.items.01.kind': { $exists: true } })).toBe(false);
    expect(matches({ 'data.items.length': { $exists: true } })).toBe(false);
    expect(matches({ 'data.tags.1': 'mobile' })).toBe(true);
    // On an object a digit segment is just a key.
    expect(matches({ 'data.0': 'zero' })).toBe(true);
    // Only the data's own keys are fields.
    expect(matches({ 'data.constructor': { $exists: true } })).toBe(false);
    expect(matches({ 'data.customer.toString': { $exists: true } })).toBe(false);
    expect(matches({ 'data.currency.length': { $exists: true } })).toBe(false);
  });

  it('ANDs keys at one level and nests $and / $or / $not', () => {
    expect(matches({ type: 'order.paid', 'data.amount': { $gt: 100 } })).toBe(false);
    expect(matches({ $or: [{ 'data.amount': { $gt: 100 } }, { 'data.customer.tier': 'gold' }] })).toBe(true);
    expect(matches({ $or: [{ 'data.amount': { $gt: 100 } }, { 'data.customer.tier': 'silver' }] })).toBe(false);
    expect(matches({ $and: [{ type: 'order.paid' }, { 'data.tags': { $in: ['new'] } }, { 'data.vip': false }] })).toBe(true);
    expect(matches({ $and: [{ type: 'order.paid' }, { 'data.vip': true }] })).toBe(false);
    expect(matches({ $not: { 'data.currency': 'USD' } })).toBe(true);
    expect(matches({ $not: { $or: [{ 'data.currency': 'EUR' }, { 'data.amount': 0 }] } })).toBe(false);
    const nested = {
      type: { $in: ['order.paid', 'order.refunded'] },
      $or: [{ $and: [{ 'data.customer.tier': 'gold' }, { $not: { 'data.customer.address.country': { $in: ['US', 'CA'] } } }] }, { 'data.amount': { $gte: 1000 } }],
    };
    expect(matches(nested)).toBe(true);
    expect(matches(nested, { ...order, customer: { tier: 'gold', address: { country: 'US' } } })).toBe(false);
    expect(matches(nested, { ...order, amount: 5000, customer: { tier: 'gold', address: { country: 'US' } } })).toBe(true);
    expect(matches(nested, order, 'order.created')).toBe(false);
  });

  it('never throws on odd data, and only type-level conditions can match it', () => {
    for (const data of ['a string', 42, null, undefined, true, [1, 2], { items: 'not an array' }]) {
      expect(() => matchesData({ 'data.items.0.kind': { $neq: 'book' }, 'data.amount': { $nin: [1] } }, data)).not.toThrow();
      expect(matchesData({ 'data.items.0.kind': 'book' }, data)).toBe(false);
      expect(matchesData({ 'data.x': { $exists: false }, type: 'order.paid' }, data)).toBe(true);
    }
    expect(matchesData({ data: 'a string' }, 'a string')).toBe(true);
    expect(matchesData({ 'data.1': 2 }, [1, 2])).toBe(true);
    expect(matchesData({ data: { $exists: false } }, undefined)).toBe(true);
    const deep: Record<string, unknown> = {};
    let at = deep;
    for (let i = 0; i < 10_000; i++) at = (at.a = {}) as Record<string, unknown>;
    expect(matches({ data: { $eq: { a: { a: {} } } } }, deep)).toBe(false);
    expect(matches({ 'data.a.a.a': { $exists: true } }, deep)).toBe(true);
  });

  it('compiles once per filter object, and an invalid filter matches nothing', () => {
    const test = compileFilter({ 'data.amount': { $gte: 10 } });
    expect(test({ type: 't', data: { amount: 10 } })).toBe(true);
    expect(test({ type: 't', data: { amount: 9 } })).toBe(false);
    expect(() => compileFilter({ 'data.amount': { $gtt: 10 } })).toThrow(InvalidFilter);
    expect(() => compileFilter({})).toThrow(/is empty/);
    expect(matches({ 'data.amount': { $gtt: 10 } })).toBe(false);
    expect(matches({})).toBe(false);
    expect(matches('type' as unknown as EventFilter)).toBe(false);
    // Read a filter once: its getters run at compile time only.
    let reads = 0;
    const counted = Object.defineProperty({}, 'type', { enumerable: true, get: () => (reads++, 'order.paid') }) as EventFilter;
    expect(matches(counted)).toBe(true);
    const afterFirst = reads;
    expect(matches(counted)).toBe(true);
    expect(matches(counted, order, 'other')).toBe(false);
    expect(reads).toBe(afterFirst);
  });
});

describe('event filter: problems', () => {
  it('accepts a valid filter', () => {
    expect(
      filterProblems({
        type: { $in: ['order.paid'] },
        data: { $exists: true },
        'data.items.0.kind': 'book',
        'data.customer': { $eq: { tier: 'gold', $literal: [1, null] } },
        $or: [{ 'data.amount': { $gt: 1, $lte: '9' } }, { $not: { 'data.vip': true } }],
      }),
    ).toEqual([]);
  });

  it('names an unknown operator at its path and lists the known ones', () => {
    expect(filterProblems({ 'data.amount': { $gtt: 5 } })).toEqual([
      { path: '/data.amount/$gtt', message: expect.stringMatching(/unknown operator '\$gtt'.*\$eq, \$neq, \$in, \$nin, \$gt, \$gte, \$lt, \$lte, \$exists/) },
    ]);
    expect(filterProblems({ $or: [{ type: 'a' }, { type: { $like: 'a%' } }] })).toEqual([{ path: '/$or/1/type/$like', message: expect.stringContaining("'$like'") }]);
    expect(filterProblems({ $nor: [{ type: 'a' }] })).toEqual([{ path: '/$nor', message: expect.stringMatching(/unknown operator '\$nor'.*\$and, \$or, \$not/) }]);
    expect(filterProblems({ $eq: 'a' })).toEqual([{ path: '/$eq', message: expect.stringContaining('compares a field') }]);
    expect(filterProblems({ type: { kind: 'a' } })).toEqual([{ path: '/type/kind', message: expect.stringContaining('is not an operator') }]);
  });

  it('escapes keys in problem paths as JSON Pointer', () => {
    expect(paths({ 'data.a/b~c': { $gtt: 1 } })).toEqual(['/data.a~1b~0c/$gtt']);
  });

  it('refuses fields Herald cannot filter on', () => {
    expect(filterProblems({ 'dta.x': 1 })).toEqual([{ path: '/dta.x', message: 'is not a field Herald can filter on: use type or data.<path>' }]);
    expect(filterProblems({ 'data..x': 1 })).toEqual([{ path: '/data..x', message: expect.stringContaining('empty segment') }]);
    expect(paths({ 'data.': 1, datax: 1, 'type.x': 1, id: 1, Type: 1 })).toEqual(['/data.', '/datax', '/type.x', '/id', '/Type']);
    expect(filterProblems({ [`data.${'a'.repeat(65)}`]: 1 })[0].message).toMatch(/longer than 64/);
    expect(filterProblems({ [`data.${'a'.repeat(64)}`]: 1 })).toEqual([]);
    expect(filterProblems({ [`data${'.a'.repeat(11)}`]: 1 })[0].message).toMatch(/more than 10 levels/);
    expect(filterProblems({ [`data${'.a'.repeat(10)}`]: 1 })).toEqual([]);
  });

  it('refuses operands of the wrong type', () => {
    expect(filterProblems({ type: { $in: 'order.paid' } })).toEqual([{ path: '/type/$in', message: expect.stringContaining('must be an array') }]);
    expect(filterProblems({ 'data.x': { $exists: 'yes' } })).toEqual([{ path: '/data.x/$exists', message: 'must be true or false' }]);
    expect(filterProblems({ 'data.x': { $gt: { n: 1 } } })).toEqual([{ path: '/data.x/$gt', message: 'must be a number or a string' }]);
    expect(paths({ 'data.x': { $gte: true, $lt: null, $lte: [1] } })).toEqual(['/data.x/$gte', '/data.x/$lt', '/data.x/$lte']);
    expect(paths({ 'data.x': { $in: [], $nin: Array.from({ length: 101 }, (_, i) => i) } })).toEqual(['/data.x/$in', '/data.x/$nin']);
    expect(paths({ 'data.x': { $eq: undefined, $in: [1, Number.NaN], $neq: { when: new Date(0) } } })).toEqual(['/data.x/$eq', '/data.x/$in/1', '/data.x/$neq/when']);
    expect(filterProblems({ 'data.x': [1, 2] })).toEqual([{ path: '/data.x', message: expect.stringContaining('"$in"') }]);
    expect(paths({ $and: { type: 'a' }, $or: [], $not: [{ type: 'a' }] })).toEqual(['/$and', '/$or', '/$not']);
    expect(paths({ $or: Array.from({ length: 21 }, () => ({ type: 'a' })) })).toEqual(['/$or']);
  });

  it('refuses empty filters and conditions', () => {
    expect(filterProblems({})).toEqual([{ path: '', message: 'is empty; omit the filter to match every event' }]);
    expect(paths({ $and: [{ type: 'a' }, {}], $not: {} })).toEqual(['/$and/1', '/$not']);
    expect(paths({ $or: [{}] })).toEqual(['/$or/0']);
    expect(paths({ 'data.x': {} })).toEqual(['/data.x']);
    expect(paths(null)).toEqual(['']);
    expect(paths([{ type: 'a' }])).toEqual(['']);
    expect(paths('type = a')).toEqual(['']);
  });

  it('refuses a filter nested too deep or too large', () => {
    const nest = (depth: number): EventFilter => (depth === 0 ? { type: 'a' } : { $not: nest(depth - 1) });
    expect(filterProblems(nest(FILTER_LIMITS.maxDepth))).toEqual([]);
    const tooDeep = filterProblems({ $and: [nest(FILTER_LIMITS.maxDepth)] });
    expect(tooDeep).toEqual([{ path: `/$and/0${'/$not'.repeat(FILTER_LIMITS.maxDepth)}`, message: expect.stringContaining('more than 8 deep') }]);
    const wide = { $and: Array.from({ length: 20 }, () => ({ type: { $in: Array.from({ length: 100 }, (_, i) => `t${i}`) } })) };
    expect(filterProblems(wide)).toEqual([{ path: '', message: expect.stringContaining(`more than ${FILTER_LIMITS.maxNodes} values`) }]);
    // A hostile operand cannot make the check recurse without end.
    let deep: unknown[] = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(paths({ 'data.x': { $eq: deep } })).toEqual(['']);
  });

  it('reports every problem, up to the cap', () => {
    expect(filterProblems({ 'dta.x': 1, 'data.amount': { $gtt: 5, $in: 3 }, $or: [{}, { 'data..y': 2 }], 'data.ok': { $exists: 1 } })).toEqual([
      { path: '/dta.x', message: expect.any(String) },
      { path: '/data.amount/$gtt', message: expect.any(String) },
      { path: '/data.amount/$in', message: expect.any(String) },
      { path: '/$or/0', message: expect.any(String) },
      { path: '/$or/1/data..y', message: expect.any(String) },
      { path: '/data.ok/$exists', message: expect.any(String) },
    ]);
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`field${i}`, 1]));
    expect(filterProblems(many)).toHaveLength(FILTER_LIMITS.maxProblems);
  });
});
