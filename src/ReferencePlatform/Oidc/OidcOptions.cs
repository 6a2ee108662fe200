namespace Acceptance.ReferencePlatform.Oidc;

/// <summary>The auth origin's OpenID Connect provider (section "Platform:Oidc").</summary>
public sealed class OidcOptions
{
    public const string Section = "Platform:Oidc";

    /// <summary>Off: no provider endpoints, GET /auth/config reports oauth_enabled false.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Authorization codes live this long (the contract allows at most 5 minutes).</summary>
    public int AuthorizationCodeSeconds { get; set; } = 300;

    /// <summary>ID tokens live this long.</summary>
    public int IdentityTokenSeconds { get; set; } = 900;
}

/// <summary>The names the provider and its clients share.</summary>
public static class OidcNames
{
    public const string WebClientId = "chat-web";
    public const string CliClientId = "acceptance-cli";
    public const string ApiAudience = "chat-api";
    public const string ChatScope = "chat";

    /// <summary>The platform's session id (the v1 sessions table), carried by the provider's tokens.</summary>
    public const string SessionClaim = "sid";

    public const string AuthorizationPath = "/connect/authorize";
    public const string TokenPath = "/connect/token";
    public const string UserInfoPath = "/connect/userinfo";
    public const string EndSessionPath = "/connect/endsession";
    public const string JwksPath = "/.well-known/jwks";
    public const string DiscoveryPath = "/.well-known/openid-configuration";
    public const string LoginPath = "/connect/login";

    /// <summary>The native client's loopback redirect (RFC 8252: any port).</summary>
    public const string CliRedirectUri = "http://127.0.0.1/callback";

    /// <summary>The provider's own sign-in cookie; its own name, since cookies ignore ports on 127.0.0.1.</summary>
    public const string CookieScheme = "ProviderSession";
    public const string CookieName = "platform_provider_session";
}
