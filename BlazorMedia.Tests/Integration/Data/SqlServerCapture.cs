using System.Collections;
using System.Data;
using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BlazorMedia.Tests.Data;

/// <summary>A SQL Server that is never there: the connection is never opened, transactions and savepoints are
/// pretended, and every command EF sends is recorded and answered with a canned result (no rows, or one row whose
/// every column is <see cref="Number"/>, "x", a fixed time…, and every EXISTS true when there are rows). The services then run against SQL Server's provider
/// end to end, so every query they build is translated by it and every command they send can be parsed as T-SQL.</summary>
internal sealed partial class SqlServerCapture : IDbConnectionInterceptor, IDbCommandInterceptor, IDbTransactionInterceptor
{
    private readonly List<string> _commands = [];

    /// <summary>Rows each result set has: 0 (nothing found) or 1.</summary>
    public int Rows { get; set; }

    /// <summary>The value of every integer column of a canned row (counts, ids, sizes).</summary>
    public int Number { get; set; } = 1;

    /// <summary>What a boolean (an EXISTS) answers for a command; by default, whether there are <see cref="Rows"/>.</summary>
    public Func<string, bool>? Found { get; set; }

    public IReadOnlyList<string> Commands { get { lock (_commands) return [.. _commands]; } }

    public void Clear()
    {
        lock (_commands) _commands.Clear();
    }

    private void Record(string sql)
    {
        lock (_commands) _commands.Add(sql);
    }

    public InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        InterceptionResult.Suppress();

    public ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default) => ValueTask.FromResult(InterceptionResult.Suppress());

    public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        InterceptionResult.Suppress();

    public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        ValueTask.FromResult(InterceptionResult.Suppress());

    public InterceptionResult<DbCommand> CommandCreating(CommandCorrelatedEventData eventData, InterceptionResult<DbCommand> result) =>
        InterceptionResult<DbCommand>.SuppressWithResult(new CapturedCommand(this));

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result) => InterceptionResult<DbTransaction>.SuppressWithResult(new PretendTransaction(connection, eventData.IsolationLevel));

    public ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(TransactionStarting(connection, eventData, result));

    public ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default) => ValueTask.FromResult(InterceptionResult.Suppress());

    public ValueTask<InterceptionResult> TransactionRollingBackAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default) => ValueTask.FromResult(InterceptionResult.Suppress());

    public ValueTask<InterceptionResult> CreatingSavepointAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default) => ValueTask.FromResult(InterceptionResult.Suppress());

    public ValueTask<InterceptionResult> RollingBackToSavepointAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default) => ValueTask.FromResult(InterceptionResult.Suppress());

    public ValueTask<InterceptionResult> ReleasingSavepointAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default) => ValueTask.FromResult(InterceptionResult.Suppress());

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) =>
        InterceptionResult.Suppress();

    public InterceptionResult TransactionRollingBack(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) =>
        InterceptionResult.Suppress();

    public InterceptionResult CreatingSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) =>
        InterceptionResult.Suppress();

    public InterceptionResult RollingBackToSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) =>
        InterceptionResult.Suppress();

    public InterceptionResult ReleasingSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) =>
        InterceptionResult.Suppress();

    /// <summary>A command that records its text and answers from <see cref="SqlServerCapture"/>. Parameters are real
    /// <see cref="SqlParameter"/>s, which SQL Server's type mappings configure.</summary>
    private sealed class CapturedCommand(SqlServerCapture capture) : DbCommand
    {
        private readonly SqlCommand _parameters = new();

        [System.Diagnostics.CodeAnalysis.AllowNull]
        public override string CommandText { get; set; } = "";
        public override int CommandTimeout { get; set; }
        public override CommandType CommandType { get; set; }
        public override bool DesignTimeVisible { get; set; }
        public override UpdateRowSource UpdatedRowSource { get; set; }
        protected override DbConnection? DbConnection { get; set; }
        protected override DbParameterCollection DbParameterCollection => _parameters.Parameters;
        protected override DbTransaction? DbTransaction { get; set; }

        public override void Cancel() { }

        public override void Prepare() { }

        protected override DbParameter CreateDbParameter() => _parameters.CreateParameter();

        public override int ExecuteNonQuery()
        {
            capture.Record(CommandText);
            return Math.Max(1, capture.Rows);
        }

        public override object? ExecuteScalar()
        {
            capture.Record(CommandText);
            return capture.Rows == 0 ? null : capture.Number;
        }

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
        {
            capture.Record(CommandText);
            // An aggregate (COUNT, SUM, EXISTS) answers one row even over no rows.
            var aggregate = Aggregate().IsMatch(CommandText);
            return new CannedReader(aggregate ? Math.Max(1, capture.Rows) : capture.Rows, capture.Number, capture.Found?.Invoke(CommandText) ?? capture.Rows > 0);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _parameters.Dispose();
            base.Dispose(disposing);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*SELECT (COUNT\(|COUNT_BIG\(|CASE\s+WHEN (NOT )?EXISTS|COALESCE\(SUM\(|SUM\(|MAX\(|MIN\()")]
    private static partial System.Text.RegularExpressions.Regex Aggregate();

    private sealed class PretendTransaction(DbConnection connection, IsolationLevel isolationLevel) : DbTransaction
    {
        public override IsolationLevel IsolationLevel => isolationLevel;
        protected override DbConnection DbConnection => connection;
        public override bool SupportsSavepoints => true;

        public override void Commit() { }

        public override void Rollback() { }
    }

    /// <summary>Every result set has <c>rows</c> rows of the same values, whatever is asked of them; every boolean
    /// (an EXISTS) is <c>found</c>, so "is it there?" agrees with the rows.</summary>
    private sealed class CannedReader(int rows, int number, bool found) : DbDataReader
    {
        private static readonly DateTime Time = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        private readonly int _rows = rows;
        private int _left = rows;
        private int _results = 64; // a bound, should a caller consume result sets until there are none

        public override int FieldCount => 32;
        public override int RecordsAffected => Math.Max(1, _rows);
        public override bool HasRows => _rows > 0;
        public override bool IsClosed => false;
        public override int Depth => 0;
        public override object this[int ordinal] => GetValue(ordinal);
        public override object this[string name] => GetValue(0);

        public override bool Read() => _left-- > 0;

        public override bool NextResult()
        {
            _left = _rows;
            return --_results > 0;
        }

        public override bool IsDBNull(int ordinal) => false;
        public override object GetValue(int ordinal) => number;
        public override int GetValues(object[] values)
        {
            Array.Fill(values, number);
            return values.Length;
        }

        public override T GetFieldValue<T>(int ordinal) => (T)Value(typeof(T));
        public override bool GetBoolean(int ordinal) => found;
        public override byte GetByte(int ordinal) => (byte)number;
        public override char GetChar(int ordinal) => 'x';
        public override DateTime GetDateTime(int ordinal) => Time;
        public override decimal GetDecimal(int ordinal) => number;
        public override double GetDouble(int ordinal) => number;
        public override float GetFloat(int ordinal) => number;
        public override Guid GetGuid(int ordinal) => Guid.Empty;
        public override short GetInt16(int ordinal) => (short)number;
        public override int GetInt32(int ordinal) => number;
        public override long GetInt64(int ordinal) => number;
        public override string GetString(int ordinal) => "x";
        public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => 0;
        public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => 0;
        public override string GetDataTypeName(int ordinal) => "sql_variant";
        public override Type GetFieldType(int ordinal) => typeof(object);
        public override string GetName(int ordinal) => $"c{ordinal}";
        public override int GetOrdinal(string name) => 0;
        public override IEnumerator GetEnumerator() => Array.Empty<object>().GetEnumerator();

        private object Value(Type type)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (type == typeof(string)) return "x";
            if (type == typeof(DateTime)) return Time;
            if (type == typeof(DateTimeOffset)) return new DateTimeOffset(Time);
            if (type == typeof(Guid)) return Guid.Empty;
            if (type == typeof(bool)) return found;
            if (type == typeof(byte[])) return Array.Empty<byte>();
            return Convert.ChangeType(number, type, System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
