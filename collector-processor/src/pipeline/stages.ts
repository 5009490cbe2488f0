/**
 * The stage contract: what every stage between mapping and the WAL is (`Stage`), how one is built
 * and closed (`StageDefinition`, `RunningStage`), and the one rule on rows. The stages themselves
 * and their order are in registry.ts.
 *
 * Copy, never mutate: a stage never changes the rows it is given, nor anything reachable from
 * them (lists, rows, maps, arrays). It returns the same `RumRows` when nothing changed, or a new
 * one whose changed lists and rows are copies; unchanged rows may be shared. So a stage can be
 * re-run, a caller may keep its input (a retry, a test's expectation), and a stage that changes
 * nothing costs nothing. pipeline/stage-contract.test.ts runs every stage on deep-frozen rows.
 */
import type { Project } from '../projects/project-store';
import type { RumRows } from '../store/rows';

export interface StageContext {
  project: Project;
  receivedAtMs: number;
  /** The request's sender: used by enrich (geo, visitor hash, user agent), never stored. */
  client: { ip?: string; userAgent?: string };
}

/** A pipeline stage: rows in, rows out. Only stages that read files or ClickHouse are async. */
export type Stage = (rows: RumRows, ctx: StageContext) => RumRows | Promise<RumRows>;

/** What a definition's `create` returns: the stage, and what to release at shutdown. */
export interface StageInstance {
  run: Stage;
  /** Releases timers, files or caches the stage opened; called once, in reverse stage order. */
  close?(): Promise<void>;
}

export type StageName = 'sample' | 'enrich' | 'symbolicate' | 'scrub' | 'fingerprint';

/** A stage as the pipeline runs it: the name is the `stage` label of its metrics. */
export interface RunningStage extends StageInstance {
  name: StageName;
}

/** One entry of the registry: builds its stage from what the processor provides. */
export interface StageDefinition<Deps> {
  name: StageName;
  create(deps: Deps): StageInstance | Promise<StageInstance>;
}
