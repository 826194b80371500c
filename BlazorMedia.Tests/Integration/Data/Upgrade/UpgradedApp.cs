using BlazorMedia.Tests.Infrastructure;
using Npgsql;

namespace BlazorMedia.Tests.Data.Upgrade;

/// <summary>The new app started on a copy of a database made by an old version (Fixtures/, see make-fixtures.sh) and
/// that database's media root and signing key file, with what the database held before the new app touched it.</summary>
public abstract class UpgradedApp : IAsyncLifetime
{
    public static string FixturesDir => Path.Combine(TestPaths.RepoRoot, "BlazorMedia.Tests", "Integration", "Data", "Upgrade", "Fixtures");

    private readonly TempDirectory _dir = new("bm-upgrade");

    protected abstract string Fixture { get; }

    public string FixtureDir => Path.Combine(FixturesDir, Fixture);

    public AppProcess App { get; private set; } = default!;

    public TestDatabase Database { get; private set; } = default!;

    /// <summary>Every row of every table and of the migration history, before the new app started.</summary>
    public SortedDictionary<string, List<string>> RowsBefore { get; private set; } = default!;

    /// <summary>The same, once the new app had upgraded the database and started (before any test used it).</summary>
    public SortedDictionary<string, List<string>> RowsAfterStart { get; private set; } = default!;

    public string SigningKeyFile => App.Dir.Combine("media-signing.key");

    /// <summary>An empty database of the fixture's provider.</summary>
    public abstract TestDatabase CreateEmptyDatabase(TempDirectory dir);

    /// <summary>Restores the fixture's database into a fresh database of its provider.</summary>
    protected abstract Task<TestDatabase> RestoreAsync(TempDirectory dir);

    public async Task InitializeAsync()
    {
        Database = await RestoreAsync(_dir);
        await using (var db = Database.CreateContext())
            RowsBefore = await SchemaReader.ReadRowsAsync(db, "__EFMigrationsHistory");
        App = AppProcess.Create(new Dictionary<string, string?>
        {
            ["DataProtection__Store"] = "Database",
            ["Accounts__CookieSecurePolicy"] = "SameAsRequest",
        }, Database);
        CopyDirectory(Path.Combine(FixtureDir, "media"), App.MediaRoot);
        File.Copy(Path.Combine(FixtureDir, "media-signing.key"), SigningKeyFile);
        App.Settings["Media__SigningKeyFile"] = SigningKeyFile;
        App.Start();
        await App.WaitHealthyAsync();
        await using (var db = Database.CreateContext())
            RowsAfterStart = await SchemaReader.ReadRowsAsync(db, "__EFMigrationsHistory");
    }

    public async Task DisposeAsync()
    {
        if (App is not null) await App.DisposeAsync();
        _dir.Dispose();
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}

public sealed class UpgradedSqliteApp : UpgradedApp
{
    protected override string Fixture => "sqlite";

    public override TestDatabase CreateEmptyDatabase(TempDirectory dir) => TestDatabase.Sqlite(dir.Combine($"{Guid.NewGuid():N}.db"));

    protected override Task<TestDatabase> RestoreAsync(TempDirectory dir)
    {
        var file = dir.Combine("blazormedia.db");
        File.Copy(Path.Combine(FixtureDir, "blazormedia.db"), file);
        return Task.FromResult(TestDatabase.Sqlite(file));
    }
}

public sealed class UpgradedPostgresApp : UpgradedApp
{
    protected override string Fixture => "postgresql";

    public override TestDatabase CreateEmptyDatabase(TempDirectory dir) => TestDatabase.CreatePostgres(empty: true);

    /// <summary>pg_dump's plain script, run by psql (it has psql meta-commands) into a fresh database on the suite's
    /// PostgreSQL server.</summary>
    protected override async Task<TestDatabase> RestoreAsync(TempDirectory dir)
    {
        var database = TestDatabase.CreatePostgres(empty: true);
        var cs = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var restore = await ProcessRunner.RunAsync("/usr/lib/postgresql/15/bin/psql",
            ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", cs.Host!, "-p", cs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "-U", cs.Username!, "-d", cs.Database!, "-f", Path.Combine(FixtureDir, "blazormedia.sql")], "/");
        if (restore.ExitCode != 0) throw new InvalidOperationException($"psql could not restore the fixture:\n{restore.Output}");
        return database;
    }
}
