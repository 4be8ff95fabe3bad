// A Map that keeps at most `max` entries, forgetting the oldest first: for what a process
// remembers of values it meets again and again (opened secrets, decoded keys, checked URLs),
// whose number it does not choose.
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (this.size >= this.max && !this.has(key)) this.delete(this.keys().next().value as K);
    return super.set(key, value);
  }
}
