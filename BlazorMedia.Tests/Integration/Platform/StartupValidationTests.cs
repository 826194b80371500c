using BlazorMedia.Tests.Infrastructure;

namespace BlazorMedia.Tests.Platform;

/// <summary>A bad setting stops the real app with one clear log line naming the setting, and a non-zero exit code.
/// None of these reaches the lane's database (they stop before it, or name another one), so they run in the SQLite
/// pass only; <see cref="StartupDatabaseTests"/> is the start that does, on every provider.</summary>
public sealed class StartupValidationTests
{
    public static TheoryData<string, string?, string> BadSettings => new()
    {
        { "Media__Root", "/nonexistent/bm-media", "Media:Root '/nonexistent/bm-media/' does not exist" },
        { "Media__Root", "/proc", "Media:Root '/proc/' is not writable" },
        { "Media__Url", "media", "Media:Url 'media' must end with '/'" },
        { "Media__Url", "ftp://cdn.example.com/m/", "Media:Url 'ftp://cdn.example.com/m/' must be a path starting with '/' or an absolute http(s) URL" },
        { "Database__Provider", "Oracle", "Database:Provider 'Oracle' is not supported; use one of: Sqlite, PostgreSQL, SqlServer." },
        { "Database__ChangeFeed", "Kafka", "Database:ChangeFeed 'Kafka' is not supported; use one of: Auto, Notify, Polled, InProcess." },
        { "Database__ChangePollInterval", "00:00:00", "Database:ChangePollInterval '00:00:00' must be from 00:00:00.1000000 to 00:01:00." },
        { "Database__ChangePollInterval", "00:05:00", "Database:ChangePollInterval '00:05:00' must be from 00:00:00.1000000 to 00:01:00." },
        { "Storage__Backend", "Azure", "Storage:Backend 'Azure' is not supported; use one of: FileSystem, S3, AzureBlob, Sftp." },
        { "Uploads__MaxFiles", "0", "Uploads:MaxFiles 0 must be between 1 and 10000." },
        { "Uploads__MaxFiles", "many", "Uploads:MaxFiles" },
        { "Imaging__Engine", "Pillow", "Imaging:Engine" },
        { "Imaging__Quality", "0", "Imaging:Quality 0 must be between 1 and 100." },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task Start_BadSetting_ExitsNonZeroWithOneClearLine(string key, string? value, string expected)
    {
        await using var app = AppProcess.Create(new Dictionary<string, string?> { [key] = value });
        app.Start();

        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));

        exitCode.ShouldBe(1, app.Log);
        app.Log.ShouldContain(expected, Case.Sensitive, app.Log);
        app.Log.ShouldNotContain("   at ", Case.Sensitive, "no stack trace expected:\n" + app.Log);
        app.Log.ShouldNotContain("Now listening", Case.Sensitive, app.Log);
    }

    [Fact]
    public async Task Start_PostgreSqlUnreachable_ExitsNonZeroNamingTheDatabase()
    {
        var port = FreePort.Next(); // nobody listens there
        await using var app = AppProcess.Create(new Dictionary<string, string?>
        {
            ["Database__Provider"] = "PostgreSQL",
            ["ConnectionStrings__PostgreSQL"] = $"Host=127.0.0.1;Port={port};Username=postgres;Database=bm;Timeout=3",
        });
        app.Start();

        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));

        exitCode.ShouldBe(1, app.Log);
        app.Log.ShouldContain("Database (PostgreSQL) unavailable:", Case.Sensitive, app.Log);
        app.Log.ShouldContain("Check ConnectionStrings:PostgreSQL.", Case.Sensitive, app.Log);
        app.Log.ShouldNotContain("   at ", Case.Sensitive, app.Log);
    }

    [Fact]
    public async Task Start_SqlServerUnreachable_ExitsNonZeroNamingTheDatabase()
    {
        var port = FreePort.Next(); // nobody listens there
        await using var app = AppProcess.Create(new Dictionary<string, string?>
        {
            ["Database__Provider"] = "SqlServer",
            ["ConnectionStrings__SqlServer"] = $"Server=127.0.0.1,{port};Database=bm;User Id=bm;Password=x;Connect Timeout=3;TrustServerCertificate=True",
        });
        app.Start();

        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));

        exitCode.ShouldBe(1, app.Log);
        app.Log.ShouldContain("Database (SqlServer) unavailable:", Case.Sensitive, app.Log);
        app.Log.ShouldContain("Check ConnectionStrings:SqlServer.", Case.Sensitive, app.Log);
        app.Log.ShouldNotContain("   at ", Case.Sensitive, app.Log);
    }

    [Theory]
    [InlineData("", "ConnectionStrings:SqlServer is empty; Database:Provider 'SqlServer' needs a connection string.")]
    [InlineData("Server=127.0.0.1;Colour=blue", "ConnectionStrings:SqlServer is not a valid SqlServer connection string: Keyword not supported: 'colour'.")]
    public async Task Start_SqlServerBadConnectionString_ExitsNonZeroNamingTheSetting(string connectionString, string expected)
    {
        await using var app = AppProcess.Create(new Dictionary<string, string?>
        {
            ["Database__Provider"] = "SqlServer",
            ["ConnectionStrings__SqlServer"] = connectionString,
        });
        app.Start();

        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));

        exitCode.ShouldBe(1, app.Log);
        app.Log.ShouldContain(expected, Case.Sensitive, app.Log);
        app.Log.ShouldNotContain("   at ", Case.Sensitive, app.Log);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("SqlServer")]
    public async Task Start_NotifyFeedOffPostgreSql_ExitsNonZeroNamingTheSetting(string provider)
    {
        await using var app = AppProcess.Create(new Dictionary<string, string?>
        {
            ["Database__Provider"] = provider,
            ["Database__ChangeFeed"] = "Notify",
        });
        app.Start();

        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));

        exitCode.ShouldBe(1, app.Log);
        app.Log.ShouldContain($"Database:ChangeFeed 'Notify' needs Database:Provider 'PostgreSQL' (pg_notify); with '{provider}' use Polled or InProcess.", Case.Sensitive, app.Log);
        app.Log.ShouldNotContain("   at ", Case.Sensitive, app.Log);
    }

    [Fact]
    public async Task Start_PortTaken_ExitsNonZeroWithOneLine()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        await using var app = AppProcess.Create(new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{((System.Net.IPEndPoint)taken.LocalEndpoint).Port}",
        });
        app.StartWithoutUrls();

        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));

        exitCode.ShouldBe(1, app.Log);
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        app.Log.ShouldContain($"Cannot start the server: http://127.0.0.1:{port} is already in use. Stop what uses it, or choose another address: ./run.sh --urls http://127.0.0.1:5001",
            Case.Sensitive, app.Log);
        // One line, not Kestrel's stack trace (it used to be ~25 lines before the useful one).
        app.Log.ShouldNotContain("   at ", Case.Sensitive, app.Log);
        app.Log.ShouldNotContain("Hosting failed to start", Case.Sensitive, app.Log);
    }

    [Fact]
    public async Task Start_Listening_SaysWhereOnItsOwnLine()
    {
        await using var app = await AppProcess.StartAsync();

        await app.WaitForLogAsync($"BlazorMedia is running at {app.BaseUrl} (Ctrl+C stops it).", TimeSpan.FromSeconds(30));
    }
}

/// <summary>The app started on the lane's database with default settings: healthy, on that database.</summary>
[Trait("Database", "Each")]
public sealed class StartupDatabaseTests
{
    [Fact]
    public async Task Start_DefaultSettings_ServesHealthWithDatabaseAndMediaRoot()
    {
        await using var app = await AppProcess.StartAsync();
        using var http = new HttpClient();

        var json = await http.GetStringAsync($"{app.BaseUrl}/healthz");

        json.ShouldContain("\"status\":\"Healthy\"");
        json.ShouldContain("\"database\":{\"status\":\"Healthy\"");
        json.ShouldContain("\"media-root\":{\"status\":\"Healthy\"");
        // The SQLite file is created on first run; in the PostgreSQL pass the app must not fall back to one.
        File.Exists(app.Dir.Combine("app.db")).ShouldBe(TestDatabase.UsesSqlite);
    }
}
