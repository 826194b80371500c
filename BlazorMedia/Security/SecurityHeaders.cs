using System.Security.Cryptography;
using BlazorMedia.Storage;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Security;

/// <summary>Security headers for pages, static assets and endpoints (media has its own, stricter set and is answered
/// before this runs). The policy fits Blazor Server with MudBlazor: scripts only from this origin plus the one inline
/// import map, which carries a per-request nonce; inline styles allowed (MudBlazor's theme is a style element and its
/// components set style attributes; style-src never carries a nonce, which would make browsers ignore 'unsafe-inline');
/// fonts from this origin only (Roboto is self-hosted);
/// images also from data: and blob: (the avatar preview) and, like fetches (the PDF preview), from <c>Media:Url</c>'s
/// origin when it is absolute;
/// the circuit's WebSocket is same-origin; no framing, no plugins, forms post only here.</summary>
public static class SecurityHeaders
{
    private const string NonceKey = "BlazorMedia.CspNonce";

    private const string ThemeHint = "Sec-CH-Prefers-Color-Scheme";

    /// <summary>The nonce of this request's policy, for the inline import map; null outside an HTTP request.</summary>
    public static string? Nonce(HttpContext? http) => http?.Items[NonceKey] as string;

    public static string Policy(string nonce, string? mediaOrigin)
    {
        var media = mediaOrigin is null ? "" : " " + mediaOrigin;
        return "default-src 'self'; " +
            $"script-src 'self' 'nonce-{nonce}'; " +
            "style-src 'self' 'unsafe-inline'; " +
            $"img-src 'self' data: blob:{media}; " +
            "font-src 'self' data:; " +
            // The media origin too: the library's PDF preview fetches files with fetch() (the bucket must also send CORS).
            $"connect-src 'self'{media}; " +
            "frame-ancestors 'none'; " +
            "base-uri 'self'; " +
            "form-action 'self'; " +
            "object-src 'none'";
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var mediaUrl = app.ApplicationServices.GetRequiredService<IOptions<MediaOptions>>().Value.Url;
        var mediaOrigin = Uri.TryCreate(mediaUrl, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"
            ? u.GetLeftPart(UriPartial.Authority)
            : null;
        return app.Use((context, next) =>
        {
            var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceKey] = nonce;
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = Policy(nonce, mediaOrigin);
            headers["Referrer-Policy"] = "same-origin"; // signed links never leak to other sites in a Referer
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY"; // for browsers without frame-ancestors
            // The system's light/dark setting, so a page that follows it renders in it from the first paint (Chromium
            // sends the hint from the second request on; js/theme.js reports it in a cookie, see ThemeCookies).
            if (context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal))
            {
                headers["Accept-CH"] = ThemeHint;
                headers.Append("Vary", ThemeHint);
            }
            return next(context);
        });
    }
}
