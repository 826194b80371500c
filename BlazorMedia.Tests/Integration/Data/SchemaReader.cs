using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Tests.Data;

/// <summary>Reads a database's actual schema (tables, columns with type/nullability, keys, foreign keys with their
/// delete rule, indexes with their columns, uniqueness and filter) as sorted lines, so a migrated database can be
/// compared with one created straight from the model; and a database's rows, so an upgrade can be shown to keep them.</summary>
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

    /// <summary>Every row of every table the model maps, as sorted lines per table (values in invariant form). A table
    /// the database does not have yet (an old database, before the migration that adds it) is left out.</summary>
    public static async Task<SortedDictionary<string, List<string>>> ReadRowsAsync(DbContext db, params string[] moreTables)
    {
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        var existing = (await QueryAsync(conn, db.Database.IsNpgsql()
                ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                : "SELECT name FROM sqlite_master WHERE type = 'table'"))
            .Select(r => r[0]).ToHashSet(StringComparer.Ordinal);
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()!).Concat(moreTables).Distinct().Where(existing.Contains);
        var rows = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            var lines = (await QueryAsync(conn, $"SELECT * FROM \"{table}\"")).Select(r => string.Join(" | ", r)).ToList();
            lines.Sort(StringComparer.Ordinal);
            rows[table] = lines;
        }
        return rows;
    }

    private static async Task<List<string>> ReadSqliteAsync(DbConnection conn)
    {
        var lines = new List<string>();
        var tables = await QueryAsync(conn, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'");
        foreach (var t in tables.Select(r => r[0]))
        {
            foreach (var c in await QueryAsync(conn, $"SELECT name, type, \"notnull\", pk FROM pragma_table_info('{t}')"))
                lines.Add($"column {t}.{c[0]} type={c[1]} notnull={c[2]} pk={c[3]}");
            foreach (var i in await QueryAsync(conn, $"SELECT name, \"unique\", partial FROM pragma_index_list('{t}') WHERE origin = 'c'"))
            {
                var cols = await QueryAsync(conn, $"SELECT name FROM pragma_index_info('{i[0]}') ORDER BY seqno");
                var sql = (await QueryAsync(conn, $"SELECT sql FROM sqlite_master WHERE type='index' AND name='{i[0]}'"))[0][0];
                var filter = i[2] == "1" ? " where " + sql[(sql.IndexOf(" WHERE ", StringComparison.OrdinalIgnoreCase) + 7)..] : "";
                lines.Add($"index {t}.{i[0]} unique={i[1]} ({string.Join(",", cols.Select(r => r[0]))}){filter}");
            }
            foreach (var f in await QueryAsync(conn, $"SELECT \"from\", \"table\", \"to\", on_delete FROM pragma_foreign_key_list('{t}')"))
                lines.Add($"foreign key {t}.{f[0]} -> {f[1]}.{f[2]} on delete {f[3]}");
            // AUTOINCREMENT shows only in the CREATE statement.
            var create = (await QueryAsync(conn, $"SELECT sql FROM sqlite_master WHERE name='{t}'"))[0][0];
            lines.Add($"table {t} autoincrement={create.Contains("AUTOINCREMENT", StringComparison.OrdinalIgnoreCase)}");
        }
        return lines;
    }

    private static async Task<List<string>> ReadPostgresAsync(DbConnection conn)
    {
        var lines = new List<string>();
        foreach (var c in await QueryAsync(conn, """
            SELECT table_name, column_name, data_type, coalesce(character_maximum_length::text, ''), is_nullable, is_identity,
                   coalesce(identity_generation, ''), coalesce(collation_name, '')
            FROM information_schema.columns WHERE table_schema = 'public'
            """))
            lines.Add($"column {c[0]}.{c[1]} type={c[2]}({c[3]}) nullable={c[4]} identity={c[5]}/{c[6]} collation={c[7]}");
        // indexdef carries the columns, uniqueness, method and any WHERE filter.
        foreach (var i in await QueryAsync(conn, "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"))
            lines.Add($"index {i[0]}.{i[1]} {i[2]}");
        foreach (var k in await QueryAsync(conn, """
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE connamespace = 'public'::regnamespace AND contype IN ('p', 'f', 'u', 'c')
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
            rows.Add(Enumerable.Range(0, r.FieldCount).Select(i => Format(r.GetValue(i))).ToArray());
        return rows;
    }

    private static string Format(object value) => value switch
    {
        DBNull => "NULL",
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
