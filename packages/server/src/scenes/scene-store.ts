import { parseSceneConfig, type SceneConfig, type SceneIssue } from '@shopscene/core';
import { jsonPositions, positionOf } from '@shopscene/core/json-positions';
import type { Db } from '../db/database.ts';
import { bumpVersion } from '../catalog/catalog-store.ts';

/** An issue of a scene config, where it is in the text (line and column, from 1), as `shopscene validate` prints it. */
export interface PlacedIssue extends SceneIssue {
  line: number;
  column: number;
}

/** Each issue with its line and column in `source`. */
export function placeIssues(source: string, issues: SceneIssue[]): PlacedIssue[] {
  let positions: Map<string, { line: number; column: number }> | undefined;
  try {
    positions = jsonPositions(source);
  } catch (error) {
    // Not JSON: the parse error names its own place.
    const m = /line (\d+), column (\d+)/.exec(String(error));
    return issues.map((i) => ({ ...i, line: m ? Number(m[1]) : 1, column: m ? Number(m[2]) : 1 }));
  }
  return issues.map((i) => ({ ...i, ...positionOf(positions!, i.path) }));
}

/** The scene config a store serves now: its version, the text as written, and the parsed config. */
export interface CurrentScenes {
  version: number;
  source: string;
  config: SceneConfig | null;
}

/** The latest version of a store's scene config, or null when it has none. */
export async function currentScenes(db: Db, store: string): Promise<CurrentScenes | null> {
  const { rows } = await db.query<{ version: number; source: string }>('SELECT version, source FROM scene_versions WHERE store_id = $1 ORDER BY version DESC LIMIT 1', [store]);
  if (!rows[0]) return null;
  const parsed = parseSceneConfig(rows[0].source);
  return { version: rows[0].version, source: rows[0].source, config: parsed.ok ? parsed.value : null };
}

/**
 * Every scene the store has ever configured, each as its latest valid version has it (a campaign that
 * was taken out of the config still has its results), in one config; null when there is none.
 */
export async function allScenes(db: Db, store: string): Promise<SceneConfig | null> {
  const { rows } = await db.query<{ source: string }>('SELECT source FROM scene_versions WHERE store_id = $1 ORDER BY version', [store]);
  const scenes = new Map<string, SceneConfig['scenes'][number]>();
  let latest: SceneConfig | null = null;
  for (const { source } of rows) {
    const parsed = parseSceneConfig(source);
    if (!parsed.ok) continue;
    latest = parsed.value;
    for (const scene of parsed.value.scenes) scenes.set(scene.id, scene);
  }
  return latest && { ...latest, scenes: [...scenes.values()] };
}

/**
 * Checks a scene config with the project's parser and, when it is valid, keeps it as the store's next
 * version (every version is kept). Returns the version and any warnings, or every issue with its place.
 */
export async function putScenes(db: Db, store: string, source: string, note?: string): Promise<{ ok: true; version: number; warnings: PlacedIssue[] } | { ok: false; issues: PlacedIssue[] }> {
  const parsed = parseSceneConfig(source);
  if (!parsed.ok) return { ok: false, issues: placeIssues(source, parsed.issues) };
  const version = await db.transaction(async (tx) => {
    // One at a time per store (two marketers saving at once each get a version of their own).
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`shopscene.scenes:${store}`]);
    const { rows } = await tx.query<{ version: number }>(
      `INSERT INTO scene_versions (store_id, version, source, note, created_at)
       VALUES ($1, (SELECT coalesce(max(version), 0) + 1 FROM scene_versions WHERE store_id = $1), $2, $3, $4)
       RETURNING version`,
      [store, source, note ?? null, Date.now()],
    );
    await bumpVersion(tx, store, 'scenes');
    return rows[0]!.version;
  });
  return { ok: true, version, warnings: placeIssues(source, parsed.warnings) };
}

/** Every version of a store's scene config, newest first (without their text). */
export async function sceneVersions(db: Db, store: string): Promise<{ version: number; note: string | null; createdAt: number; bytes: number }[]> {
  const { rows } = await db.query<{ version: number; note: string | null; created_at: number; bytes: number }>(
    'SELECT version, note, created_at, length(source) AS bytes FROM scene_versions WHERE store_id = $1 ORDER BY version DESC',
    [store],
  );
  return rows.map((r) => ({ version: r.version, note: r.note, createdAt: r.created_at, bytes: r.bytes }));
}

/** One version's text, or null. */
export async function sceneVersion(db: Db, store: string, version: number): Promise<string | null> {
  const { rows } = await db.query<{ source: string }>('SELECT source FROM scene_versions WHERE store_id = $1 AND version = $2', [store, version]);
  return rows[0]?.source ?? null;
}

/** Rolls back to an earlier version: it becomes the newest again, as a version of its own (the history stays whole). */
export async function rollbackScenes(db: Db, store: string, version: number): Promise<{ ok: true; version: number } | { ok: false; message: string }> {
  const source = await sceneVersion(db, store, version);
  if (source === null) return { ok: false, message: `there is no version ${version} of this store's scene config` };
  const put = await putScenes(db, store, source, `rollback to version ${version}`);
  return put.ok ? { ok: true, version: put.version } : { ok: false, message: `version ${version} no longer passes the checks: ${put.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}` };
}
