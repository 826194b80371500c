using BlazorMedia.Features.Account;
using BlazorMedia.Features.Diagnostics;
using BlazorMedia.Features.Profiles;
using BlazorMedia.Tests.Features.Profiles;
using BlazorMedia.Tests.Imaging;
using BlazorMedia.Uploads;

namespace BlazorMedia.Tests.Features.Account;

/// <summary>Every mutating or private service action, tried by an anonymous caller and by a signed-in user who does
/// not own the profile: all refused with a message, and nothing stored, changed or deleted. The same actions by the
/// owner and by an administrator succeed, so the refusals are about who asks.</summary>
public sealed class ServiceAuthorizationTests : IAsyncLifetime
{
    private readonly ProfileHarness h = new();
    private Caller admin = default!, owner = default!, other = default!;
    private int profileId;
    private Guid version;

    public async Task InitializeAsync()
    {
        admin = await h.NewUserAsync("admin@example.com"); // first account: Administrator
        owner = await h.NewUserAsync("owner@example.com");
        other = await h.NewUserAsync("other@example.com");
        var saved = await h.Profiles.SaveAsync(new ProfileEdit
        {
            Name = "Owned", NewAvatar = await h.AvatarAsync(TestImages.Png(40, 40)), NewReport = await h.ReportAsync(),
        }, owner);
        saved.Outcome.ShouldBe(SaveOutcome.Saved);
        profileId = saved.Id;
        version = (await h.Profiles.GetAsync(profileId))!.Version;
    }

    public async Task DisposeAsync() => await h.DisposeAsync();

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
        var caller = who switch { "anonymous" => Caller.Anonymous, "other user" => other, _ => owner };
        var filesBefore = h.StoredNames();
        var before = await h.Profiles.GetAsync(profileId);

        var message = await AttemptAsync(action, caller);

        message.ShouldNotBeNullOrWhiteSpace($"{action} by {who} was not refused");
        h.StoredNames().ShouldBe(filesBefore);
        (await h.Profiles.GetAsync(profileId)).ShouldBe(before);
        Directory.EnumerateFiles(h.SpoolDir).ShouldBeEmpty();
        await using var db = h.Db();
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
        var message = await AttemptAsync(action, who == "owner" ? owner : admin);
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
                    return Refusal(await h.Profiles.SaveAsync(new ProfileEdit { Id = profileId, Version = version, Name = "Pwned" }, caller));
                case "upload avatar":
                    return Refusal(await h.Profiles.SaveAsync(new ProfileEdit
                    {
                        Id = profileId, Version = version, Name = "Owned", NewAvatar = await h.AvatarAsync(TestImages.Png(30, 30), "evil.png"),
                    }, caller));
                case "upload report":
                    return Refusal(await h.Profiles.SaveAsync(new ProfileEdit
                    {
                        Id = profileId, Version = version, Name = "Owned", NewReport = await h.ReportAsync("forged", "forged.txt"),
                    }, caller));
                case "remove files":
                    return Refusal(await h.Profiles.SaveAsync(new ProfileEdit
                    {
                        Id = profileId, Version = version, Name = "Owned", RemoveAvatar = true, RemoveReport = true,
                    }, caller));
                case "delete":
                    return Refusal(await h.Profiles.DeleteAsync(profileId, version, caller));
                case "create profile":
                case "create second profile":
                    return Refusal(await h.Profiles.SaveAsync(new ProfileEdit { Name = "Another" }, caller));
                case "report link":
                    (await h.Profiles.GetReportLinkAsync(profileId, caller)).ShouldNotBeNull();
                    return null;
                case "private file link":
                    h.Links.FileUrl((await h.Profiles.GetAsync(profileId))!.ReportName!, caller);
                    return null;
                case "system checks":
                    await h.SystemCheck.RunChecksAsync(caller);
                    return null;
                case "system upload check":
                    await h.SystemCheck.MeasureUploadAsync(new MemoryStream([1, 2, 3]), caller);
                    return null;
                case "receive upload":
                    await using (await h.AvatarAsync(TestImages.Png(30, 30), "sneaky.png", caller)) return null;
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
        (await AttemptAsync("rename", other)).ShouldBe(SaveResult.NotYoursMessage);
        (await AttemptAsync("rename", Caller.Anonymous)).ShouldBe(SaveResult.SignInMessage);
        (await AttemptAsync("create second profile", owner)).ShouldBe(SaveResult.AlreadyHaveOneMessage);
        (await AttemptAsync("report link", other)).ShouldBe("Only the profile's owner can download its report.");
        (await AttemptAsync("system checks", other)).ShouldBe(SystemCheckService.AdministratorsOnly);
        (await AttemptAsync("receive upload", Caller.Anonymous)).ShouldBe("sneaky.png was not uploaded: sign in to upload files.");
    }

    [Fact]
    public async Task NewProfile_BelongsToItsCreator_AndLinksAreBoundToTheCaller()
    {
        var details = (await h.Profiles.GetAsync(profileId))!;
        details.OwnerId.ShouldBe(owner.UserId);
        (await h.Profiles.GetOwnProfileIdAsync(owner)).ShouldBe(profileId);
        (await h.Profiles.GetOwnProfileIdAsync(other)).ShouldBeNull();
        (await h.Profiles.GetReportLinkAsync(profileId, owner))!.ShouldContain($"user={owner.UserId}&");
    }
}
