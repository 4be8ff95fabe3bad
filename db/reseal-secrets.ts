// Binds secrets sealed before they were bound to their place (`v1`, domain/secret-box.ts) and seals
// the mesibo secrets once kept in clear inside format_options. SQL migrations cannot do this (the
// key is not in the database), so every Herald process runs it after migrating, at start. It is
// idempotent and safe beside other processes: each row is rewritten only if it still holds the
// value read (a concurrent rewrite wins, and is the same). A value that does not open under this
// key is left as it is, and stays unreadable as before.
import type { Logger } from 'pino';
import type { Pool } from './pool';
import { isUnbound, type SecretBox } from '../domain/secret-box';
import { endpointSecretContext, mesiboSecretContext } from './endpoints-repository';
import { channelSecretContext } from './channels-repository';
import { pushCredentialContext } from './push-credentials-repository';

interface Previous {
  sealed: string;
  expiresAt: string;
}

export async function resealUnboundSecrets(pool: Pool, box: SecretBox, log?: Pick<Logger, 'warn' | 'info'>): Promise<number> {
  let resealed = 0;
  const bind = (sealed: string, context: string) => (isUnbound(sealed) ? box.seal(box.openUnbound(sealed), context) : sealed);
  const attempt = async (what: string, id: string, work: () => Promise<number | null | undefined>) => {
    try {
      resealed += (await work()) ?? 0;
    } catch (err) {
      log?.warn({ err, id }, `could not re-seal ${what}; it stays as it was`);
    }
  };

  const endpoints = await pool.query<{ id: string; secret_sealed: string; previous_secrets: Previous[]; format_options: { mesiboSecret?: string } }>(
    `SELECT id, secret_sealed, previous_secrets, format_options FROM endpoints
     WHERE secret_sealed LIKE 'v1:%' OR previous_secrets::text LIKE '%"v1:%'
        OR (format_options ? 'mesiboSecret' AND format_options->>'mesiboSecret' NOT LIKE 'v2:%')`,
  );
  for (const row of endpoints.rows) {
    await attempt('an endpoint\'s secrets', row.id, async () => {
      const context = endpointSecretContext(row.id);
      const mesibo = row.format_options.mesiboSecret;
      const options = mesibo !== undefined && !mesibo.startsWith('v2:') ? { ...row.format_options, mesiboSecret: box.seal(mesibo, mesiboSecretContext(row.id)) } : row.format_options;
      const { rowCount } = await pool.query(
        `UPDATE endpoints SET secret_sealed = $3, previous_secrets = $4, format_options = $5
         WHERE id = $1 AND secret_sealed = $2 AND previous_secrets = $6 AND format_options = $7`,
        [
          row.id,
          row.secret_sealed,
          bind(row.secret_sealed, context),
          JSON.stringify(row.previous_secrets.map((p) => ({ ...p, sealed: bind(p.sealed, context) }))),
          options,
          JSON.stringify(row.previous_secrets),
          row.format_options,
        ],
      );
      return rowCount;
    });
  }

  for (const [table, contextOf] of [
    ['channels', channelSecretContext],
    ['push_credentials', pushCredentialContext],
  ] as const) {
    const { rows } = await pool.query<{ id: string; secret_sealed: string }>(`SELECT id, secret_sealed FROM ${table} WHERE secret_sealed LIKE 'v1:%'`);
    for (const row of rows) {
      await attempt(`a ${table} row's secret`, row.id, async () => {
        const { rowCount } = await pool.query(`UPDATE ${table} SET secret_sealed = $3 WHERE id = $1 AND secret_sealed = $2`, [row.id, row.secret_sealed, bind(row.secret_sealed, contextOf(row.id))]);
        return rowCount;
      });
    }
  }
  if (resealed > 0) log?.info({ resealed }, 'secrets sealed before Herald bound them to their rows are bound now');
  return resealed;
}
