import type { Pool } from './pool';
import { withDefaults, type AppSettings, type AppSettingsInput } from '../domain/app-settings';

export interface App {
  id: string;
  name: string;
  settings: AppSettings;
}

interface AppRow {
  id: string;
  name: string;
  settings: AppSettingsInput;
}

const toApp = (row: AppRow): App => ({ id: row.id, name: row.name, settings: withDefaults(row.settings) });

export function createAppsRepository(pool: Pool) {
  return {
    async create(input: { id: string; name: string; apiKeyHash: Buffer; settings: AppSettingsInput }): Promise<App> {
      const { rows } = await pool.query<AppRow>(
        'INSERT INTO apps (id, name, api_key_hash, settings) VALUES ($1, $2, $3, $4) RETURNING id, name, settings',
        [input.id, input.name, input.apiKeyHash, input.settings],
      );
      return toApp(rows[0]);
    },

    async get(id: string): Promise<App | undefined> {
      const { rows } = await pool.query<AppRow>('SELECT id, name, settings FROM apps WHERE id = $1', [id]);
      return rows[0] && toApp(rows[0]);
    },

    /** A page of every app, by id: for the admin (the console's app picker). */
    async list(page: { after?: string; limit: number }): Promise<{ data: App[]; nextCursor?: string }> {
      const { rows } = await pool.query<AppRow>(
        'SELECT id, name, settings FROM apps WHERE ($1::text IS NULL OR id > $1) ORDER BY id LIMIT $2',
        [page.after ?? null, page.limit + 1],
      );
      const data = rows.slice(0, page.limit).map(toApp);
      return rows.length > page.limit ? { data, nextCursor: data[data.length - 1].id } : { data };
    },

    /** Replaces the app's key (only its hash is kept); false when there is no such app. */
    async replaceKey(id: string, apiKeyHash: Buffer): Promise<boolean> {
      const { rowCount } = await pool.query('UPDATE apps SET api_key_hash = $2 WHERE id = $1', [id, apiKeyHash]);
      return rowCount === 1;
    },

    /** Deletes the app and, by cascade, everything it owns; false when there is no such app. */
    async remove(id: string): Promise<boolean> {
      const { rowCount } = await pool.query('DELETE FROM apps WHERE id = $1', [id]);
      return rowCount === 1;
    },

    async findIdByKeyHash(hash: Buffer): Promise<string | undefined> {
      const { rows } = await pool.query<{ id: string }>('SELECT id FROM apps WHERE api_key_hash = $1', [hash]);
      return rows[0]?.id;
    },

    /** Merges the given settings over the stored ones; fields not named keep their value. */
    async update(id: string, patch: { name?: string; settings?: AppSettingsInput }): Promise<App | undefined> {
      const { rows } = await pool.query<AppRow>(
        `UPDATE apps SET name = COALESCE($2, name), settings = settings || $3::jsonb
         WHERE id = $1 RETURNING id, name, settings`,
        [id, patch.name ?? null, patch.settings ?? {}],
      );
      return rows[0] && toApp(rows[0]);
    },
  };
}

export type AppsRepository = ReturnType<typeof createAppsRepository>;
