// Which events an endpoint wants: a JSON filter over an event's `type` and `data`, in the style of
// Hookdeck Outpost and Convoy.
//
// A filter is an object; every key in it must hold (keys at one level are ANDed). A key is either
//   - a logical operator: `$and` / `$or` take an array of 1 to 20 filters, `$not` takes one filter;
//   - a field: `type`, or `data`, or a dotted path into data such as `data.customer.tier`. Each
//     segment is 1 to 64 characters, at most 10 of them after `data`. A segment of digits indexes
//     an array (`data.items.0.kind`); on an object it is an ordinary key.
// A field's value is either a string, number, boolean or null, meaning `$eq`, or an object of
// comparison operators that must all hold, e.g. `{ "$gte": 5, "$lt": 10 }`:
//   $eq, $neq    deep equality with any JSON value (objects and arrays compare by structure, key
//                order aside).
//   $in, $nin    an array of 1 to 100 JSON values. `$in` holds when the field equals one of them
//                or, when the field is an array, when any of its elements does (so a tag list
//                `data.tags` matches `{ "$in": ["vip"] }`). `$nin` is exactly its negation.
//   $gt, $gte,   a number or a string, compared only with a field of the same type: numbers by
//   $lt, $lte    value, strings by UTF-16 code units (so ISO-8601 timestamps in one format
//                order correctly). There is no coercion: "10" is not greater than 9.
//   $exists      true or false. A field that is absent does not exist; one that is null does.
// A field that is absent equals nothing: `$eq` and `$in` fail on it, `$neq` and `$nin` hold, and
// the ordering operators fail.
//
// filterProblems says, with JSON Pointer paths relative to the filter, everything that is wrong
// with one, so the API can refuse it whole. `{}` is refused, at the top as elsewhere: an endpoint
// that wants every event has no filter, and an empty condition is more likely a mistake than a wish.
// A filter is bounded (FILTER_LIMITS) because it is evaluated for every endpoint on every event.
//
// matchesFilter is on that hot path, so a filter is compiled once into closures (cached by the
// filter object; filters are treated as immutable) and matching allocates nothing for scalar
// comparisons.

export type EventFilter = Record<string, unknown>;

/** Where in the filter (a JSON Pointer from the filter's root) and what is wrong. */
export interface FilterProblem {
  path: string;
  message: string;
}

/** What a filter reads of an event. */
export interface FilterableEvent {
  type: string;
  data: unknown;
}

export type CompiledFilter = (event: FilterableEvent) => boolean;

export const FILTER_LIMITS = {
  /** Nesting of $and / $or / $not. */
  maxDepth: 8,
  /** Every object, array and scalar in the filter, operands included: what one match may walk. */
  maxNodes: 500,
  /** Filters in one $and / $or. */
  maxBranches: 20,
  /** Values in one $in / $nin. */
  maxInValues: 100,
  /** Segments after `data.`. */
  maxPathSegments: 10,
  maxSegmentLength: 64,
  /** Problems reported for one filter: past these, more would not help anyone. */
  maxProblems: 20,
} as const;

export class InvalidFilter extends Error {
  constructor(readonly problems: FilterProblem[]) {
    super(`invalid filter: ${problems.map((p) => `${p.path || '/'} ${p.message}`).join('; ')}`);
    this.name = 'InvalidFilter';
  }
}

const LOGICAL = ['$and', '$or', '$not'];
const COMPARISONS = ['$eq', '$neq', '$in', '$nin', '$gt', '$gte', '$lt', '$lte', '$exists'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isScalar(value: unknown): value is string | number | boolean | null {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

function pointer(key: string | number): string {
  return `/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** Why `key` is not a field a filter can name, or null when it is one. */
function fieldKeyProblem(key: string): string | null {
  if (key === 'type' || key === 'data') return null;
  if (!key.startsWith('data.')) return 'is not a field Herald can filter on: use type or data.<path>';
  const segments = key.slice('data.'.length).split('.');
  if (segments.some((s) => s === '')) return 'has an empty segment: write data.a.b';
  if (segments.length > FILTER_LIMITS.maxPathSegments) return `goes more than ${FILTER_LIMITS.maxPathSegments} levels into data`;
  if (segments.some((s) => s.length > FILTER_LIMITS.maxSegmentLength)) return `has a segment longer than ${FILTER_LIMITS.maxSegmentLength} characters`;
  return null;
}

// One walk over the filter that keeps going after a problem, so a person fixes them all at once;
// it stops at the problem cap or the node limit, which also bounds the recursion on hostile input.
class FilterChecker {
  readonly problems: FilterProblem[] = [];
  private nodes = 0;
  private stopped = false;

  private problem(path: string, message: string): void {
    if (this.stopped) return;
    this.problems.push({ path, message });
    if (this.problems.length >= FILTER_LIMITS.maxProblems) this.stopped = true;
  }

  /** Counts a node; false when the walk should stop. */
  private visit(): boolean {
    if (this.stopped) return false;
    if (++this.nodes > FILTER_LIMITS.maxNodes) {
      this.problem('', `has more than ${FILTER_LIMITS.maxNodes} values (objects, arrays and scalars); simplify it`);
      this.stopped = true;
      return false;
    }
    return true;
  }

  filter(value: unknown, path: string, depth: number): void {
    if (!this.visit()) return;
    if (!isPlainObject(value)) return this.problem(path, 'must be an object (a filter)');
    const keys = Object.keys(value);
    if (keys.length === 0) {
      return this.problem(path, depth === 0 ? 'is empty; omit the filter to match every event' : 'is empty: give it at least one condition');
    }
    for (const key of keys) {
      const at = path + pointer(key);
      const operand = value[key];
      if (key === '$and' || key === '$or' || key === '$not') {
        if (depth + 1 > FILTER_LIMITS.maxDepth) {
          this.problem(at, `nests $and / $or / $not more than ${FILTER_LIMITS.maxDepth} deep`);
        } else if (key === '$not') {
          this.filter(operand, at, depth + 1);
        } else {
          this.branches(key, operand, at, depth + 1);
        }
      } else if (key.startsWith('$')) {
        this.problem(
          at,
          COMPARISONS.includes(key)
            ? `${key} compares a field: write { "<field>": { "${key}": … } }`
            : `unknown operator '${key}'; a filter's keys are ${LOGICAL.join(', ')}, type or data.<path>`,
        );
      } else {
        const fieldProblem = fieldKeyProblem(key);
        if (fieldProblem) this.problem(at, fieldProblem);
        else this.condition(operand, at);
      }
    }
  }

  private branches(key: string, value: unknown, path: string, depth: number): void {
    if (!this.visit()) return;
    if (!Array.isArray(value)) return this.problem(path, `must be an array of filters`);
    if (value.length === 0 || value.length > FILTER_LIMITS.maxBranches) {
      this.problem(path, `${key} takes 1 to ${FILTER_LIMITS.maxBranches} filters, not ${value.length}`);
    }
    value.forEach((item, i) => this.filter(item, path + pointer(i), depth));
  }

  private condition(value: unknown, path: string): void {
    if (!this.visit()) return;
    if (isPlainObject(value)) {
      const ops = Object.keys(value);
      if (ops.length === 0) return this.problem(path, 'is empty: give a value, or operators such as { "$eq": … }');
      for (const op of ops) {
        const at = path + pointer(op);
        if (COMPARISONS.includes(op)) this.operand(op, value[op], at);
        else if (op.startsWith('$')) this.problem(at, `unknown operator '${op}'; a field's operators are ${COMPARISONS.join(', ')}`);
        else this.problem(at, 'is not an operator: to compare the field with an object, write { "$eq": { … } }');
      }
    } else if (Array.isArray(value)) {
      this.problem(path, 'is an array: write { "$in": [ … ] } to match any of several values, or { "$eq": [ … ] } for the array itself');
    } else if (!isScalar(value)) {
      this.problem(path, 'must be a string, number, boolean, null or an object of operators');
    }
  }

  private operand(op: string, value: unknown, path: string): void {
    switch (op) {
      case '$eq':
      case '$neq':
        return this.json(value, path);
      case '$in':
      case '$nin':
        if (!this.visit()) return;
        if (!Array.isArray(value)) return this.problem(path, `must be an array of 1 to ${FILTER_LIMITS.maxInValues} values`);
        if (value.length === 0 || value.length > FILTER_LIMITS.maxInValues) {
          this.problem(path, `must have 1 to ${FILTER_LIMITS.maxInValues} values, not ${value.length}`);
        }
        value.forEach((item, i) => this.json(item, path + pointer(i)));
        return;
      case '$exists':
        if (!this.visit()) return;
        if (typeof value !== 'boolean') this.problem(path, 'must be true or false');
        return;
      default: // $gt $gte $lt $lte
        if (!this.visit()) return;
        if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) this.problem(path, 'must be a number or a string');
    }
  }

  private json(value: unknown, path: string): void {
    if (!this.visit()) return;
    if (isScalar(value)) return;
    if (Array.isArray(value)) value.forEach((item, i) => this.json(item, path + pointer(i)));
    else if (isPlainObject(value)) for (const key of Object.keys(value)) this.json(value[key], path + pointer(key));
    else this.problem(path, 'is not a JSON value');
  }
}

/** Everything wrong with a filter (at most FILTER_LIMITS.maxProblems of it); [] when it is valid. */
export function filterProblems(filter: unknown): FilterProblem[] {
  const checker = new FilterChecker();
  checker.filter(filter, '', 0);
  return checker.problems;
}

// ---- Matching ----

type Test = (value: unknown) => boolean;
type Getter = (event: FilterableEvent) => unknown;

// `operand` is always the filter's side: the recursion follows its shape, so it is as deep as the
// filter allows however deep the event's data is.
function deepEqual(value: unknown, operand: unknown): boolean {
  if (value === operand) return true;
  if (value === null || operand === null || typeof value !== 'object' || typeof operand !== 'object') return false;
  if (Array.isArray(operand)) {
    if (!Array.isArray(value) || value.length !== operand.length) return false;
    for (let i = 0; i < operand.length; i++) if (!deepEqual(value[i], operand[i])) return false;
    return true;
  }
  if (Array.isArray(value)) return false;
  const keys = Object.keys(operand);
  if (Object.keys(value).length !== keys.length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(value, key) || !deepEqual((value as Record<string, unknown>)[key], (operand as Record<string, unknown>)[key])) return false;
  }
  return true;
}

function compileGetter(field: string): Getter {
  if (field === 'type') return (event) => event.type;
  if (field === 'data') return (event) => event.data;
  const keys = field.slice('data.'.length).split('.');
  const indexes = keys.map((k) => (/^(0|[1-9][0-9]{0,8})$/.test(k) ? Number(k) : -1));
  return (event) => {
    let value: unknown = event.data;
    for (let i = 0; i < keys.length; i++) {
      if (value === null || typeof value !== 'object') return undefined;
      if (Array.isArray(value)) {
        // Only an index reaches into an array: `data.items.length` is no field.
        const index = indexes[i];
        value = index >= 0 && index < value.length ? value[index] : undefined;
      } else {
        // Own keys only: `data.constructor` must not find Object's.
        value = Object.hasOwn(value, keys[i]) ? (value as Record<string, unknown>)[keys[i]] : undefined;
      }
    }
    return value;
  };
}

function equalTo(operand: unknown): Test {
  return isPlainObject(operand) || Array.isArray(operand) ? (value) => deepEqual(value, operand) : (value) => value === operand;
}

function inList(list: unknown[]): Test {
  const scalars = new Set(list.filter((item) => !isPlainObject(item) && !Array.isArray(item)));
  const composites = list.filter((item) => isPlainObject(item) || Array.isArray(item));
  const member = (value: unknown): boolean => {
    if (value === null || typeof value !== 'object') return scalars.has(value);
    for (let i = 0; i < composites.length; i++) if (deepEqual(value, composites[i])) return true;
    return false;
  };
  return (value) => {
    if (member(value)) return true;
    if (!Array.isArray(value)) return false;
    for (let i = 0; i < value.length; i++) if (member(value[i])) return true;
    return false;
  };
}

function compileOperator(op: string, operand: unknown): Test {
  switch (op) {
    case '$eq':
      return equalTo(operand);
    case '$neq': {
      const equal = equalTo(operand);
      return (value) => !equal(value);
    }
    case '$in':
      return inList(operand as unknown[]);
    case '$nin': {
      const within = inList(operand as unknown[]);
      return (value) => !within(value);
    }
    case '$exists':
      return operand ? (value) => value !== undefined : (value) => value === undefined;
  }
  // Ordering: the same type as the operand, or no match.
  const kind = typeof operand;
  const bound = operand as number | string;
  switch (op) {
    case '$gt':
      return (value) => typeof value === kind && (value as number | string) > bound;
    case '$gte':
      return (value) => typeof value === kind && (value as number | string) >= bound;
    case '$lt':
      return (value) => typeof value === kind && (value as number | string) < bound;
    default:
      return (value) => typeof value === kind && (value as number | string) <= bound;
  }
}

function allOf<T>(tests: ((x: T) => boolean)[]): (x: T) => boolean {
  if (tests.length === 1) return tests[0];
  if (tests.length === 2) {
    const [a, b] = tests;
    return (x) => a(x) && b(x);
  }
  return (x) => {
    for (let i = 0; i < tests.length; i++) if (!tests[i](x)) return false;
    return true;
  };
}

function anyOf<T>(tests: ((x: T) => boolean)[]): (x: T) => boolean {
  if (tests.length === 1) return tests[0];
  return (x) => {
    for (let i = 0; i < tests.length; i++) if (tests[i](x)) return true;
    return false;
  };
}

function compileCondition(condition: unknown): Test {
  if (!isPlainObject(condition)) return equalTo(condition);
  return allOf(Object.keys(condition).map((op) => compileOperator(op, condition[op])));
}

function compileNode(filter: EventFilter): CompiledFilter {
  return allOf(
    Object.keys(filter).map((key): CompiledFilter => {
      const operand = filter[key];
      if (key === '$and') return allOf((operand as EventFilter[]).map(compileNode));
      if (key === '$or') return anyOf((operand as EventFilter[]).map(compileNode));
      if (key === '$not') {
        const inner = compileNode(operand as EventFilter);
        return (event) => !inner(event);
      }
      const get = compileGetter(key);
      const test = compileCondition(operand);
      return (event) => test(get(event));
    }),
  );
}

/** A filter as one function of an event; throws InvalidFilter for a filter filterProblems refuses. */
export function compileFilter(filter: unknown): CompiledFilter {
  const problems = filterProblems(filter);
  if (problems.length > 0) throw new InvalidFilter(problems);
  return compileNode(filter as EventFilter);
}

const matchNothing: CompiledFilter = () => false;
const compiled = new WeakMap<object, CompiledFilter>();

/**
 * Whether an event passes an endpoint's filter; no filter passes everything. A filter that is not
 * valid passes nothing: the API refuses to store one, so meeting one is a bug, and guessing what it
 * meant would send events the endpoint may not want.
 */
export function matchesFilter(filter: EventFilter | null | undefined, event: FilterableEvent): boolean {
  if (filter === null || filter === undefined) return true;
  if (typeof filter !== 'object') return false;
  let test = compiled.get(filter);
  if (!test) {
    try {
      test = compileFilter(filter);
    } catch {
      test = matchNothing;
    }
    compiled.set(filter, test);
  }
  return test(event);
}
