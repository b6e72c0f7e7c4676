/**
 * Per-request loggers that cost nothing until they write. Fastify gives every request a pino
 * child (bindings serialized through the redaction paths), auth adds the user to it and the
 * flows derive children of their own; at a level that drops the request's lines (the bench and
 * most deployments run above `info`, where a served request writes nothing) all of that was work
 * for nothing. Here the children and bindings are recorded and replayed on the real logger the
 * first time a line is written at an enabled level, so the output is the same, line for line.
 */
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';

type Bindings = Record<string, unknown>;
type ChildLoggerOptions = object;
type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** The part of a pino logger used here. */
type Logger = Record<Level, (...args: unknown[]) => void> & {
  level: string;
  isLevelEnabled(level: string): boolean;
  child(bindings: Bindings, options?: ChildLoggerOptions): Logger;
  setBindings(bindings: Bindings): void;
  bindings(): Bindings;
  flush(cb?: (err?: Error) => void): void;
};

type Step = { child: Bindings; options: ChildLoggerOptions | undefined } | { set: Bindings };
function hasOptions(options: ChildLoggerOptions | undefined): boolean {
  if (!options) return false;
  for (const _ in options) return true;
  return false;
}

/** A pino logger that has not been derived yet: the root it will be derived from and the steps to take. */
class DeferredLogger {
  #root: Logger;
  #steps: Step[];
  #real: Logger | null = null;

  constructor(root: Logger, steps: Step[]) {
    this.#root = root;
    this.#steps = steps;
  }

  /** The pino logger these steps make, derived once. */
  #logger(): Logger {
    if (this.#real) return this.#real;
    let logger = this.#root;
    for (const step of this.#steps) {
      if ('child' in step) logger = logger.child(step.child, step.options);
      else logger.setBindings(step.set);
    }
    this.#real = logger;
    return logger;
  }

  #write(level: Level, args: unknown[]): void {
    if (!this.#real && !this.#root.isLevelEnabled(level)) return;
    const logger = this.#logger();
    Reflect.apply(logger[level], logger, args);
  }

  fatal(...args: unknown[]): void {
    this.#write('fatal', args);
  }
  error(...args: unknown[]): void {
    this.#write('error', args);
  }
  warn(...args: unknown[]): void {
    this.#write('warn', args);
  }
  info(...args: unknown[]): void {
    this.#write('info', args);
  }
  debug(...args: unknown[]): void {
    this.#write('debug', args);
  }
  trace(...args: unknown[]): void {
    this.#write('trace', args);
  }
  silent(): void {}

  get level(): string {
    return this.#real ? this.#real.level : this.#root.level;
  }

  set level(level: string) {
    this.#logger().level = level;
  }

  isLevelEnabled(level: string): boolean {
    return (this.#real ?? this.#root).isLevelEnabled(level);
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    // Options (a level, serializers, redaction) change what the child writes: derive it now.
    if (this.#real || hasOptions(options)) return this.#logger().child(bindings, options) as unknown as FastifyBaseLogger;
    return new DeferredLogger(this.#root, [...this.#steps, { child: bindings, options }]) as unknown as FastifyBaseLogger;
  }

  setBindings(bindings: Bindings): void {
    if (this.#real) this.#real.setBindings(bindings);
    else this.#steps.push({ set: bindings });
  }

  bindings(): Bindings {
    return this.#logger().bindings();
  }

  flush(cb?: (err?: Error) => void): void {
    this.#root.flush(cb);
  }
}

/**
 * Fastify's childLoggerFactory: the request's logger, deferred. A logger that is not pino (no
 * isLevelEnabled, e.g. Fastify's null logger) or options that change the child's output get
 * the ordinary child.
 */
export const deferredChildLogger: NonNullable<FastifyServerOptions['childLoggerFactory']> = function deferredChildLogger(
  logger,
  bindings,
  opts,
) {
  const root = logger as unknown as Logger;
  if (typeof root.isLevelEnabled !== 'function' || typeof root.setBindings !== 'function' || hasOptions(opts)) {
    return logger.child(bindings, opts);
  }
  return new DeferredLogger(root, [{ child: bindings, options: opts }]) as unknown as FastifyBaseLogger;
};
