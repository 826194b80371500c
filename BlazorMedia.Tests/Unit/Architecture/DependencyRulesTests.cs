using System.Reflection;
using NetArchTest.Rules;

namespace BlazorMedia.Tests.Architecture;

/// <summary>Dependencies point inward: the core modules (storage, imaging, uploads, the catalog, serving, security, data)
/// know nothing of features, the UI or the command line, and each knows only the modules below it. Checked on the
/// compiled app, so a stray <c>using</c> fails here with the offending types named.</summary>
public sealed class DependencyRulesTests
{
    private static readonly Assembly App = typeof(BlazorMedia.Storage.IFileStorage).Assembly;

    private const string Outer = "BlazorMedia.Features BlazorMedia.Components BlazorMedia.Circuits BlazorMedia.Commands BlazorMedia.Health";
    private const string Ui = "MudBlazor Microsoft.AspNetCore.Components.Web";

    /// <summary>Module → namespaces it must not reference (space-separated).</summary>
    public static TheoryData<string, string> Rules => new()
    {
        // Spooling: a stream read once, counted, hashed, kept in memory or a temp file. The lowest module, below Storage,
        // so Storage (the migrator), Uploads, the catalog (thumbnails), Maintenance and features can all use the one helper.
        { "BlazorMedia.Spooling", $"{Outer} {Ui} BlazorMedia.Storage BlazorMedia.Data BlazorMedia.Catalog BlazorMedia.Uploads BlazorMedia.Imaging BlazorMedia.Media BlazorMedia.Security BlazorMedia.Maintenance Microsoft.EntityFrameworkCore Microsoft.AspNetCore" },
        // Storage: names and bytes only. No database, no HTTP serving, no images, no identity.
        { "BlazorMedia.Storage", $"{Outer} {Ui} BlazorMedia.Data BlazorMedia.Catalog BlazorMedia.Uploads BlazorMedia.Imaging BlazorMedia.Media BlazorMedia.Security BlazorMedia.Maintenance Microsoft.EntityFrameworkCore Microsoft.AspNetCore.Http" },
        // Imaging: bytes in, images out. It never stores anything.
        { "BlazorMedia.Imaging", $"{Outer} {Ui} BlazorMedia.Spooling BlazorMedia.Storage BlazorMedia.Data BlazorMedia.Catalog BlazorMedia.Uploads BlazorMedia.Media BlazorMedia.Security BlazorMedia.Maintenance Microsoft.EntityFrameworkCore Microsoft.AspNetCore" },
        // Security: who is asking; no files.
        { "BlazorMedia.Security", $"{Outer} {Ui} BlazorMedia.Data BlazorMedia.Catalog BlazorMedia.Uploads BlazorMedia.Imaging BlazorMedia.Media BlazorMedia.Maintenance Microsoft.EntityFrameworkCore" },
        // Data: the database; it maps the modules' entities but names no feature (features map their own).
        { "BlazorMedia.Data", $"{Outer} {Ui} BlazorMedia.Uploads BlazorMedia.Imaging BlazorMedia.Media BlazorMedia.Storage BlazorMedia.Maintenance" },
        // The catalog: rows about stored files, their lifecycle and thumbnails. Not uploads, not serving.
        { "BlazorMedia.Catalog", $"{Outer} {Ui} BlazorMedia.Uploads BlazorMedia.Media BlazorMedia.Maintenance" },
        // Uploads: stream → validated, stored file. Not serving.
        { "BlazorMedia.Uploads", $"{Outer} {Ui} BlazorMedia.Media BlazorMedia.Maintenance" },
        // Serving: the media endpoint and links. Not uploads.
        { "BlazorMedia.Media", $"{Outer} {Ui} BlazorMedia.Uploads BlazorMedia.Maintenance" },
        // Maintenance: the audit behind the command-line verbs.
        { "BlazorMedia.Maintenance", $"{Outer} {Ui} BlazorMedia.Media" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Module_ReferencesOnlyWhatItMayKnow(string module, string forbidden)
    {
        var result = Types.InAssembly(App).That().ResideInNamespace(module)
            .ShouldNot().HaveDependencyOnAny(forbidden.Split(' ')).GetResult();

        result.IsSuccessful.ShouldBeTrue(
            $"{module} references what it must not know ({forbidden}): {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void App_NeverReachesImageSharpsUnfixedAdvisories()
    {
        // ImageSharp 2.1.13 (3.x+ needs a paid licence) has five public advisories fixed only in 4.1.2: histogram
        // equalisation, the TIFF CCITT encoders, a BigTIFF decoder hang, an ICC CLUT allocation. The engine's
        // configuration has no TIFF module and its decoders ignore metadata; this keeps any code from naming them.
        string[] advisories =
        [
            "SixLabors.ImageSharp.Processing.HistogramEqualizationExtensions",
            "SixLabors.ImageSharp.Processing.Processors.Normalization",
            "SixLabors.ImageSharp.Formats.Tiff",
            "SixLabors.ImageSharp.Metadata.Profiles.Icc",
        ];

        var result = Types.InAssembly(App).ShouldNot().HaveDependencyOnAny(advisories).GetResult();

        result.IsSuccessful.ShouldBeTrue($"reaches an advisory's code path: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void Terminal_OnlyTheCommandsDrawOnIt()
    {
        // The progress display writes to the process's terminal: a page, a service or a storage backend that did so
        // would tear it (and a server has no terminal).
        var result = Types.InAssembly(App).That().DoNotResideInNamespace("BlazorMedia.Commands")
            .ShouldNot().HaveDependencyOn("Spectre.Console").GetResult();

        result.IsSuccessful.ShouldBeTrue($"uses Spectre.Console outside Commands: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void Features_DoNotReferenceEachOthersInternals()
    {
        // A feature may use the core and shared components; another feature's pages and services are its own business.
        string[] features = ["Profiles", "Files", "Account", "Diagnostics"];
        foreach (var feature in features)
        {
            var others = features.Where(f => f != feature).Select(f => $"BlazorMedia.Features.{f}").ToArray();
            var result = Types.InAssembly(App).That().ResideInNamespace($"BlazorMedia.Features.{feature}")
                .ShouldNot().HaveDependencyOnAny(others).GetResult();
            result.IsSuccessful.ShouldBeTrue(
                $"Features.{feature} references another feature: {string.Join(", ", result.FailingTypeNames ?? [])}");
        }
    }
}
