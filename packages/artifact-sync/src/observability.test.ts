import { metrics, trace } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { skill, skillFiles, skillPath, useSyncFixture, write } from '../test/sync-fixture.js';
import type { LogEvent } from './index.js';

const fx = useSyncFixture();

afterEach(() => {
  trace.disable();
  metrics.disable();
});

async function diverged(log?: (event: LogEvent) => void) {
  const { upstream, service, project } = await fx.deployed(skillFiles(), log ? { log } : {});
  write(skillPath(project), skill({ 0: 'ONE mine' }));
  upstream.write({ 'skills/review/SKILL.md': skill({ 5: 'SIX up' }) }).commit('v2');
  return { upstream, service, project };
}

describe('observability', () => {
  it('traces fetch, merge and apply under one span per operation, and counts merges, conflicts and durations', async () => {
    const spans = new InMemorySpanExporter();
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }));
    const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));

    const { service, project } = await diverged();
    const synced = await service.sync({ artifact: 'review', direction: 'upstream', apply: true });
    const updated = await service.update({ artifact: 'review', project, apply: true, strategy: 'auto' });
    await service.checkUpstreams();

    const finished = spans.getFinishedSpans();
    const of = (traceId: string) =>
      finished
        .filter((span) => span.spanContext().traceId === traceId)
        .map((span) => span.name)
        .sort();
    expect(of(synced.trace_id)).toEqual([
      'artifact_sync.apply',
      'artifact_sync.fetch',
      'artifact_sync.merge',
      'artifact_sync.sync',
    ]);
    expect(of(updated.trace_id)).toEqual(['artifact_sync.apply', 'artifact_sync.merge', 'artifact_sync.update']);
    const root = finished.find((span) => span.name === 'artifact_sync.update');
    const merge = finished.find(
      (span) => span.name === 'artifact_sync.merge' && span.spanContext().traceId === updated.trace_id,
    );
    expect(merge?.parentSpanContext?.spanId).toBe(root?.spanContext().spanId);
    expect(root?.attributes).toMatchObject({
      'artifact_sync.result': 'merged',
      'artifact_sync.artifact_id': 'skill:review',
    });

    await reader.forceFlush();
    const points = new Map<string, { attributes: Record<string, unknown>; value: unknown }[]>();
    for (const scope of exporter.getMetrics().at(-1)?.scopeMetrics ?? []) {
      for (const metric of scope.metrics) points.set(metric.descriptor.name, metric.dataPoints as never);
    }
    expect(points.get('artifact_sync.merges')).toEqual([
      expect.objectContaining({ attributes: { result: 'clean', direction: 'collection-to-project' }, value: 1 }),
    ]);
    expect(points.get('artifact_sync.sync.duration')?.length).toBeGreaterThanOrEqual(2);
    expect(points.get('artifact_sync.upstream_check.duration')).toEqual([
      expect.objectContaining({ attributes: { result: 'ok' } }),
    ]);
    expect(points.get('artifact_sync.operations')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          attributes: { operation: 'update', result: 'merged', direction: 'collection-to-project' },
          value: 1,
        }),
      ]),
    );
  });

  it('logs one structured event per operation with the seed’s fields, and carries the trace id into errors', async () => {
    const events: LogEvent[] = [];
    const { service, project } = await diverged((event) => events.push(event));
    await service.sync({ artifact: 'review', direction: 'upstream', apply: true });
    write(skillPath(project), skill({ 0: 'ONE mine', 5: 'SIX mine' }));
    const stopped = await service.update({ artifact: 'review', project, apply: true, strategy: 'auto' });
    expect(stopped.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(stopped.trace_id).not.toBe('0'.repeat(32));
    expect(events.find((event) => event.trace_id === stopped.trace_id && event.event === 'update.finished')).toEqual({
      time: expect.any(String),
      level: 'info',
      event: 'update.finished',
      operation_type: 'update',
      artifact_id: 'skill:review',
      direction: 'collection-to-project',
      result: 'conflicts-stopped',
      duration_ms: expect.any(Number),
      auto_merge: false,
      conflict_files: ['SKILL.md'],
      trace_id: stopped.trace_id,
    });
    const error = await service.update({ artifact: 'nothing', project }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'ARTIFACT_NOT_FOUND',
      details: { trace_id: expect.stringMatching(/^[0-9a-f]{32}$/) },
    });
    expect(events.at(-1)).toMatchObject({
      level: 'error',
      event: 'update.failed',
      result: 'error',
      error: { code: 'ARTIFACT_NOT_FOUND' },
    });
    const parent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    expect((await service.drift({ project, traceparent: parent })).trace_id).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });
});
