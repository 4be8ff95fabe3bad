// Filters as read from PostgreSQL (as text) compiled once per process: every event of an app reads
// the same few filters again, and compiling is the costly part of matching (domain/event-filter.ts).
import { BoundedMap } from '../domain/bounded-map';
import { compileFilter, type CompiledFilter } from '../domain/event-filter';

const compiled = new BoundedMap<string, CompiledFilter>(10_000);
/** What a stored filter that no longer validates (a later, stricter Herald) matches: nothing, as said in its delivery's absence. */
const matchesNothing: CompiledFilter = () => false;

export function compiledFilter(text: string | null): CompiledFilter | undefined {
  if (text === null) return undefined;
  let filter = compiled.get(text);
  if (!filter) {
    try {
      filter = compileFilter(JSON.parse(text));
    } catch {
      filter = matchesNothing;
    }
    compiled.set(text, filter);
  }
  return filter;
}
