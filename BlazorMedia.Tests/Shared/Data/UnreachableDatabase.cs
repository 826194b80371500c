using BlazorMedia.Data;
using BlazorMedia.Tests.Infrastructure;

namespace BlazorMedia.Tests.Data;

/// <summary>A context of each provider on a connection string that points nowhere (a closed loopback port, a file never
/// made): what can be checked without a server (model, migrations, scripts, query translation) is checked on these.</summary>
internal static class UnreachableDatabase
{
    public static readonly TheoryData<string> Providers = [.. DatabaseOptions.Providers];

    public static string ConnectionString(string provider) => provider switch
    {
        DatabaseOptions.PostgreSql => $"Host=127.0.0.1;Port={FreePort.Next()};Database=nowhere;Username=nobody;Timeout=1",
        DatabaseOptions.SqlServer => $"Server=127.0.0.1,{FreePort.Next()};Database=nowhere;User Id=nobody;Password=none;Connect Timeout=1;TrustServerCertificate=True",
        _ => $"Data Source={Path.Combine(Path.GetTempPath(), $"bm-nowhere-{Guid.NewGuid():N}", "never.db")};Mode=ReadOnly",
    };

    public static MediaDbContext Context(string provider) => MediaDatabase.CreateContext(provider, ConnectionString(provider));
}
