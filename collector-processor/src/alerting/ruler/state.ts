/**
 * One alert instance's state machine, as Grafana and Prometheus run it: inactive → pending (for
 * `for`) → firing → resolved (after `keepFiringFor` without the condition). Pure: the ruler
 * stores the result in `alert_instances` (migration 0018) and every replica computes the same
 * step from the same stored state and the same aligned instant.
 */
import type { AlertState } from '../types';

/** What one evaluation says about an instance: the condition holds, does not, or leave it as is. */
export type Verdict = 'alerting' | 'ok' | 'keep';

export interface InstanceState {
  state: AlertState;
  /** When the condition started holding (pending since), epoch ms; 0 when inactive. */
  activeAt: number;
  /** When it started firing (the alert's startsAt), epoch ms; 0 unless firing. */
  firedAt: number;
  /** The last evaluation at which the condition held (keepFiringFor counts from it). */
  lastAlertingAt: number;
  value: number | null;
}

export const INACTIVE: InstanceState = {
  state: 'inactive',
  activeAt: 0,
  firedAt: 0,
  lastAlertingAt: 0,
  value: null,
};

/** What changed at this step, for history and notifications. */
export type Transition = 'pending' | 'firing' | 'resolved' | 'cancelled' | null;

export interface Timing {
  forMs: number;
  keepFiringForMs: number;
}

export interface Step {
  next: InstanceState;
  transition: Transition;
  /** The instance was firing and resolved now: its alert's startsAt (for the resolve's key). */
  resolvedFiredAt?: number;
}

export function step(
  prev: InstanceState,
  verdict: Verdict,
  value: number | null,
  now: number,
  t: Timing,
): Step {
  if (verdict === 'keep') return { next: prev, transition: null };
  if (verdict === 'alerting') {
    if (prev.state === 'firing') return { next: { ...prev, lastAlertingAt: now, value }, transition: null };
    const activeAt = prev.state === 'pending' ? prev.activeAt : now;
    if (now - activeAt >= t.forMs)
      return {
        next: { state: 'firing', activeAt, firedAt: now, lastAlertingAt: now, value },
        transition: 'firing',
      };
    return {
      next: { state: 'pending', activeAt, firedAt: 0, lastAlertingAt: now, value },
      transition: prev.state === 'pending' ? null : 'pending',
    };
  }
  // The condition does not hold.
  if (prev.state === 'pending') return { next: { ...INACTIVE, value }, transition: 'cancelled' };
  if (prev.state === 'firing') {
    if (now - prev.lastAlertingAt < t.keepFiringForMs) return { next: { ...prev, value }, transition: null };
    return { next: { ...INACTIVE, value }, transition: 'resolved', resolvedFiredAt: prev.firedAt };
  }
  return { next: prev.value === value ? prev : { ...prev, value }, transition: null };
}

/**
 * Which repeat of a firing notification is due at `now` (0: the first one, at firing). Derived
 * from the alert's start, so replicas agree on it without storing when they last notified.
 */
export function repeatNumber(firedAt: number, now: number, repeatMs: number): number {
  if (repeatMs <= 0 || now < firedAt) return 0;
  return Math.floor((now - firedAt) / repeatMs);
}

/** How an evaluation's outcome becomes a verdict per instance, as Grafana's no-data / error options. */
export type NoDataMode = 'ok' | 'alerting' | 'nodata' | 'keep';
export type ErrorMode = 'error' | 'alerting' | 'ok' | 'keep';

/**
 * The verdict for instances the evaluation has no value for (a series gone, no data at all, or the
 * query failed). `nodata` and `error` fire the rule-level DatasourceNoData / DatasourceError
 * instance (see `specialInstance`) and leave series instances to resolve.
 */
export function verdictWithout(outcome: 'nodata' | 'error', mode: NoDataMode | ErrorMode): Verdict {
  if (mode === 'keep') return 'keep';
  if (mode === 'alerting') return 'alerting';
  if (outcome === 'error' && mode === 'error') return 'keep';
  return 'ok';
}

/** The alertname of the rule-level instance that no-data (`nodata`) and error (`error`) fire. */
export function specialInstance(outcome: 'nodata' | 'error', mode: NoDataMode | ErrorMode): string | null {
  if (outcome === 'nodata' && mode === 'nodata') return 'DatasourceNoData';
  if (outcome === 'error' && mode === 'error') return 'DatasourceError';
  return null;
}
