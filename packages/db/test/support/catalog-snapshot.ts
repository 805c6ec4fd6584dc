import pg from "pg";

/**
 * A comparable description of the "public" schema: enums, columns (type, nullability, default),
 * indexes and primary/unique/foreign keys. Prisma's bookkeeping table is left out, and so are
 * CHECK constraints, which Prisma does not model (a migration may add them by hand).
 */
export type CatalogSnapshot = {
  enums: string[];
  columns: string[];
  indexes: string[];
  constraints: string[];
};

export async function snapshotCatalog(url: string): Promise<CatalogSnapshot> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const enums = await client.query<{ line: string }>(`
      SELECT t.typname || ': ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS line
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'public' GROUP BY t.typname ORDER BY 1`);
    const columns = await client.query<{ line: string }>(`
      SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
             || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
             || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') AS line
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
        AND c.relname <> '_prisma_migrations'
      ORDER BY 1`);
    const indexes = await client.query<{ line: string }>(`
      SELECT indexdef AS line FROM pg_indexes
      WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1`);
    const constraints = await client.query<{ line: string }>(`
      SELECT c.relname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid) AS line
      FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND k.contype IN ('p', 'u', 'f') AND c.relname <> '_prisma_migrations'
      ORDER BY 1`);
    const lines = (result: { rows: { line: string }[] }) => result.rows.map((row) => row.line);
    return {
      enums: lines(enums),
      columns: lines(columns),
      indexes: lines(indexes),
      constraints: lines(constraints),
    };
  } finally {
    await client.end();
  }
}

/** Empties the "public" schema so the next build starts from nothing. */
export async function resetPublicSchema(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
  } finally {
    await client.end();
  }
}

export async function runSql(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
