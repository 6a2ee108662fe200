using System.Net;

namespace Acceptance.ReferencePlatform.Oidc;

/// <summary>The provider's two pages, in the platform's look: the login form and "signed out".</summary>
internal static class ProviderPages
{
    private const string Style = """
        body{font:16px/1.5 system-ui,sans-serif;background:#f4f5f7;color:#1d2430;margin:0;display:grid;place-items:center;min-height:100vh}
        main{background:#fff;border-radius:12px;box-shadow:0 2px 12px #0002;padding:2rem;width:min(24rem,90vw)}
        h1{margin:.2rem 0 1rem;font-size:1.5rem} label{display:block;font-weight:600;margin-top:.8rem}
        input{width:100%;box-sizing:border-box;padding:.55rem;border:1px solid #8a93a3;border-radius:6px;font:inherit}
        button{margin-top:1.2rem;width:100%;padding:.65rem;border:0;border-radius:6px;background:#2450c8;color:#fff;font:inherit;font-weight:600;cursor:pointer}
        .alert{color:#a3111f;min-height:1.5rem;margin:.6rem 0 0} .brand{color:#4a5363;margin:0}
        """;

    public static string Login(string returnUrl, string email, string? error) => $"""
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Sign in · Reference Platform identity provider</title><link rel="icon" href="data:,"><style>{Style}</style></head>
        <body><main>
        <p class="brand">Reference Platform identity provider</p>
        <h1>Sign in</h1>
        <form method="post" action="{OidcNames.LoginPath}">
        <input type="hidden" name="return_url" value="{Encode(returnUrl)}">
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="username" required value="{Encode(email)}"{(error is null ? "" : " aria-invalid=\"true\"")}>
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required{(error is null ? "" : " aria-invalid=\"true\"")}>
        <p class="alert" role="alert" data-testid="provider-login-error">{Encode(error ?? "")}</p>
        <button type="submit" data-testid="provider-login-button">Sign in</button>
        </form>
        </main></body></html>
        """;

    public static string SignedOut() => $"""
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Signed out · Reference Platform identity provider</title><link rel="icon" href="data:,"><style>{Style}</style></head>
        <body><main><h1>Signed out</h1><p role="status">You are signed out of the identity provider.</p></main></body></html>
        """;

    public static string Error(string error, string description) => $"""
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Request refused · Reference Platform identity provider</title><link rel="icon" href="data:,"><style>{Style}</style></head>
        <body><main><h1>Request refused</h1><p role="alert">error: {Encode(error)}</p><p>{Encode(description)}</p></main></body></html>
        """;

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
