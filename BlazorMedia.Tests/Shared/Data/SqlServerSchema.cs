using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace BlazorMedia.Tests.Data;

/// <summary>The schema a SQL Server DDL script builds, read with SQL Server's own parser (ScriptDom) instead of a
/// server: tables, columns (type, nullability, identity, collation), primary keys (clustered or not), foreign keys
/// with their delete rule, and indexes (uniqueness, clustering, columns, included columns, filter), as sorted lines in
/// the manner of <c>SchemaReader</c>. Statements are applied in order, so a migration script (create, then
/// alter) and a create script can be compared. A DDL statement it does not understand is reported, never skipped:
/// extend <see cref="Apply"/> when a migration needs one.</summary>
internal sealed class SqlServerSchema
{
    private const string HistoryTable = "__EFMigrationsHistory";

    private readonly SortedDictionary<string, Table> _tables = new(StringComparer.Ordinal);

    /// <summary>Statements the reader could not interpret (type and text).</summary>
    public List<string> Unsupported { get; } = [];

    /// <summary>Parse errors (line, column, message); empty for a grammatical script.</summary>
    public List<string> ParseErrors { get; } = [];

    public static SqlServerSchema Read(string script)
    {
        var schema = new SqlServerSchema();
        var fragment = Parse(script, schema.ParseErrors);
        if (fragment is TSqlScript parsed)
            foreach (var batch in parsed.Batches)
                foreach (var statement in batch.Statements)
                    schema.Apply(statement);
        return schema;
    }

    /// <summary>Parses T-SQL as SQL Server 2022 does (quoted identifiers on, as SqlClient sets them).</summary>
    public static TSqlFragment Parse(string sql, List<string> errors)
    {
        var fragment = new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var parseErrors);
        errors.AddRange(parseErrors.Select(e => $"line {e.Line}, column {e.Column}: {e.Message}"));
        return fragment;
    }

    public List<string> Lines()
    {
        var lines = new List<string>();
        foreach (var (name, table) in _tables)
        {
            foreach (var (column, definition) in table.Columns) lines.Add($"column {name}.{column} {definition}");
            lines.AddRange(table.Constraints.Select(c => $"constraint {name}.{c.Key} {c.Value}"));
            lines.AddRange(table.Indexes.Select(i => $"index {name}.{i.Key} {i.Value}"));
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private void Apply(TSqlStatement statement)
    {
        switch (statement)
        {
            case IfStatement s:
                Apply(s.ThenStatement);
                if (s.ElseStatement is not null) Apply(s.ElseStatement);
                break;
            case BeginEndBlockStatement s:
                foreach (var inner in s.StatementList.Statements) Apply(inner);
                break;
            case CreateTableStatement s when Name(s.SchemaObjectName) == HistoryTable:
            case InsertStatement { InsertSpecification.Target: NamedTableReference { SchemaObject: var target } } when Name(target) == HistoryTable:
            case BeginTransactionStatement or CommitTransactionStatement or PredicateSetStatement:
                break;
            // EF drops a column's default constraint by name, looked up at run time, before altering or dropping the
            // column: defaults are not part of the compared schema.
            case DeclareVariableStatement or SelectStatement:
                break;
            case ExecuteStatement s when Text(s).Contains("DROP CONSTRAINT [' + @", StringComparison.Ordinal):
                break;
            // The idempotent script wraps some DDL in EXEC(N'…') (a filtered index under IF): read the string as SQL.
            case ExecuteStatement { ExecuteSpecification.ExecutableEntity: ExecutableStringList list } when list.Strings.All(v => v is StringLiteral):
                if (Parse(string.Concat(list.Strings.Cast<StringLiteral>().Select(l => l.Value)), ParseErrors) is TSqlScript executed)
                    foreach (var innerStatement in executed.Batches.SelectMany(b => b.Statements)) Apply(innerStatement);
                break;
            case CreateTableStatement s:
                var table = _tables[Name(s.SchemaObjectName)] = new Table();
                AddElements(table, Name(s.SchemaObjectName), s.Definition);
                break;
            case AlterTableAddTableElementStatement s:
                AddElements(_tables[Name(s.SchemaObjectName)], Name(s.SchemaObjectName), s.Definition);
                break;
            case AlterTableDropTableElementStatement s:
                foreach (var element in s.AlterTableDropTableElements)
                {
                    var from = _tables[Name(s.SchemaObjectName)];
                    var removed = element.TableElementType == TableElementType.Column
                        ? from.Columns.Remove(element.Name.Value)
                        : from.Constraints.Remove(element.Name.Value);
                    if (!removed) Unsupported.Add($"drop of unknown {element.TableElementType} {element.Name.Value}: {Text(s)}");
                }
                break;
            // ALTER COLUMN with a type restates the column; its NULL / NOT NULL is the statement's option.
            case AlterTableAlterColumnStatement { DataType: not null } s when s.AlterTableAlterColumnOption
                is AlterTableAlterColumnOption.NoOptionDefined or AlterTableAlterColumnOption.Null or AlterTableAlterColumnOption.NotNull:
                var nullable = s.AlterTableAlterColumnOption != AlterTableAlterColumnOption.NotNull;
                _tables[Name(s.SchemaObjectName)].Columns[s.ColumnIdentifier.Value] = Column(s.DataType, nullable, identity: false, s.Collation);
                break;
            case CreateIndexStatement s:
                _tables[Name(s.OnName)].Indexes[s.Name.Value] =
                    $"unique={s.Unique} clustered={s.Clustered ?? false} ({Columns(s.Columns)})" +
                    (s.IncludeColumns.Count > 0 ? $" include ({string.Join(",", s.IncludeColumns.Select(c => Last(c.MultiPartIdentifier)))})" : "") +
                    (s.FilterPredicate is null ? "" : $" where {Text(s.FilterPredicate)}");
                break;
            case DropIndexStatement s:
                foreach (var clause in s.DropIndexClauses.OfType<DropIndexClause>())
                    if (!_tables[Name(clause.Object)].Indexes.Remove(clause.Index.Value))
                        Unsupported.Add($"drop of unknown index {clause.Index.Value}");
                break;
            case DropTableStatement s:
                foreach (var dropped in s.Objects) _tables.Remove(Name(dropped));
                break;
            default:
                Unsupported.Add($"{statement.GetType().Name}: {Text(statement)}");
                break;
        }
    }

    private static void AddElements(Table table, string tableName, TableDefinition definition)
    {
        foreach (var c in definition.ColumnDefinitions)
        {
            var nullable = c.Constraints.OfType<NullableConstraintDefinition>().FirstOrDefault()?.Nullable ?? true;
            table.Columns[c.ColumnIdentifier.Value] = Column(c.DataType, nullable, c.IdentityOptions is not null, c.Collation);
        }
        foreach (var constraint in definition.TableConstraints)
        {
            var name = constraint.ConstraintIdentifier?.Value ?? throw new InvalidOperationException($"unnamed constraint on {tableName}");
            table.Constraints[name] = constraint switch
            {
                UniqueConstraintDefinition u => $"{(u.IsPrimaryKey ? "primary key" : "unique")} clustered={u.Clustered ?? u.IsPrimaryKey} ({Columns(u.Columns)})",
                ForeignKeyConstraintDefinition f =>
                    $"foreign key ({string.Join(",", f.Columns.Select(i => i.Value))}) -> {Name(f.ReferenceTableName)} " +
                    $"({string.Join(",", f.ReferencedTableColumns.Select(i => i.Value))}) on delete {f.DeleteAction}",
                _ => $"{constraint.GetType().Name}: {Text(constraint)}",
            };
        }
    }

    private static string Column(DataTypeReference type, bool nullable, bool identity, Identifier? collation)
    {
        var text = type is SqlDataTypeReference { Parameters.Count: > 0 } sized
            ? $"{Last(type.Name).ToLowerInvariant()}({string.Join(",", sized.Parameters.Select(p => p.Value.ToLowerInvariant()))})"
            : Last(type.Name).ToLowerInvariant();
        return $"type={text} nullable={nullable} identity={identity} collation={collation?.Value ?? "default"}";
    }

    private static string Columns(IEnumerable<ColumnWithSortOrder> columns) =>
        string.Join(",", columns.Select(c => Last(c.Column.MultiPartIdentifier) + (c.SortOrder == SortOrder.Descending ? " desc" : "")));

    private static string Name(SchemaObjectName name) => name.BaseIdentifier.Value;

    private static string Last(MultiPartIdentifier identifier) => identifier.Identifiers[^1].Value;

    /// <summary>A fragment's text with whitespace runs collapsed.</summary>
    private static string Text(TSqlFragment fragment) =>
        string.Join(" ", string.Concat(Enumerable.Range(fragment.FirstTokenIndex, fragment.LastTokenIndex - fragment.FirstTokenIndex + 1)
            .Select(i => fragment.ScriptTokenStream[i].Text)).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private sealed class Table
    {
        public SortedDictionary<string, string> Columns { get; } = new(StringComparer.Ordinal);

        public SortedDictionary<string, string> Constraints { get; } = new(StringComparer.Ordinal);

        public SortedDictionary<string, string> Indexes { get; } = new(StringComparer.Ordinal);
    }
}
