using System.Net;
using Acceptance.ReferencePlatform.Auth;
using Acceptance.ReferencePlatform.Faults;
using Acceptance.ReferencePlatform.Storage;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Acceptance.ReferencePlatform.Oidc;

/// <summary>
/// The auth origin as an OpenID Connect provider, built on OpenIddict: discovery, JWKS, authorization, token,
/// userinfo and end-session endpoints come from the library; the platform supplies the login page, the sign-in of
/// its own users (Authorize/EndSession handlers) and the client registrations.
/// </summary>
public static class IdentityProvider
{
    public static IServiceCollection AddIdentityProvider(this IServiceCollection services, IServiceProvider shared)
    {
        var database = shared.GetRequiredService<PlatformDatabase>();
        var jwt = shared.GetRequiredService<IOptions<AuthOptions>>().Value.Jwt;
        var oidc = shared.GetRequiredService<IOptions<OidcOptions>>().Value;
        var faults = shared.GetRequiredService<IOptions<FaultOptions>>().Value;

        // The provider's cookie and OpenIddict's state die with the process, like its ephemeral keys.
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddDbContext<ProviderDbContext>(o => ProviderDbContext.Configure(o, database));
        services.AddAuthentication().AddCookie(OidcNames.CookieScheme, cookie =>
        {
            cookie.Cookie.Name = OidcNames.CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.LoginPath = OidcNames.LoginPath;
            cookie.ReturnUrlParameter = "return_url";
            cookie.ExpireTimeSpan = TimeSpan.FromSeconds(jwt.RefreshTokenSeconds);
        });
        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            // Trusted from loopback only: a proxy on this machine may announce the public origin.
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            forwarded.KnownProxies.Add(IPAddress.Loopback);
            forwarded.KnownProxies.Add(IPAddress.IPv6Loopback);
        });

        services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<ProviderDbContext>())
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris(OidcNames.AuthorizationPath)
                    .SetTokenEndpointUris(OidcNames.TokenPath)
                    .SetUserInfoEndpointUris(OidcNames.UserInfoPath)
                    .SetEndSessionEndpointUris(OidcNames.EndSessionPath)
                    .SetJsonWebKeySetEndpointUris(OidcNames.JwksPath);
                server.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow();
                server.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess, OidcNames.ChatScope);
                server.RegisterAudiences(OidcNames.ApiAudience);
                server.SetAccessTokenLifetime(TimeSpan.FromSeconds(jwt.AccessTokenSeconds))
                    .SetRefreshTokenLifetime(TimeSpan.FromSeconds(jwt.RefreshTokenSeconds))
                    .SetIdentityTokenLifetime(TimeSpan.FromSeconds(oidc.IdentityTokenSeconds))
                    .SetAuthorizationCodeLifetime(TimeSpan.FromSeconds(Math.Clamp(oidc.AuthorizationCodeSeconds, 1, 300)));
                // OpenIddict's defaults are laxer than the contract: a rotated refresh token would be
                // accepted again for 30 s, and "plain" PKCE would be allowed.
                server.SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                if (!faults.OidcPkceNotEnforced)
                {
                    server.RequireProofKeyForCodeExchange();
                    server.Configure(o => o.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));
                }
                // Keys die with the process. Signing: RSA (RS256, which OpenID Connect Discovery requires), generated
                // on a background thread from now on, so the provider's first request does not pay for it (0.2-0.7 s
                // per key here). Encryption (codes and refresh tokens, which only the provider reads): a random
                // 256-bit symmetric key, instant, instead of a second RSA key.
                server.AddSigningKey(ProviderKeys.Signing()).AddEncryptionKey(ProviderKeys.Encryption());
                // Signed (not encrypted) JWT access tokens: the API checks them against the JWKS keys.
                server.DisableAccessTokenEncryption();
                server.UseAspNetCore()
                    .DisableTransportSecurityRequirement()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough();
                server.AddEventHandler(RefreshReuseEndsSession.Descriptor);
                ProviderFaults.Apply(server, faults);
            })
            .AddValidation(validation =>
            {
                // Used by the API and the agent channel (through ProviderTokens): the local server's keys, the API's
                // audience, and the token's entry in the database, so a revoked token is refused.
                validation.UseLocalServer();
                validation.AddAudiences(OidcNames.ApiAudience);
                validation.EnableTokenEntryValidation();
                validation.EnableAuthorizationEntryValidation();
            });
        return services;
    }

    public static bool IsProviderRequest(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/connect") || context.Request.Path.StartsWithSegments("/.well-known");

    /// <summary>Provider requests wait (bounded) until its tables and clients exist.</summary>
    public static IApplicationBuilder UseProviderReadiness(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            await context.RequestServices.GetRequiredService<ProviderReadiness>().WaitAsync(context.RequestAborted);
            await next(context);
        });

    /// <summary>Forwarded headers first, so the issuer and every endpoint URL carry the public origin.</summary>
    public static WebApplication UseIdentityProviderForwarding(this WebApplication app)
    {
        app.UseForwardedHeaders();
        return app;
    }
}

/// <summary>The provider's ephemeral keys (see AddIdentityProvider).</summary>
internal static class ProviderKeys
{
    public static Microsoft.IdentityModel.Tokens.SecurityKey Signing()
    {
        var rsa = System.Security.Cryptography.RSA.Create(2048);
        // RSA.Create generates the key on first use; start that use now, off the start-up path.
        _ = Task.Run(() => rsa.ExportParameters(includePrivateParameters: false));
        return new Microsoft.IdentityModel.Tokens.RsaSecurityKey(rsa);
    }

    public static Microsoft.IdentityModel.Tokens.SecurityKey Encryption() =>
        new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
}
