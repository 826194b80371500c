using BlazorMedia.Features.Diagnostics;
using BlazorMedia.Features.Profiles;
using BlazorMedia.Security;
using BlazorMedia.Tests.Features.Profiles;
using BlazorMedia.Tests.Imaging;
using BlazorMedia.Uploads;

namespace BlazorMedia.Tests.Features.Account;

/// <summary>Every mutating or private service action, tried by an anonymous caller and by a signed-in user who does
/// not own the profile: all refused with a message, and nothing stored, changed or deleted. The same actions by the
/// owner and by an administrator succeed, so the refusals are about who asks.</summary>
[Trait("Database", "Each")]
public sealed class ServiceAuthorizationTests : IAsyncLifetime
{
    private readonly ProfileHarness _h = new();
    private Caller _admin = default!, _owner = default!, _other = default!;
    private int _profileId;
    private Guid _version;

    public async Task InitializeAsync()
    {
        _admin = await _h.NewUserAsync("admin@example.com"); // first account: Administrator
        _owner = await _h.NewUserAsync("owner@example.com");
        _other = await _h.NewUserAsync("other@example.com");
        var saved = await _h.Profiles.SaveAsync(new ProfileEdit
        {
            Name = "Owned", NewAvatar = await _h.AvatarAsync(TestImages.Png(40, 40)), NewReport = await _h.ReportAsync(),
        }, _owner);
        saved.Outcome.ShouldBe(SaveOutcome.Saved);
        _profileId = saved.Id;
        _version = (await _h.Profiles.GetAsync(_profileId))!.Version;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    public static TheoryData<string, string> Attempts()
    {
        var data = new TheoryData<string, string>();
        foreach (var action in new[] { "rename", "upload avatar", "upload report", "remove files", "delete", "report link", "system checks", "system upload check" })
            foreach (var who in new[] { "anonymous", "other user" })
                data.Add(action, who);
        data.Add("create profile", "anonymous");
        data.Add("receive upload", "anonymous");
        data.Add("private file link", "anonymous");
        data.Add("create second profile", "owner");
        return data;
    }

    [Theory]
    [MemberData(nameof(Attempts))]
    public async Task Attempt_ByWhoMayNot_RefusedAndNothingChanges(string action, string who)
    {
        var caller = who switch { "anonymous" => Caller.Anonymous, "other user" => _other, _ => _owner };
        var filesBefore = _h.StoredNames();
        var before = await _h.Profiles.GetAsync(_profileId);

        var message = await AttemptAsync(action, caller);

        message.ShouldNotBeNullOrWhiteSpace($"{action} by {who} was not refused");
        _h.StoredNames().ShouldBe(filesBefore);
        (await _h.Profiles.GetAsync(_profileId)).ShouldBe(before);
        Directory.EnumerateFiles(_h.SpoolDir).ShouldBeEmpty();
        await using var db = _h.Db();
        db.Profiles.Count().ShouldBe(1);
    }

    [Theory]
    [InlineData("rename", "owner")]
    [InlineData("upload avatar", "owner")]
    [InlineData("report link", "owner")]
    [InlineData("delete", "owner")]
    [InlineData("rename", "administrator")]
    [InlineData("upload report", "administrator")]
    [InlineData("report link", "administrator")]
    [InlineData("delete", "administrator")]
    [InlineData("system checks", "administrator")]
    [InlineData("system upload check", "administrator")]
    public async Task Attempt_ByOwnerOrAdministrator_Allowed(string action, string who)
    {
        var message = await AttemptAsync(action, who == "owner" ? _owner : _admin);
        message.ShouldBeNull();
    }

    /// <summary>Runs one action; returns the refusal message, or null when it was allowed.</summary>
    private async Task<string?> AttemptAsync(string action, Caller caller)
    {
        try
        {
            switch (action)
            {
                case "rename":
                    return Refusal(await _h.Profiles.SaveAsync(new ProfileEdit { Id = _profileId, Version = _version, Name = "Pwned" }, caller));
                case "upload avatar":
                    return Refusal(await _h.Profiles.SaveAsync(new ProfileEdit
                    {
                        Id = _profileId, Version = _version, Name = "Owned", NewAvatar = await _h.AvatarAsync(TestImages.Png(30, 30), "evil.png"),
                    }, caller));
                case "upload report":
                    return Refusal(await _h.Profiles.SaveAsync(new ProfileEdit
                    {
                        Id = _profileId, Version = _version, Name = "Owned", NewReport = await _h.ReportAsync("forged", "forged.txt"),
                    }, caller));
                case "remove files":
                    return Refusal(await _h.Profiles.SaveAsync(new ProfileEdit
                    {
                        Id = _profileId, Version = _version, Name = "Owned", RemoveAvatar = true, RemoveReport = true,
                    }, caller));
                case "delete":
                    return Refusal(await _h.Profiles.DeleteAsync(_profileId, _version, caller));
                case "create profile":
                case "create second profile":
                    return Refusal(await _h.Profiles.SaveAsync(new ProfileEdit { Name = "Another" }, caller));
                case "report link":
                    (await _h.Profiles.GetReportLinkAsync(_profileId, caller)).ShouldNotBeNull();
                    return null;
                case "private file link":
                    _h.Links.FileUrl((await _h.Profiles.GetAsync(_profileId))!.ReportName!, caller);
                    return null;
                case "system checks":
                    await _h.SystemCheck.RunChecksAsync(caller);
                    return null;
                case "system upload check":
                    await _h.SystemCheck.MeasureUploadAsync(new MemoryStream([1, 2, 3]), caller);
                    return null;
                case "receive upload":
                    await using (await _h.AvatarAsync(TestImages.Png(30, 30), "sneaky.png", caller)) return null;
                default:
                    throw new ArgumentOutOfRangeException(nameof(action), action, null);
            }
        }
        catch (AccessDeniedException e)
        {
            return e.Message;
        }
        catch (UploadRejectedException e)
        {
            return e.Message;
        }
    }

    private static string? Refusal(SaveResult result) =>
        result.Outcome == SaveOutcome.Saved ? null : result.Message ?? result.Outcome.ToString();

    [Fact]
    public async Task Refusals_SayWhatIsWrong()
    {
        (await AttemptAsync("rename", _other)).ShouldBe(SaveResult.NotYoursMessage);
        (await AttemptAsync("rename", Caller.Anonymous)).ShouldBe(SaveResult.SignInMessage);
        (await AttemptAsync("create second profile", _owner)).ShouldBe(SaveResult.AlreadyHaveOneMessage);
        (await AttemptAsync("report link", _other)).ShouldBe("Only the profile's owner can download its report.");
        (await AttemptAsync("system checks", _other)).ShouldBe(SystemCheckService.AdministratorsOnly);
        (await AttemptAsync("receive upload", Caller.Anonymous)).ShouldBe("sneaky.png was not uploaded: sign in to upload files.");
    }

    [Fact]
    public async Task NewProfile_BelongsToItsCreator_AndLinksAreBoundToTheCaller()
    {
        var details = (await _h.Profiles.GetAsync(_profileId))!;
        details.OwnerId.ShouldBe(_owner.UserId);
        (await _h.Profiles.GetOwnProfileIdAsync(_owner)).ShouldBe(_profileId);
        (await _h.Profiles.GetOwnProfileIdAsync(_other)).ShouldBeNull();
        (await _h.Profiles.GetReportLinkAsync(_profileId, _owner))!.ShouldContain($"user={_owner.UserId}&");
    }
}
