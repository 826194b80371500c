using BlazorMedia.Imaging;
using BlazorMedia.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BlazorMedia.Tests.Imaging;

/// <summary>The app refuses to start when its image engine says it is unsafe or incomplete (one line each, no stack).</summary>
public sealed class ImagingStartupTests : IDisposable
{
    private readonly TempDirectory _dir = new("bm-imaging-startup");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    [Fact]
    public async Task RunAsync_EngineSelfCheckFails_RefusesWithOneLinePerProblem()
    {
        var log = new ListLogger();
        await using var app = Build(log, new UnsafeEngine(["libvips loader 'tiffload' (VipsForeignLoadTiffFile) is not blocked: only JPEG, PNG, WebP and GIF may be decoded."]));

        var started = await StartupChecks.RunAsync(app.Services, CancellationToken.None);

        started.ShouldBeFalse();
        log.Lines.ShouldBe(["Critical: Imaging (LibVips) refused to start: libvips loader 'tiffload' (VipsForeignLoadTiffFile) is not blocked: only JPEG, PNG, WebP and GIF may be decoded."]);
    }

    [Theory]
    [InlineData("LibVips")]
    [InlineData("ImageSharp")]
    public async Task RunAsync_RealEngine_Starts(string engine)
    {
        var log = new ListLogger();
        await using var app = Build(log, null, engine);

        var started = await StartupChecks.RunAsync(app.Services, CancellationToken.None);

        started.ShouldBeTrue(string.Join("\n", log.Lines));
    }

    private WebApplication Build(ListLogger log, IImageEngine? engine, string engineSetting = "LibVips")
    {
        Directory.CreateDirectory(_dir.Combine("media"));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = _dir.Path });
        builder.Configuration["Media:Root"] = _dir.Combine("media");
        builder.Configuration["ConnectionStrings:Sqlite"] = $"Data Source={_dir.Combine("startup.db")}";
        builder.Configuration["Imaging:Engine"] = engineSetting;
        builder.Logging.ClearProviders().AddProvider(log);
        if (engine is not null)
            builder.Services.AddSingleton(engine); // registered first: AddMediaImaging's TryAdd keeps it
        builder.AddBlazorMedia();
        return builder.Build();
    }

    private sealed class UnsafeEngine(IReadOnlyList<string> problems) : IImageEngine
    {
        public ImagingEngine Kind => ImagingEngine.LibVips;
        public ImageHeader ReadHeader(ImageSource source, ImageFormat format) => throw new NotSupportedException();
        public void Decode(ImageSource source, ImageFormat format, DecodeBudget budget) => throw new NotSupportedException();
        public (byte[] Bytes, int Width, int Height) Reencode(ImageSource source, ImageFormat format, DecodeBudget budget) => throw new NotSupportedException();
        public byte[] Thumbnail(ImageSource source, ImageFormat format, int size, DecodeBudget budget) => throw new NotSupportedException();
        public IReadOnlyList<string> SelfCheck() => problems;
    }

    /// <summary>Keeps warnings and worse from the start-up logger, as "Level: message".</summary>
    private sealed class ListLogger : ILoggerProvider, ILogger
    {
        public List<string> Lines { get; } = [];
        public ILogger CreateLogger(string categoryName) => categoryName == "BlazorMedia.Startup" ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) lock (Lines) Lines.Add($"{logLevel}: {formatter(state, exception)}");
        }
        public void Dispose() { }
    }
}
