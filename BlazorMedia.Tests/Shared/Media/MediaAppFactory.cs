using BlazorMedia.Media;
using BlazorMedia.Storage;
using BlazorMedia.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BlazorMedia.Tests.Media;

/// <summary>The real app over a temp media root (with secrets planted beside it), the test storage and a fixed
/// signing key. One instance per test class.</summary>
public class MediaAppFactory : WebApplicationFactory<Program>
{
    /// <summary>Fixed so tests can compute signatures independently of <see cref="MediaUrlSigner"/>.</summary>
    public static readonly byte[] SigningKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    public const string SecretText = "TOP-SECRET-OUTSIDE-ROOT";

    private readonly string _base = Directory.CreateTempSubdirectory("bm-serving-").FullName;

    public MediaAppFactory()
    {
        Root = Path.Combine(_base, "media");
        Directory.CreateDirectory(Root);
        // Secrets where classic traversal bugs land: the parent, and a sibling whose name extends the root's
        // (a StartsWith check without a trailing separator lets 'media-evil' pass).
        File.WriteAllText(Path.Combine(_base, "secret.txt"), SecretText);
        Directory.CreateDirectory(Path.Combine(_base, "media-evil"));
        File.WriteAllText(Path.Combine(_base, "media-evil", "secret.txt"), SecretText);
    }

    public string Root { get; }

    /// <summary>Serve through <see cref="IFileStorage.OpenReadAsync"/> only (no sendfile fast path).</summary>
    protected virtual bool StreamOnly => false;

    public LocalDirectoryStorage Storage => Services.GetRequiredService<LocalDirectoryStorage>();

    public string Write(string name, byte[] content, DateTime? modifiedUtc = null)
    {
        var path = Path.Combine(Root, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        File.SetLastWriteTimeUtc(path, modifiedUtc ?? new DateTime(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc));
        return name;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Production: no repository appsettings.Development.json overriding Media:Root.
        builder.UseEnvironment("Production");
        builder.UseSetting("Media:Root", Root);
        builder.UseSetting("Media:Url", "/media/");
        builder.UseSetting("Media:SigningKey", Convert.ToBase64String(SigningKey));
        foreach (var (key, value) in TestDatabase.Create(Path.Combine(_base, "test.db")).Settings(":"))
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IFileStorage>();
            services.AddSingleton<LocalDirectoryStorage>();
            if (StreamOnly)
                services.AddSingleton<IFileStorage>(sp => new StreamOnlyStorage(sp.GetRequiredService<LocalDirectoryStorage>()));
            else
                services.AddSingleton<IFileStorage>(sp => sp.GetRequiredService<LocalDirectoryStorage>());
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try { Directory.Delete(_base, recursive: true); }
            catch (IOException) { } // a file still held open by the server: the OS temp cleaner gets it
        }
    }
}

public sealed class StreamOnlyMediaAppFactory : MediaAppFactory
{
    protected override bool StreamOnly => true;
}
