/**
 * Processor frames as a shot's data: the same JSON, typed as @grafana/data's DataFrameJSON, which
 * the render half gives to dataFrameFromJSON. The processor types `meta.type` as a plain string,
 * Grafana as its DataFrameType enum of the same strings, so a loader returning runPanelQuery's
 * frames as they are does not type-check:  `return { frames: shotFrames(await runPanelQuery(…)) }`.
 */
import type { DataFrameJSON } from '@grafana/data';
import type { DataFrameJSON as ProcessorFrame } from '../../../collector-processor/src/query/types';

export function shotFrames(frames: ProcessorFrame[]): DataFrameJSON[] {
  return frames as DataFrameJSON[];
}
