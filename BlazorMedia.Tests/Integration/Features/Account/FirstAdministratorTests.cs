using BlazorMedia.Security;
using BlazorMedia.Tests.Features.Profiles;
using BlazorMedia.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Tests.Features.Account;

/// <summary>The first registered account becomes Administrator, exactly once, even when registrations race.</summary>
/// <remarks>Runs once: its subclasses name their database (SQLite, and the suite's own PostgreSQL).</remarks>
public abstract class FirstAdministratorTests : IAsyncLifetime
{
    protected ProfileHarness Harness { get; private set; } = default!;

    protected abstract Task<ProfileHarness> CreateHarnessAsync();

    public async Task InitializeAsync() => Harness = await CreateHarnessAsync();

    public async Task DisposeAsync() => await Harness.DisposeAsync();

    [Fact]
    public async Task Register_InTurn_OnlyTheFirstIsAdministrator()
    {
        var first = await Harness.RegisterAsync("first@example.com");
        var second = await Harness.RegisterAsync("second@example.com");

        first.IsAdministrator.ShouldBeTrue();
        second.IsAdministrator.ShouldBeFalse();
        (await AdministratorIdsAsync()).ShouldBe([first.User!.Id]);
    }

    [Fact]
    public async Task Register_EightAtOnceOnAnEmptyApp_ExactlyOneAdministrator()
    {
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, 8)
            .Select(i => Task.Run(async () => { start.Wait(); return await Harness.RegisterAsync($"racer{i}@example.com"); }))
            .ToList();
        start.Set();
        var results = await Task.WhenAll(tasks);

        results.ShouldAllBe(r => r.Succeeded);
        results.Count(r => r.IsAdministrator).ShouldBe(1);
        (await AdministratorIdsAsync()).ShouldBe([results.Single(r => r.IsAdministrator).User!.Id]);
        await using var db = Harness.Db();
        (await db.Users.CountAsync()).ShouldBe(8);
    }

    [Fact]
    public async Task Register_DuplicateEmail_RefusedWithMessageAndNoSecondRow()
    {
        await Harness.RegisterAsync("dup@example.com");

        var again = await Harness.RegisterAsync("DUP@example.com");

        again.Succeeded.ShouldBeFalse();
        again.Errors.ShouldContain(e => e.Contains("is already taken", StringComparison.Ordinal));
        await using var db = Harness.Db();
        (await db.Users.CountAsync()).ShouldBe(1);
    }

    private async Task<List<string>> AdministratorIdsAsync()
    {
        await using var db = Harness.Db();
        return await (from ur in db.UserRoles
                      join r in db.Roles on ur.RoleId equals r.Id
                      where r.Name == Caller.AdministratorRole
                      select ur.UserId).ToListAsync();
    }
}

public sealed class SqliteFirstAdministratorTests : FirstAdministratorTests
{
    protected override Task<ProfileHarness> CreateHarnessAsync() => Task.FromResult(new ProfileHarness());
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresFirstAdministratorTests(PostgresServer server) : FirstAdministratorTests
{
    protected override async Task<ProfileHarness> CreateHarnessAsync() => new(await server.CreateTestDatabaseAsync());
}
