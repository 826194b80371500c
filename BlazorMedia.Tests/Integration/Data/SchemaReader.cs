using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Tests.Data;

/// <summary>Reads a database's actual schema (tables, columns with type/nullability, indexes) as sorted lines, so a
/// migrated database can be compared with one created straight from the model.</summary>
internal static class SchemaReader
{
    public static async Task<List<string>> ReadAsync(DbContext db)
    {
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        var lines = db.Database.IsNpgsql() ? await ReadPostgresAsync(conn) : await ReadSqliteAsync(conn);
        lines.RemoveAll(l => l.Contains("__EFMigrations", StringComparison.Ordinal)); // EF's own history and lock tables
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static async Task<List<string>> ReadSqliteAsync(DbConnection conn)
    {
        var lines = new List<string>();
        var tables = await QueryAsync(conn, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'");
        foreach (var t in tables.Select(r => r[0]))
        {
            foreach (var c in await QueryAsync(conn, $"SELECT name, type, \"notnull\", pk FROM pragma_table_info('{t}')"))
                lines.Add($"column {t}.{c[0]} type={c[1]} notnull={c[2]} pk={c[3]}");
            foreach (var i in await QueryAsync(conn, $"SELECT name, \"unique\" FROM pragma_index_list('{t}') WHERE origin = 'c'"))
            {
                var cols = await QueryAsync(conn, $"SELECT name FROM pragma_index_info('{i[0]}') ORDER BY seqno");
                lines.Add($"index {t}.{i[0]} unique={i[1]} ({string.Join(",", cols.Select(r => r[0]))})");
            }
            // AUTOINCREMENT shows only in the CREATE statement.
            var sql = (await QueryAsync(conn, $"SELECT sql FROM sqlite_master WHERE name='{t}'"))[0][0];
            lines.Add($"table {t} autoincrement={sql.Contains("AUTOINCREMENT", StringComparison.OrdinalIgnoreCase)}");
        }
        return lines;
    }

    private static async Task<List<string>> ReadPostgresAsync(DbConnection conn)
    {
        var lines = new List<string>();
        foreach (var c in await QueryAsync(conn, """
            SELECT table_name, column_name, data_type, coalesce(character_maximum_length::text, ''), is_nullable, is_identity,
                   coalesce(identity_generation, '')
            FROM information_schema.columns WHERE table_schema = 'public'
            """))
            lines.Add($"column {c[0]}.{c[1]} type={c[2]}({c[3]}) nullable={c[4]} identity={c[5]}/{c[6]}");
        foreach (var i in await QueryAsync(conn, "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"))
            lines.Add($"index {i[0]}.{i[1]} {i[2]}");
        foreach (var k in await QueryAsync(conn, """
            SELECT tc.table_name, tc.constraint_name, tc.constraint_type FROM information_schema.table_constraints tc
            WHERE tc.table_schema = 'public' AND tc.constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY', 'UNIQUE')
            """))
            lines.Add($"constraint {k[0]}.{k[1]} {k[2]}");
        return lines;
    }

    private static async Task<List<string[]>> QueryAsync(DbConnection conn, string sql)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await r.ReadAsync())
            rows.Add(Enumerable.Range(0, r.FieldCount).Select(i => Convert.ToString(r.GetValue(i)) ?? "").ToArray());
        return rows;
    }
}
