/** How much the server says; each level includes the ones after it. */
export const LogLevel = {
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  error: 'error',
} as const;
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];

const rank: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * The server's one logger: a line per event, `<ISO time> <level> <message>`. Info and
 * debug go to stdout, warnings and errors to stderr, so a supervisor can split them.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Where log lines go; tests pass arrays, the server passes the process streams. */
export interface LogSink {
  out(line: string): void;
  err(line: string): void;
}

const processSink: LogSink = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export function createLogger(level: LogLevel, sink: LogSink = processSink): Logger {
  const at = (lineLevel: LogLevel) => (message: string) => {
    if (rank[lineLevel] < rank[level]) return;
    const line = `${new Date().toISOString()} ${lineLevel} ${message}`;
    if (rank[lineLevel] >= rank.warn) sink.err(line);
    else sink.out(line);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
