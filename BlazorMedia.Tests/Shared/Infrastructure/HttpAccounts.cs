using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace BlazorMedia.Tests.Infrastructure;

/// <summary>The account forms driven over plain HTTP (an <see cref="HttpClient"/> with a cookie container): fetch the
/// page, post its form with every hidden field (antiforgery token, Blazor's handler name) plus the values given.</summary>
public static class HttpAccounts
{
    /// <summary>The account every suite signs in as; the first account an app registers becomes its Administrator.</summary>
    public const string AdministratorEmail = "admin@example.com";

    public const string AdministratorPassword = "Admin-Passw0rd!";

    /// <summary>A client that keeps cookies and does not follow redirects, so tests can see them.</summary>
    public static HttpClient CreateClient(Uri baseUrl)
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseUrl };
        Containers.Add(client, cookies);
        return client;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<HttpClient, CookieContainer> Containers = [];

    /// <summary>The sign-in cookie a <see cref="CreateClient"/> client holds, to hand to a browser.</summary>
    public static Cookie IdentityCookie(HttpClient client, Uri baseUrl) =>
        Containers.TryGetValue(client, out var cookies) && cookies.GetCookies(baseUrl)["BlazorMedia.Identity"] is { } cookie
            ? cookie
            : throw new InvalidOperationException("The client holds no sign-in cookie.");

    /// <summary>Logs in as <see cref="AdministratorEmail"/>, registering it first if the app lacks it.</summary>
    public static async Task SignInAsAdministratorAsync(HttpClient client)
    {
        if (await TrySignInAsync(client, AdministratorEmail, AdministratorPassword)) return;
        if (!await RegisterAsync(client, AdministratorEmail, AdministratorPassword))
            throw new InvalidOperationException("could not register the administrator account");
    }

    public static async Task<bool> RegisterAsync(HttpClient client, string email, string password) =>
        await PostFormAsync(client, "/account/register", new()
        {
            ["Input.Email"] = email, ["Input.Password"] = password, ["Input.ConfirmPassword"] = password,
        }) is { StatusCode: HttpStatusCode.Redirect };

    public static async Task<bool> TrySignInAsync(HttpClient client, string email, string password) =>
        await PostFormAsync(client, "/account/login", new() { ["Input.Email"] = email, ["Input.Password"] = password })
            is { StatusCode: HttpStatusCode.Redirect };

    /// <summary>Posts the first form on <paramref name="path"/> with its hidden fields and <paramref name="values"/>.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, Dictionary<string, string> values)
    {
        var html = await client.GetStringAsync(path);
        var form = new HtmlParser().ParseDocument(html).QuerySelector("main form") as IHtmlFormElement
                   ?? throw new InvalidOperationException($"no form on {path}");
        var fields = form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>()
            .Where(i => !string.IsNullOrEmpty(i.Name))
            .ToDictionary(i => i.Name!, i => i.Value);
        foreach (var (k, v) in values) fields[k] = v;
        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }
}
