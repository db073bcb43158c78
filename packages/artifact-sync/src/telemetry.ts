import { randomBytes } from 'node:crypto';
import { isLineageError } from '@lineage/errors';
import {
  type Attributes,
  type Context,
  type Counter,
  type Histogram,
  type MeterProvider,
  metrics,
  ROOT_CONTEXT,
  type Span,
  SpanStatusCode,
  TraceFlags,
  trace,
} from '@opentelemetry/api';

const SCOPE = '@lineage/artifact-sync';

/**
 * One structured log event, as a JSON line would carry it. The fields the seed names are
 * always present on `*.finished` and `*.failed` events; others add context.
 */
export interface LogEvent {
  time: string;
  level: 'info' | 'warn' | 'error';
  event: string;
  operation_type: string;
  artifact_id: string | null;
  direction: string | null;
  result: string;
  duration_ms: number;
  auto_merge: boolean;
  conflict_files: string[];
  trace_id: string;
  [key: string]: unknown;
}

export type LogSink = (event: LogEvent) => void;

/** A sink writing one JSON object per line, e.g. to a log file or `process.stderr`. */
export function jsonLineLogger(stream: { write(chunk: string): unknown }): LogSink {
  return (event) => {
    stream.write(`${JSON.stringify(event)}\n`);
  };
}

interface Instruments {
  provider: MeterProvider;
  operations: Counter;
  merges: Counter;
  conflictFiles: Counter;
  duration: Histogram;
  upstreamCheck: Histogram;
}

/**
 * Spans, metrics and log events through `@opentelemetry/api`: without a registered SDK the
 * API hands out no-op spans and instruments, so this costs next to nothing, and a program
 * that registers one (the HTTP server, a test) sees every operation. The metrics API has no
 * proxy that follows a provider registered later, so instruments are re-created when the
 * global provider changes.
 */
export class Telemetry {
  private instruments: Instruments | undefined;

  constructor(private readonly sink: LogSink | undefined) {}

  /** Starts an operation's root span, under the caller's W3C `traceparent` when one is given. */
  start(name: string, attributes: Attributes, traceparent?: string): Operation {
    const parent = traceparent ? parseTraceparent(traceparent) : ROOT_CONTEXT;
    const span = trace.getTracer(SCOPE).startSpan(`artifact_sync.${name}`, { attributes }, parent);
    let context = trace.setSpan(parent, span);
    let traceId = span.spanContext().traceId;
    if (!trace.isSpanContextValid(span.spanContext())) {
      // No SDK: the span is a no-op with an all-zero id. Results still get an id a person can
      // quote and logs can be joined on; child spans inherit it through the context.
      traceId = randomBytes(16).toString('hex');
      context = trace.setSpanContext(parent, {
        traceId,
        spanId: randomBytes(8).toString('hex'),
        traceFlags: TraceFlags.NONE,
      });
    }
    return new Operation(this, name, span, context, traceId);
  }

  log(event: Omit<LogEvent, 'time'>): void {
    this.sink?.({ time: new Date().toISOString(), ...event } as LogEvent);
  }

  metrics(): Instruments {
    const provider = metrics.getMeterProvider();
    if (this.instruments?.provider !== provider) {
      const meter = provider.getMeter(SCOPE);
      this.instruments = {
        provider,
        operations: meter.createCounter('artifact_sync.operations', { description: 'Operations by type and result' }),
        merges: meter.createCounter('artifact_sync.merges', {
          description: 'Three-way merges by result (clean or conflict): the merge success and conflict rates',
        }),
        conflictFiles: meter.createCounter('artifact_sync.conflict_files', { description: 'Files left in conflict' }),
        duration: meter.createHistogram('artifact_sync.sync.duration', {
          description: 'Operation duration',
          unit: 'ms',
        }),
        upstreamCheck: meter.createHistogram('artifact_sync.upstream_check.duration', {
          description: 'Time to ask a remote for a ref (git ls-remote), per repository',
          unit: 'ms',
        }),
      };
    }
    return this.instruments;
  }
}

/** A running operation: its trace id, child spans, and the figures that end up in the result. */
export class Operation {
  readonly startedAt = performance.now();
  private readonly phases: Record<string, number> = {};

  constructor(
    private readonly telemetry: Telemetry,
    readonly name: string,
    private readonly root: Span,
    private readonly context: Context,
    readonly traceId: string,
  ) {}

  /** An operation inside this one (an item of a bulk run): its own span, timings and log event, the same trace. */
  child(name: string, attributes: Attributes): Operation {
    const span = trace.getTracer(SCOPE).startSpan(`artifact_sync.${name}`, { attributes }, this.context);
    return new Operation(this.telemetry, name, span, trace.setSpan(this.context, span), this.traceId);
  }

  /** Runs `work` in a child span (`fetch`, `merge`, `apply`, ...), timing it as a phase of the result. */
  async span<T>(name: string, attributes: Attributes, work: () => Promise<T> | T): Promise<T> {
    const span = trace.getTracer(SCOPE).startSpan(`artifact_sync.${name}`, { attributes }, this.context);
    const started = performance.now();
    try {
      return await work();
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      this.phases[`${name}_ms`] = round((this.phases[`${name}_ms`] ?? 0) + performance.now() - started);
      span.end();
    }
  }

  timing(): { duration_ms: number; phases: Record<string, number> } {
    return { duration_ms: round(performance.now() - this.startedAt), phases: { ...this.phases } };
  }

  recordMerge(clean: boolean, conflictFiles: number, direction: string): void {
    const instruments = this.telemetry.metrics();
    instruments.merges.add(1, { result: clean ? 'clean' : 'conflict', direction });
    if (conflictFiles > 0) instruments.conflictFiles.add(conflictFiles, { direction });
  }

  /** Network calls of this operation report their retries here: one `upstream.retry` event each, with the trace id. */
  readonly retried = (info: { url: string; attempt: number; delayMs: number; error: unknown }): void => {
    this.root.addEvent('retry', { url: info.url, attempt: info.attempt });
    this.telemetry.log({
      level: 'warn',
      event: 'upstream.retry',
      operation_type: this.name,
      artifact_id: null,
      direction: null,
      result: 'retry',
      duration_ms: this.timing().duration_ms,
      auto_merge: false,
      conflict_files: [],
      trace_id: this.traceId,
      url: info.url,
      attempt: info.attempt,
      delay_ms: Math.round(info.delayMs),
      message: (info.error as Error).message,
    });
  };

  recordUpstreamCheck(durationMs: number, ok: boolean): void {
    this.telemetry.metrics().upstreamCheck.record(durationMs, { result: ok ? 'ok' : 'error' });
  }

  warn(message: string, fields: Record<string, unknown> = {}): void {
    this.root.addEvent('warning', { message });
    this.telemetry.log({
      level: 'warn',
      event: `${this.name}.warning`,
      operation_type: this.name,
      artifact_id: null,
      direction: null,
      result: 'warning',
      duration_ms: this.timing().duration_ms,
      auto_merge: false,
      conflict_files: [],
      trace_id: this.traceId,
      message,
      ...fields,
    });
  }

  /** Ends the operation: root span, the operation metrics, and one `<name>.finished` or `<name>.failed` event. */
  end(outcome: {
    artifact_id?: string | null;
    direction?: string | null;
    result: string;
    auto_merge?: boolean;
    conflict_files?: string[];
    error?: unknown;
    fields?: Record<string, unknown>;
  }): void {
    const { duration_ms } = this.timing();
    const attributes = { operation: this.name, result: outcome.result, direction: outcome.direction ?? 'none' };
    const instruments = this.telemetry.metrics();
    instruments.operations.add(1, attributes);
    instruments.duration.record(duration_ms, attributes);
    this.root.setAttributes({
      'artifact_sync.result': outcome.result,
      ...(outcome.artifact_id ? { 'artifact_sync.artifact_id': outcome.artifact_id } : {}),
    });
    if (outcome.error !== undefined) {
      this.root.recordException(outcome.error as Error);
      this.root.setStatus({ code: SpanStatusCode.ERROR, message: (outcome.error as Error).message });
    }
    this.root.end();
    const error = outcome.error;
    this.telemetry.log({
      level: error === undefined ? 'info' : 'error',
      event: `${this.name}.${error === undefined ? 'finished' : 'failed'}`,
      operation_type: this.name,
      artifact_id: outcome.artifact_id ?? null,
      direction: outcome.direction ?? null,
      result: outcome.result,
      duration_ms,
      auto_merge: outcome.auto_merge ?? false,
      conflict_files: outcome.conflict_files ?? [],
      trace_id: this.traceId,
      ...(error === undefined
        ? {}
        : {
            error: isLineageError(error) ? error.toJSON() : { code: 'UNEXPECTED', message: (error as Error).message },
          }),
      ...outcome.fields,
    });
  }
}

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** A W3C `traceparent` header as the parent context; anything malformed starts a new trace, as the spec says. */
function parseTraceparent(header: string): Context {
  const match = TRACEPARENT.exec(header.trim().toLowerCase());
  if (!match) return ROOT_CONTEXT;
  const spanContext = {
    traceId: match[1] as string,
    spanId: match[2] as string,
    traceFlags: Number.parseInt(match[3] as string, 16),
    isRemote: true,
  };
  return trace.isSpanContextValid(spanContext) ? trace.setSpanContext(ROOT_CONTEXT, spanContext) : ROOT_CONTEXT;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
