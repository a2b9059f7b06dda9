// Catalogue keys for the engine's exercise and phase names (unknown ones are shown as the server wrote them).
import type { MessageKey } from '../../i18n';
import type { Phase } from './protocol';

const exerciseKeys: Record<string, MessageKey> = {
  squat: 'coaching.exercise.squat',
  push_up: 'coaching.exercise.push_up',
  lunge: 'coaching.exercise.lunge',
  sit_up: 'coaching.exercise.sit_up',
  jumping_jack: 'coaching.exercise.jumping_jack',
  pull_up: 'coaching.exercise.pull_up',
  bench_press: 'coaching.exercise.bench_press',
  front_raise: 'coaching.exercise.front_raise',
  shoulder_press: 'coaching.exercise.shoulder_press',
  biceps_curl: 'coaching.exercise.biceps_curl',
  plank: 'coaching.exercise.plank',
  auto: 'coaching.exercise.auto',
};

export function exerciseLabel(t: (key: MessageKey) => string, exercise: string): string {
  const key = exerciseKeys[exercise];
  return key ? t(key) : exercise;
}

const phaseKeys: Record<Phase, MessageKey> = {
  no_person: 'coaching.phase.no_person',
  idle: 'coaching.phase.idle',
  rest: 'coaching.phase.rest',
  outbound: 'coaching.phase.outbound',
  return: 'coaching.phase.return',
  holding: 'coaching.phase.holding',
};

export function phaseLabel(t: (key: MessageKey) => string, phase: Phase | null): string {
  if (!phase) return '—';
  const key = phaseKeys[phase];
  return key ? t(key) : phase;
}

export const modelKeys: Record<0 | 1 | 2, MessageKey> = {
  0: 'coaching.model.lite',
  1: 'coaching.model.full',
  2: 'coaching.model.heavy',
};
