// One JSON-lines logger (pino, Fastify's own) for the whole process: the API's request log and
// 5xx stacks, the activities' attempt failures and disables, the pool's lost connections. Every
// mode writes it; only the level differs (`HERALD_LOG_LEVEL`).
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'herald' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // pino's standard serializer keeps an error's type, message and stack (and its cause).
      serializers: { err: pino.stdSerializers.err },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
