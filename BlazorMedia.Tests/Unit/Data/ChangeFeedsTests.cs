using System.Text.Json;
using BlazorMedia.Data;
using BlazorMedia.Features.Files;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorMedia.Tests.Data;

/// <summary><c>Database:ChangeFeed</c>: what <c>Auto</c> means on each database, and that every envelope fits a
/// <see cref="ChangeNotice"/> row.</summary>
public sealed class ChangeFeedsTests
{
    [Theory]
    [InlineData(DatabaseOptions.PostgreSql, ChangeFeeds.Auto, ChangeFeeds.Notify)]
    [InlineData(DatabaseOptions.SqlServer, ChangeFeeds.Auto, ChangeFeeds.Polled)]
    [InlineData(DatabaseOptions.Sqlite, ChangeFeeds.Auto, ChangeFeeds.InProcess)]
    [InlineData(DatabaseOptions.PostgreSql, ChangeFeeds.Polled, ChangeFeeds.Polled)]
    [InlineData(DatabaseOptions.SqlServer, ChangeFeeds.InProcess, ChangeFeeds.InProcess)]
    [InlineData(DatabaseOptions.Sqlite, ChangeFeeds.Polled, ChangeFeeds.Polled)]
    public void Resolve_AutoPicksTheDatabasesFeed_AnyOtherIsKept(string provider, string setting, string expected) =>
        ChangeFeeds.Resolve(provider, setting).ShouldBe(expected);

    [Fact]
    public void CreateContext_TakesTheResolvedFeed()
    {
        using var db = MediaDatabase.CreateContext(DatabaseOptions.SqlServer, "Server=nowhere;Database=bm");

        db.Feed.ShouldBe(ChangeFeeds.Polled);
    }

    [Fact]
    public void LongestEnvelope_IsAsciiAndFitsTheColumn()
    {
        // The longest folder path and name, every character one that JSON escapes as \uXXXX (an emoji is two).
        var change = new FilesChange(FilesChangeKind.FileRenamed, string.Concat(Enumerable.Repeat("😀", 256)), new string('<', 255));
        var feed = new ChangeFeed(null!, NullLogger<ChangeFeed>.Instance);

        var envelope = feed.Envelope("files", JsonSerializer.Serialize(change));

        envelope.Length.ShouldBeGreaterThan(4000); // the case the bound is for
        envelope.Length.ShouldBeLessThanOrEqualTo(ChangeNotice.MaxEnvelopeLength);
        envelope.ShouldAllBe(c => c < 128);
    }
}
