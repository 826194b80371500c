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

    public CookieSecurePolicy ResolveSecurePolicy(bool isDevelopment) => CookieSecurePolicy switch
    {
        nameof(Microsoft.AspNetCore.Http.CookieSecurePolicy.Always) => Microsoft.AspNetCore.Http.CookieSecurePolicy.Always,
        nameof(Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest) => Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest,
        _ => isDevelopment ? Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest : Microsoft.AspNetCore.Http.CookieSecurePolicy.Always,
    };
}

internal sealed class AccountsOptionsValidator : IValidateOptions<AccountsOptions>
{
    public ValidateOptionsResult Validate(string? name, AccountsOptions o) =>
        o.CookieSecurePolicy is null or "Always" or "SameAsRequest"
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Accounts:CookieSecurePolicy '{o.CookieSecurePolicy}' must be 'Always' or 'SameAsRequest' (or unset).");
}
