import type { ClientBase } from 'pg';

const OBJECT_IN_USE = '55006';

/**
 * Drops a database that this role's pooled connections may still hold (tests and benchmarks
 * make their own). Not `WITH (FORCE)`: on PostgreSQL 15 it refuses a role without
 * pg_signal_backend while an autovacuum worker is in the database (a worker has no role to be
 * a member of). A plain DROP stops autovacuum workers itself, so this ends the role's own
 * sessions first and drops again while any still linger.
 */
export async function dropDatabase(client: ClientBase, name: string, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await client.query(
      `SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity
        WHERE datname = $1 AND usename = current_user AND pid <> pg_backend_pid()`,
      [name],
    );
    try {
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`);
      return;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code !== OBJECT_IN_USE || attempt >= attempts) throw error;
    }
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
