/**
 * Recording sink. Spec: keeps every event; answers questions from `answers` (by question
 * id), else with the question's default; `onEvent` lets a test act at a given moment
 * (abort the signal when the flip is submitted, say).
 */
import type {
  AnswerOf,
  EngineEvent,
  EventCode,
  EventPayloads,
  EventSink,
  Question,
} from '../../src/engine/events.js';

export class RecordingSink implements EventSink {
  events: EngineEvent[] = [];
  questions: Question[] = [];
  answers: Record<string, boolean | string> = {};
  onEvent: ((e: EngineEvent) => void) | undefined;

  emit(event: EngineEvent): void {
    this.events.push(event);
    this.onEvent?.(event);
  }

  async ask<Q extends Question>(q: Q): Promise<AnswerOf<Q>> {
    this.questions.push(q);
    return (q.id in this.answers ? this.answers[q.id] : q.default) as AnswerOf<Q>;
  }

  of<K extends EventCode>(code: K): EventPayloads[K][] {
    return this.events.filter((e) => e.code === code).map((e) => e.data as EventPayloads[K]);
  }

  /** Phases in the order they ended, `phase:result`. */
  phases(): string[] {
    return this.of('phase-end').map((p) => `${p.phase}${p.step ? `#${p.step}` : ''}:${p.result}`);
  }
}
