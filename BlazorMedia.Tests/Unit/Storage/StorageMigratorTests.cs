using System.Security.Cryptography;
using System.Text;
using BlazorMedia.Commands;
using BlazorMedia.Storage;
using BlazorMedia.Storage.FileSystem;
using BlazorMedia.Tests.Infrastructure;

namespace BlazorMedia.Tests.Storage;

public sealed class StorageMigratorTests
{
    private static readonly string[] Names =
    [
        "readme.txt",
        "avatars/1.png",
        "avatars/2026/11/deep.jpg",
        "documents/Ünïcödé 文件.pdf",
        "documents/empty.bin",
        "reports_save/r.csv",
    ];

    private static async Task<InMemoryStorage> SeededSourceAsync()
    {
        var source = new InMemoryStorage();
        for (var i = 0; i < Names.Length; i++)
            (await source.SaveAsync(Names[i], new MemoryStream(Content(i)))).ShouldBe(Names[i]);
        return source;
    }

    private static byte[] Content(int i) => i == 4 ? [] : RandomNumberGenerator.GetBytes(1000 + i * 7919);

    private static async Task<byte[]> ReadAsync(IFileStorage storage, string name)
    {
        await using var stream = await storage.OpenReadAsync(name);
        var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static async Task<List<string>> AllNamesAsync(IFileStorage storage, string folder = "")
    {
        var listing = await storage.ListAsync(folder);
        var names = listing.Files.Select(f => folder.Length == 0 ? f : folder + "/" + f).ToList();
        foreach (var d in listing.Directories)
            names.AddRange(await AllNamesAsync(storage, folder.Length == 0 ? d : folder + "/" + d));
        return names.Order(StringComparer.Ordinal).ToList();
    }

    private static async Task ShouldHoldSameFilesAsync(IFileStorage source, IFileStorage target)
    {
        var names = await AllNamesAsync(source);
        (await AllNamesAsync(target)).ShouldBe(names);
        foreach (var name in names)
            (await ReadAsync(target, name)).ShouldBe(await ReadAsync(source, name), name);
    }

    [Fact]
    public async Task MigrateAsync_EmptyTarget_CopiesEveryFileWithIdenticalBytes()
    {
        var source = await SeededSourceAsync();
        var target = new InMemoryStorage();

        var result = await new StorageMigrator(source, target).MigrateAsync(dryRun: false, CancellationToken.None);

        result.ShouldBe(result with { Copied = Names.Length, AlreadyThere = 0, Conflicts = 0, Errors = 0 });
        result.BytesCopied.ShouldBe(Enumerable.Range(0, Names.Length).Sum(i => (long)Content(i).Length));
        result.Succeeded.ShouldBeTrue();
        await ShouldHoldSameFilesAsync(source, target);
    }

    [Fact]
    public async Task MigrateAsync_SecondRun_CopiesNothing()
    {
        var source = await SeededSourceAsync();
        var target = new InMemoryStorage();
        await new StorageMigrator(source, target).MigrateAsync(dryRun: false, CancellationToken.None);
        var counting = new CountingSaves(target);

        var result = await new StorageMigrator(source, counting).MigrateAsync(dryRun: false, CancellationToken.None);

        result.ShouldBe(result with { Copied = 0, AlreadyThere = Names.Length, Conflicts = 0, Errors = 0, BytesCopied = 0 });
        counting.Saves.ShouldBe(0);
    }

    [Fact]
    public async Task MigrateAsync_DryRun_ListsWhatWouldBeCopiedAndWritesNothing()
    {
        var source = await SeededSourceAsync();
        var target = new InMemoryStorage();
        await target.SaveAsync(Names[0], new MemoryStream(await ReadAsync(source, Names[0])));
        var output = new StringWriter();

        var result = await new StorageMigrator(source, target, output).MigrateAsync(dryRun: true, CancellationToken.None);

        result.ShouldBe(result with { Copied = Names.Length - 1, AlreadyThere = 1, Conflicts = 0, Errors = 0 });
        (await AllNamesAsync(target)).ShouldBe([Names[0]]);
        output.ToString().ShouldContain("would copy: documents/Ünïcödé 文件.pdf");
        output.ToString().ShouldNotContain("would copy: readme.txt");
    }

    [Fact]
    public async Task MigrateAsync_CancelledAfterSomeFilesThenRerun_CompletesWithoutPartialFiles()
    {
        var source = await SeededSourceAsync();
        var target = new InMemoryStorage();
        using var cts = new CancellationTokenSource();
        // Cancelled right after the third save: that copy has not been verified yet, so it must be removed.
        var cancelling = new CountingSaves(target) { AfterSave = n => { if (n == 3) cts.Cancel(); } };
        var migrator = new StorageMigrator(source, cancelling);

        await Should.ThrowAsync<OperationCanceledException>(() => migrator.MigrateAsync(dryRun: false, cts.Token));

        migrator.Result.Copied.ShouldBe(2);
        (await AllNamesAsync(target)).Count.ShouldBe(2);
        var rerun = await new StorageMigrator(source, target).MigrateAsync(dryRun: false, CancellationToken.None);
        rerun.ShouldBe(rerun with { Copied = Names.Length - 2, AlreadyThere = 2, Conflicts = 0, Errors = 0 });
        await ShouldHoldSameFilesAsync(source, target);
    }

    [Fact]
    public async Task MigrateAsync_SourceStreamFailsMidFile_CountsErrorLeavesNothingAndRerunCopiesIt()
    {
        var source = await SeededSourceAsync();
        using var dir = new TempDirectory("bm-migrate");
        var target = new FileSystemStorage(new FileSystemStorageOptions { Location = dir.Path });
        var failing = new FailingReads(source, "avatars/2026/11/deep.jpg");

        var first = await new StorageMigrator(failing, target).MigrateAsync(dryRun: false, CancellationToken.None);

        first.ShouldBe(first with { Copied = Names.Length - 1, Errors = 1, Conflicts = 0 });
        (await target.ExistsAsync("avatars/2026/11/deep.jpg")).ShouldBeFalse();
        Directory.EnumerateFiles(dir.Path, "*", SearchOption.AllDirectories)
            .ShouldNotContain(p => Path.GetFileName(p).StartsWith(FileSystemStorage.TempFilePrefix, StringComparison.Ordinal));
        var rerun = await new StorageMigrator(source, target).MigrateAsync(dryRun: false, CancellationToken.None);
        rerun.ShouldBe(rerun with { Copied = 1, AlreadyThere = Names.Length - 1, Conflicts = 0, Errors = 0 });
        await ShouldHoldSameFilesAsync(source, target);
    }

    [Fact]
    public async Task MigrateAsync_TargetHoldsNameWithOtherContent_ReportsConflictAndKeepsIt()
    {
        var source = await SeededSourceAsync();
        var target = new InMemoryStorage();
        var theirs = Encoding.UTF8.GetBytes("someone else's file");
        await target.SaveAsync("avatars/1.png", new MemoryStream(theirs));
        var errors = new StringWriter();

        var result = await new StorageMigrator(source, target, TextWriter.Null, errors).MigrateAsync(dryRun: false, CancellationToken.None);

        result.ShouldBe(result with { Copied = Names.Length - 1, Conflicts = 1, Errors = 0 });
        result.Succeeded.ShouldBeFalse();
        errors.ToString().ShouldContain("conflict: avatars/1.png");
        (await ReadAsync(target, "avatars/1.png")).ShouldBe(theirs);
        (await AllNamesAsync(target)).ShouldBe(await AllNamesAsync(source));
    }

    [Fact]
    public async Task MigrateAsync_TargetSavesUnderAnotherName_DeletesThatCopyAndReportsConflict()
    {
        var source = await SeededSourceAsync();
        var inner = new InMemoryStorage();
        var target = new RenamingSaves(inner, "readme.txt", "readme_abcdefg.txt");

        var result = await new StorageMigrator(source, target).MigrateAsync(dryRun: false, CancellationToken.None);

        result.ShouldBe(result with { Copied = Names.Length - 1, Conflicts = 1, Errors = 0 });
        (await inner.ExistsAsync("readme_abcdefg.txt")).ShouldBeFalse();
        (await inner.ExistsAsync("readme.txt")).ShouldBeFalse();
    }

    [Fact]
    public async Task MigrateAsync_CopyReadsBackDifferent_CountsErrorAndRemovesIt()
    {
        var source = await SeededSourceAsync();
        var inner = new InMemoryStorage();
        var corrupting = new CorruptingSaves(inner, "documents/Ünïcödé 文件.pdf");
        var errors = new StringWriter();

        var result = await new StorageMigrator(source, corrupting, TextWriter.Null, errors).MigrateAsync(dryRun: false, CancellationToken.None);

        result.ShouldBe(result with { Copied = Names.Length - 1, Conflicts = 0, Errors = 1 });
        errors.ToString().ShouldContain("error: documents/Ünïcödé 文件.pdf");
        (await inner.ExistsAsync("documents/Ünïcödé 文件.pdf")).ShouldBeFalse();
    }

    [Theory]
    [InlineData(new[] { "--from", "FileSystem", "--to", "S3" }, true)]
    [InlineData(new[] { "--from", "S3", "--to", "FileSystem", "--dry-run" }, true)]
    [InlineData(new[] { "--from", "S3", "--to", "S3" }, false)]
    [InlineData(new[] { "--from", "Disk", "--to", "S3" }, false)]
    [InlineData(new[] { "--from", "FileSystem" }, false)]
    [InlineData(new[] { "--from", "FileSystem", "--to", "S3", "--force" }, false)]
    public void TryParse_Arguments_AcceptsOnlyTwoDifferentBackends(string[] args, bool valid)
    {
        MigrateStorageCommand.TryParse(args, out _, out _, out _, out var problem).ShouldBe(valid);
        (problem is null).ShouldBe(valid);
    }

    [Fact]
    public void Summary_Result_HasTheDocumentedShape()
    {
        var summary = MigrateStorageCommand.Summary(new StorageMigrationResult(3, 2, 1, 0, 5_500_000, TimeSpan.FromSeconds(1.2)), dryRun: false);

        summary.ShouldBe("migrate-storage: 3 copied, 2 already there, 1 conflicts, 0 errors (5.5 MB in 1.2 s)");
    }
}
