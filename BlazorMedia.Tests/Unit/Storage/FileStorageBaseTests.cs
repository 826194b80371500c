using System.Text;
using BlazorMedia.Storage;

namespace BlazorMedia.Tests.Storage;

/// <summary>The base class's own guarantees, checked with backends that misbehave on purpose.</summary>
public sealed class FileStorageBaseTests
{
    /// <summary>A backend whose hooks can be made to lie.</summary>
    private sealed class RiggedStorage : InMemoryStorageWrapper
    {
        public Func<string, Func<string, string>, string>? ChooseSavedName { get; init; }
        public Func<string, string>? AvailableName { get; init; }
        public int SaveCoreCalls { get; private set; }

        protected override async Task<string> SaveCoreAsync(string name, Stream content, Func<string, string> alternativeName,
            CancellationToken cancellationToken)
        {
            SaveCoreCalls++;
            if (ChooseSavedName is not null) return ChooseSavedName(name, alternativeName);
            return await base.SaveCoreAsync(name, content, alternativeName, cancellationToken);
        }

        public override async Task<string> GetAvailableNameAsync(string name, int? maxLength = null, CancellationToken cancellationToken = default) =>
            AvailableName is not null ? AvailableName(name) : await base.GetAvailableNameAsync(name, maxLength, cancellationToken);
    }

    private static MemoryStream Content() => new(Encoding.UTF8.GetBytes("x"));

    [Fact]
    public async Task SaveAsync_BackendReturnsTraversalName_Refused()
    {
        var storage = new RiggedStorage { ChooseSavedName = (_, _) => "../../etc/cron.d/x" };

        var e = await Should.ThrowAsync<StorageException>(() => storage.SaveAsync("ok.txt", Content()));

        e.Message.ShouldBe("Storage name '../../etc/cron.d/x' refused: it contains a '..' segment.");
    }

    [Fact]
    public async Task SaveAsync_OverriddenAvailableNameIsInvalid_RefusedBeforeWriting()
    {
        var storage = new RiggedStorage { AvailableName = _ => "/etc/passwd" };

        var e = await Should.ThrowAsync<StorageException>(() => storage.SaveAsync("ok.txt", Content()));

        e.Message.ShouldBe("Storage name '/etc/passwd' refused: it starts with '/'; names are relative.");
        storage.SaveCoreCalls.ShouldBe(0);
    }

    [Fact]
    public async Task SaveAsync_NameLostRace_AlternativeIsFreshValidSuffixOfTheRequestedName()
    {
        var alternatives = new List<string>();
        var storage = new RiggedStorage
        {
            ChooseSavedName = (name, alternative) =>
            {
                var a = alternative(name);
                alternatives.Add(a);
                alternatives.Add(alternative(a));
                return alternatives[^1];
            },
        };

        var saved = await storage.SaveAsync("up/photo.jpg", Content());

        alternatives.ShouldAllBe(a => System.Text.RegularExpressions.Regex.IsMatch(a, @"^up/photo_[a-zA-Z0-9]{7}\.jpg$"));
        alternatives.Distinct().Count().ShouldBe(2);
        saved.ShouldBe(alternatives[^1]);
    }

    [Fact]
    public async Task SaveAsync_NameAlwaysTaken_GivesUpAfterBoundedAttempts()
    {
        var storage = new RiggedStorage
        {
            ChooseSavedName = (name, alternative) => { while (true) name = alternative(name); },
        };

        var e = await Should.ThrowAsync<StorageException>(() => storage.SaveAsync("a.txt", Content()));

        e.Message.ShouldBe("Storage name 'a.txt' refused: no available name was found after 100 attempts.");
    }

    [Fact]
    public void GenerateFileName_LeadingSlashFolder_RefusedNotRepaired()
    {
        Should.Throw<StorageException>(() => new RiggedStorage().GenerateFileName("/avatars/a.png"))
            .Message.ShouldBe("Storage name '/avatars/a.png' refused: it starts with '/'; names are relative.");
    }
}

/// <summary>Lets <see cref="FileStorageBaseTests"/> override hooks of an otherwise working backend.</summary>
public class InMemoryStorageWrapper : FileStorageBase
{
    private readonly InMemoryStorage _inner = new();

    protected override async Task<string> SaveCoreAsync(string name, Stream content, Func<string, string> alternativeName,
        CancellationToken cancellationToken) => await _inner.SaveAsync(name, content, cancellationToken);

    public override Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken = default) => _inner.OpenReadAsync(name, cancellationToken);
    public override Task DeleteAsync(string name, CancellationToken cancellationToken = default) => _inner.DeleteAsync(name, cancellationToken);
    protected override Task<bool> MoveCoreAsync(string source, string destination, CancellationToken cancellationToken) => _inner.MoveAsync(source, destination, cancellationToken);
    public override Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default) => _inner.ExistsAsync(name, cancellationToken);
    public override Task<StorageListing> ListAsync(string path, CancellationToken cancellationToken = default) => _inner.ListAsync(path, cancellationToken);
    public override Task<long> GetSizeAsync(string name, CancellationToken cancellationToken = default) => _inner.GetSizeAsync(name, cancellationToken);
    public override Task<DateTimeOffset> GetModifiedTimeAsync(string name, CancellationToken cancellationToken = default) => _inner.GetModifiedTimeAsync(name, cancellationToken);
    public override Task<DateTimeOffset> GetCreatedTimeAsync(string name, CancellationToken cancellationToken = default) => _inner.GetCreatedTimeAsync(name, cancellationToken);
    public override string GetUrl(string name) => _inner.GetUrl(name);
}
