// Herald's real logger writing into memory, so a test can read what an operator would see.
import type { Logger } from 'pino';
import { createLogger } from '../../bin/logger';

export interface MemoryLog {
  log: Logger;
  /** Every line written so far, parsed. */
  entries(): Record<string, any>[];
}

export function memoryLog(level = 'info'): MemoryLog {
  const lines: string[] = [];
  const log = createLogger(level, { write: (line: string) => void lines.push(line) });
  return { log, entries: () => lines.map((l) => JSON.parse(l)) };
}
