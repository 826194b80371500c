using Microsoft.Extensions.Options;

namespace BlazorMedia.Features.Account;

/// <summary>Section <c>Accounts</c>.</summary>
public sealed class AccountsOptions
{
    public const string SectionName = "Accounts";

    /// <summary><c>Always</c> or <c>SameAsRequest</c>: whether the sign-in and antiforgery cookies carry <c>Secure</c>.
    /// Default: <c>Always</c>, except in Development (served over plain http://127.0.0.1). <c>Always</c> makes
    /// antiforgery refuse to render a form on a plain-HTTP request, so a deployment must terminate TLS in front of the
    /// app and forward <c>X-Forwarded-Proto: https</c>; <c>SameAsRequest</c> is only for plain-HTTP loopback setups.</summary>
    public string? CookieSecurePolicy { get; set; }

    /// <summary>How often a session is checked against its account: a sign-in cookie's security stamp on its next request
    /// after this much time, and an open circuit's on a timer of this period. Log out, a password change, or a deleted
    /// account end every other session of that user within this time. Default: 1 minute (Identity's own default is 30);
    /// from 1 second to 1 hour.</summary>
    public TimeSpan SessionCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan MinSessionCheckInterval = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxSessionCheckInterval = TimeSpan.FromHours(1);

    public CookieSecurePolicy ResolveSecurePolicy(bool isDevelopment) => CookieSecurePolicy switch
    {
        nameof(Microsoft.AspNetCore.Http.CookieSecurePolicy.Always) => Microsoft.AspNetCore.Http.CookieSecurePolicy.Always,
        nameof(Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest) => Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest,
        _ => isDevelopment ? Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest : Microsoft.AspNetCore.Http.CookieSecurePolicy.Always,
    };
}

internal sealed class AccountsOptionsValidator : IValidateOptions<AccountsOptions>
{
    public ValidateOptionsResult Validate(string? name, AccountsOptions o)
    {
        if (o.CookieSecurePolicy is not (null or "Always" or "SameAsRequest"))
            return ValidateOptionsResult.Fail($"Accounts:CookieSecurePolicy '{o.CookieSecurePolicy}' must be 'Always' or 'SameAsRequest' (or unset).");
        if (o.SessionCheckInterval < AccountsOptions.MinSessionCheckInterval || o.SessionCheckInterval > AccountsOptions.MaxSessionCheckInterval)
            return ValidateOptionsResult.Fail($"Accounts:SessionCheckInterval '{o.SessionCheckInterval}' must be from {AccountsOptions.MinSessionCheckInterval} to {AccountsOptions.MaxSessionCheckInterval}.");
        return ValidateOptionsResult.Success;
    }
}
