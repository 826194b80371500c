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
public sealed partial class AccountService(UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn, MediaDbContext db,
    ILogger<AccountService> logger)
{
    /// <summary>The one answer to every failed log in: wrong password, unknown e-mail, locked account. Saying "locked"
    /// only for accounts that exist would tell anyone which e-mail addresses are registered.</summary>
    public const string LogInFailedMessage =
        "The email or password is not right. After 5 failed attempts, logging in to an account is paused for 5 minutes.";

    /// <summary>A password hash that matches nothing, checked for unknown e-mails and locked accounts so that every
    /// failed log in costs the same hashing time (Identity answers those without hashing: a timing oracle).</summary>
    private static readonly Lazy<string> DecoyHash = new(() =>
        new PasswordHasher<IdentityUser>().HashPassword(new IdentityUser(), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24))));

    /// <summary>Password log in with Identity's lockout (5 failures lock a real account for 5 minutes). Every failure
    /// looks the same from outside: same message, same page, and one password hash checked whatever the reason.</summary>
    /// <returns>True when signed in (the cookie is set); false with <see cref="LogInFailedMessage"/> to show.</returns>
    public async Task<bool> LogInAsync(string email, string password)
    {
        var user = await users.FindByNameAsync(email.Trim());
        if (user is null || await users.IsLockedOutAsync(user))
        {
            // Identity returns at once for these; burn the time a wrong password would take.
            users.PasswordHasher.VerifyHashedPassword(user ?? new IdentityUser(), DecoyHash.Value, password);
            if (user is null) return false;
        }
        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
        if (!result.Succeeded) LogLogInFailed(logger, user.Id, result.IsLockedOut);
        return result.Succeeded;
    }

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

    [LoggerMessage(EventId = 702, Level = LogLevel.Information, Message = "Log in failed for user {UserId} (locked out: {LockedOut})")]
    private static partial void LogLogInFailed(ILogger logger, string userId, bool lockedOut);

    [LoggerMessage(EventId = 701, Level = LogLevel.Information, Message = "Registered user {UserId} (administrator: {IsAdministrator})")]
    private static partial void LogRegistered(ILogger logger, string userId, bool isAdministrator);
}
