// Structured logs: one JSON object per line on stderr (stdout stays clean for stdio mode).
import type { LogLevel } from '../../shared/config.js';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export type LogFn = (level: Exclude<LogLevel, 'silent'>, msg: string, fields?: Record<string, unknown>) => void;

export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stderr.write(l)): LogFn {
  return (lvl, msg, fields) => {
    if (ORDER[lvl] < ORDER[level]) return;
    write(`${JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...fields })}\n`);
  };
}
