/**
 * Listens to the events a drill emits on their way to the presenter and keeps what the
 * report needs: every span as a bar (start and duration, from `phase-start`/`phase-end`),
 * warnings, notes and the snapshot copies the data step started. The drill's timing is
 * exactly the engine's spans: nothing is timed twice.
 */
import type { AnswerOf, EngineEvent, EventSink, Question } from '../events.js';
import type { PhaseBar } from './types.js';

export class DrillRecorder implements EventSink {
  readonly bars: PhaseBar[] = [];
  readonly warnings: string[] = [];
  readonly notes: string[] = [];
  readonly copies: string[] = [];
  private readonly open = new Map<string, number>();
  private dataStartedAt: number | undefined;
  origin: number | undefined;

  constructor(private readonly inner: EventSink) {}

  emit(event: EngineEvent): void {
    this.observe(event);
    this.inner.emit(event);
  }

  ask<Q extends Question>(question: Q): Promise<AnswerOf<Q>> {
    return this.inner.ask(question);
  }

  private observe(e: EngineEvent): void {
    this.origin ??= e.at;
    const key = (phase: string, step?: number) => `${phase}#${step ?? ''}`;
    switch (e.code) {
      case 'phase-start':
        this.open.set(key(e.data.phase, e.data.step), e.at);
        break;
      case 'phase-end': {
        const started = this.open.get(key(e.data.phase, e.data.step)) ?? e.at - e.data.durationMs;
        this.bars.push({
          phase: e.data.phase,
          ...(e.data.step === undefined ? {} : { step: e.data.step }),
          startMs: started - (this.origin ?? started),
          durationMs: e.data.durationMs,
          result: e.data.result,
          ...(e.data.error === undefined ? {} : { error: e.data.error }),
        });
        break;
      }
      case 'data-strategy':
        this.dataStartedAt = e.at;
        break;
      case 'data-copy-started':
        this.copies.push(e.data.targetId);
        break;
      case 'warning':
        this.warnings.push(e.data.message);
        break;
      case 'drill-note':
        this.notes.push(e.data.message);
        break;
    }
  }

  /** The data recovery ran inside `deploy` and is timed only as a duration: place it where it began. */
  addDataBar(durationMs: number): void {
    const at = this.dataStartedAt;
    if (at === undefined || this.origin === undefined) return;
    this.bars.push({ phase: 'recover-data', startMs: at - this.origin, durationMs, result: 'ok' });
  }

  /** Bars in start order (a span that started first but ended last comes first). */
  sorted(): PhaseBar[] {
    return [...this.bars].sort((a, b) => a.startMs - b.startMs || a.durationMs - b.durationMs);
  }
}
