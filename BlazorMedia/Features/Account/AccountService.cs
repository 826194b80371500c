using BlazorMedia.Data;
using BlazorMedia.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Features.Account;

/// <summary>The outcome of a registration: the new user, or Identity's reasons in plain sentences.</summary>
public sealed record RegisterResult(IdentityUser? User, bool IsAdministrator, IReadOnlyList<string> Errors)
{
    public bool Succeeded => User is not null;
}

/// <summary>Registration with the first-administrator rule. The guard is the database, not a lock: the Administrator
/// role row is created by the registration that appoints the first administrator, in the same transaction as the
/// user and their role membership. The role name's unique index lets exactly one of any number of simultaneous
/// first registrations (even on different instances) insert it; the others stay ordinary users.</summary>
public sealed partial class AccountService(UserManager<IdentityUser> users, MediaDbContext db, ILogger<AccountService> logger)
{
    public async Task<RegisterResult> RegisterAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        var user = new IdentityUser { UserName = email.Trim(), Email = email.Trim() };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
            return new RegisterResult(null, false, created.Errors.Select(e => e.Description).ToList());

        var administrator = await TryAppointFirstAdministratorAsync(user, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogRegistered(logger, user.Id, administrator);
        return new RegisterResult(user, administrator, []);
    }

    private async Task<bool> TryAppointFirstAdministratorAsync(IdentityUser user, CancellationToken cancellationToken)
    {
        var normalized = users.NormalizeName(Caller.AdministratorRole);
        if (await db.Roles.AnyAsync(r => r.NormalizedName == normalized, cancellationToken)) return false;

        var role = new IdentityRole(Caller.AdministratorRole) { NormalizedName = normalized };
        var roleEntry = db.Roles.Add(role);
        var membership = db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = role.Id });
        try
        {
            // Inside the transaction EF saves behind a savepoint and rolls back to it on failure, so losing the race
            // leaves the user's own rows intact (PostgreSQL would otherwise abort the whole transaction).
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            roleEntry.State = EntityState.Detached;
            membership.State = EntityState.Detached;
            return false;
        }
    }

    [LoggerMessage(EventId = 701, Level = LogLevel.Information, Message = "Registered user {UserId} (administrator: {IsAdministrator})")]
    private static partial void LogRegistered(ILogger logger, string userId, bool isAdministrator);
}
