import type { ClickHouseClient } from '@clickhouse/client';
import crypto from 'node:crypto';
import { UNIX_TIME_OUTPUT } from '../store/time';
import { fromRow, toRow, type ProjectRow } from './project-rows';
import { defaultSettings, type ProjectSettings } from './settings';

export interface IngestKey {
  key: string;
  /** Epoch ms after which the key stops working; null while it is current. */
  expiresAt: number | null;
}

export interface Project {
  id: string;
  name: string;
  environment: string;
  allowedOrigins: string[];
  ingestKeys: IngestKey[];
  retentionDays: number;
  sampleRate: number;
  rateLimitPerSecond: number;
  /** Scrubbing and grouping rules (src/projects/settings.ts). */
  settings: ProjectSettings;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}

export type ProjectInput = Pick<Project, 'name'> &
  Partial<
    Pick<Project, 'environment' | 'allowedOrigins' | 'retentionDays' | 'sampleRate' | 'rateLimitPerSecond'>
  > & { settings?: Partial<ProjectSettings> };

export type ProjectPatch = Partial<ProjectInput>;

/** Soft-deleted projects can be restored for this long. */
export const RESTORE_WINDOW_MS = 7 * 24 * 3600 * 1000;

/**
 * What a project reference (`:id` in a path, `project` in a query) names: one project, several live
 * projects sharing the name (made before names were unique, or by two instances at once), or none.
 */
export type ProjectRef = { project: Project } | { ambiguous: Project[] } | { missing: true };

/** A create, rename or restore that would give two live projects one name (answered 409). */
export class ProjectNameTaken extends Error {
  constructor(
    readonly projectName: string,
    /** The live project that has the name; undefined while another save here is taking it. */
    readonly takenBy?: string,
  ) {
    super(
      `project name "${projectName}" is ${takenBy ? `already used by project ${takenBy}` : 'being given to another project right now'}: ` +
        'the API reaches projects by id or name, so pick another name or rename that project first',
    );
  }
}

export function newIngestKey(): string {
  return `pt_${crypto.randomBytes(18).toString('base64url')}`;
}

/**
 * Projects live in a ReplacingMergeTree (last version wins) and are cached in memory; the ingest
 * path reads only the cache. `refresh()` picks up changes made by other processor instances.
 */
export class ProjectStore {
  private byId = new Map<string, Project>();
  private byKey = new Map<string, string>();
  /** Live projects by exact name; more than one only for names shared before they were unique. */
  private byName = new Map<string, Project[]>();
  /** Names being saved by a create, rename or restore here, so two at once cannot both take one. */
  private claimedNames = new Set<string>();
  private version = 0;
  /** The row version behind each cached project: a refresh never replaces a newer entry. */
  private versions = new Map<string, number>();
  /** Counts this instance's saves, to tell which ones a refresh's SELECT may not have seen. */
  private saves = 0;
  private savedAt = new Map<string, number>();

  constructor(
    private readonly client: ClickHouseClient,
    private readonly defaults: { rateLimitPerSecond: number; restoreWindowMs?: number },
  ) {}

  /** How long a deleted project can be restored (PULSETRACE_PROJECT_RESTORE_WINDOW_MS). */
  get restoreWindowMs(): number {
    return this.defaults.restoreWindowMs ?? RESTORE_WINDOW_MS;
  }

  /**
   * Replaces the cache with what ClickHouse holds, except where the cache is newer: a save that
   * finished while the SELECT was in flight (or a newer refresh that finished first) must not be
   * undone, or a new project or rotated key would get 401s until the next refresh.
   */
  async refresh(): Promise<void> {
    const savesBefore = this.saves;
    const result = await this.client.query({
      query: 'SELECT * FROM projects FINAL',
      format: 'JSONEachRow',
      clickhouse_settings: UNIX_TIME_OUTPUT,
    });
    const rows = await result.json<ProjectRow>();
    const byId = new Map<string, Project>();
    const versions = new Map<string, number>();
    for (const row of rows) {
      const version = Number(row.version);
      const cached = this.byId.get(row.id);
      const cachedVersion = this.versions.get(row.id) ?? -1;
      if (cached && cachedVersion > version) {
        byId.set(row.id, cached);
        versions.set(row.id, cachedVersion);
      } else {
        byId.set(row.id, fromRow(row));
        versions.set(row.id, version);
      }
      this.version = Math.max(this.version, version);
    }
    // Saved here after the SELECT began, so possibly not in its rows at all.
    for (const [id, save] of this.savedAt) {
      const cached = this.byId.get(id);
      if (save > savesBefore && cached && !byId.has(id)) {
        byId.set(id, cached);
        versions.set(id, this.versions.get(id) ?? this.version);
      }
    }
    this.byId = byId;
    this.versions = versions;
    this.reindex();
  }

  list({ includeDeleted = false } = {}): Project[] {
    return [...this.byId.values()]
      .filter((p) => includeDeleted || p.deletedAt === null)
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  get(id: string, { includeDeleted = false } = {}): Project | undefined {
    const p = this.byId.get(id);
    return p && (includeDeleted || p.deletedAt === null) ? p : undefined;
  }

  /**
   * A project by id or by name, as the API takes them. An id wins; a name matches live projects
   * only, exactly (case-sensitive). `visible` limits both to the projects a token reaches, so a
   * name neither finds nor reveals projects outside its grant. `includeDeleted` applies to ids.
   */
  resolve(
    ref: string,
    {
      includeDeleted = false,
      visible = () => true,
    }: { includeDeleted?: boolean; visible?: (id: string) => boolean } = {},
  ): ProjectRef {
    const byId = this.get(ref, { includeDeleted });
    if (byId && visible(byId.id)) return { project: byId };
    const named = (this.byName.get(ref) ?? []).filter((p) => visible(p.id));
    if (named.length === 1) return { project: named[0] };
    if (named.length > 1) return { ambiguous: named.sort((a, b) => a.createdAt - b.createdAt) };
    return { missing: true };
  }

  /** The live project an ingest key belongs to, or undefined (unknown, expired, or deleted). */
  findByKey(key: string, now = Date.now()): Project | undefined {
    const id = this.byKey.get(key);
    const project = id ? this.byId.get(id) : undefined;
    if (!project || project.deletedAt !== null) return undefined;
    const entry = project.ingestKeys.find((k) => k.key === key);
    return entry && (entry.expiresAt === null || entry.expiresAt > now) ? project : undefined;
  }

  /** True when any live project allows this origin (used to answer CORS preflights). */
  anyAllowsOrigin(origin: string): boolean {
    for (const p of this.byId.values()) if (p.deletedAt === null && originAllowed(p, origin)) return true;
    return false;
  }

  /** Throws ProjectNameTaken when a live project other than `self` has, or is taking, this name. */
  private checkNameFree(name: string, self?: string): void {
    const other = (this.byName.get(name) ?? []).find((p) => p.id !== self);
    if (other) throw new ProjectNameTaken(name, other.id);
    if (this.claimedNames.has(name)) throw new ProjectNameTaken(name);
  }

  /** Saves a project under a name no other live project has; the name is held while saving. */
  private async saveNamed(project: Project, nameChanged: boolean): Promise<void> {
    if (!nameChanged) return this.save(project);
    this.checkNameFree(project.name, project.id);
    this.claimedNames.add(project.name);
    try {
      await this.save(project);
    } finally {
      this.claimedNames.delete(project.name);
    }
  }

  async create(input: ProjectInput, now = Date.now()): Promise<Project> {
    const project: Project = {
      id: `p${crypto.randomBytes(6).toString('hex')}`,
      name: input.name,
      environment: input.environment ?? 'production',
      allowedOrigins: input.allowedOrigins ?? [],
      ingestKeys: [{ key: newIngestKey(), expiresAt: null }],
      retentionDays: input.retentionDays ?? 30,
      sampleRate: input.sampleRate ?? 1,
      rateLimitPerSecond: input.rateLimitPerSecond ?? this.defaults.rateLimitPerSecond,
      settings: { ...defaultSettings(), ...input.settings },
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    };
    await this.saveNamed(project, true);
    return project;
  }

  async update(id: string, patch: ProjectPatch, now = Date.now()): Promise<Project | undefined> {
    const current = this.get(id);
    if (!current) return undefined;
    const { settings, ...rest } = patch;
    const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    // Settings sections replace whole (a rule list is sent complete); absent sections are kept.
    const mergedSettings = { ...current.settings, ...settings };
    const next: Project = { ...current, ...defined, settings: mergedSettings, updatedAt: now };
    await this.saveNamed(next, next.name !== current.name);
    return next;
  }

  /** Adds a new current key; the old ones keep working for `overlapSeconds`. */
  async rotateKey(id: string, overlapSeconds: number, now = Date.now()): Promise<Project | undefined> {
    const current = this.get(id);
    if (!current) return undefined;
    const expiresAt = now + overlapSeconds * 1000;
    const kept = current.ingestKeys
      .filter((k) => k.expiresAt === null || k.expiresAt > now)
      .map((k) => ({
        key: k.key,
        expiresAt: k.expiresAt === null ? expiresAt : Math.min(k.expiresAt, expiresAt),
      }));
    const next: Project = {
      ...current,
      ingestKeys: [{ key: newIngestKey(), expiresAt: null }, ...kept],
      updatedAt: now,
    };
    await this.save(next);
    return next;
  }

  async softDelete(id: string, now = Date.now()): Promise<Project | undefined> {
    const current = this.get(id);
    if (!current) return undefined;
    const next = { ...current, deletedAt: now, updatedAt: now };
    await this.save(next);
    return next;
  }

  /** Undoes a soft delete made less than `restoreWindowMs` ago. */
  async restore(id: string, now = Date.now()): Promise<Project | 'expired' | undefined> {
    const current = this.byId.get(id);
    if (!current || current.deletedAt === null) return undefined;
    if (now - current.deletedAt > this.restoreWindowMs) return 'expired';
    const next = { ...current, deletedAt: null, updatedAt: now };
    // A live project may have taken the name meanwhile: restoring would make the name ambiguous.
    await this.saveNamed(next, true);
    return next;
  }

  private async save(project: Project): Promise<void> {
    // Versions only grow, even across instances that each keep their own counter.
    this.version = Math.max(this.version + 1, project.updatedAt * 1000);
    const version = this.version;
    await this.client.insert({
      table: 'projects',
      values: [toRow(project, version)],
      format: 'JSONEachRow',
    });
    // Two saves of one project can finish out of order: the cache keeps the higher version.
    if ((this.versions.get(project.id) ?? -1) > version) return;
    this.byId.set(project.id, project);
    this.versions.set(project.id, version);
    this.savedAt.set(project.id, ++this.saves);
    this.reindex();
  }

  private reindex(): void {
    const byKey = new Map<string, string>();
    const byName = new Map<string, Project[]>();
    for (const p of this.byId.values()) {
      for (const k of p.ingestKeys) byKey.set(k.key, p.id);
      if (p.deletedAt === null) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
    }
    this.byKey = byKey;
    this.byName = byName;
  }
}

export function originAllowed(project: Project, origin: string): boolean {
  return project.allowedOrigins.some((o) => o === '*' || o === origin);
}
