using System.Security.Claims;
using Acceptance.ReferencePlatform.Auth;
using Acceptance.ReferencePlatform.Storage;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Acceptance.ReferencePlatform.Oidc;

public sealed record ProviderServices(
    UserStore Users, SessionStore Sessions, ISessionConnections Connections,
    IOpenIddictAuthorizationManager Authorizations, IOpenIddictTokenManager Tokens);

/// <summary>
/// The two provider endpoints the platform handles itself (OpenIddict passthrough): authorization signs in the
/// user of the provider's cookie, without consent; end-session revokes the session and closes its channels.
/// </summary>
public static class IdentityProviderApi
{
    private const string Tag = "Identity provider";

    public static IEndpointRouteBuilder MapIdentityProviderApi(this IEndpointRouteBuilder app)
    {
        app.MapMethods(OidcNames.AuthorizationPath, [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync)
            .WithName("OidcAuthorize").WithTags(Tag)
            .WithSummary("OpenID Connect authorization endpoint (code + PKCE): signs in the provider's user, or shows the login page")
            .Produces(StatusCodes.Status302Found).Produces(StatusCodes.Status400BadRequest);
        app.MapMethods(OidcNames.EndSessionPath, [HttpMethods.Get, HttpMethods.Post], EndSessionAsync)
            .WithName("OidcEndSession").WithTags(Tag)
            .WithSummary("OpenID Connect end-session endpoint: revokes the id_token_hint's session and closes its agent channels")
            .Produces(StatusCodes.Status302Found).Produces(StatusCodes.Status200OK, contentType: "text/html")
            .Produces(StatusCodes.Status400BadRequest);
        app.MapProviderLoginApi();
        return app;
    }

    public static async Task<IResult> AuthorizeAsync(HttpContext context, [AsParameters] ProviderServices services)
    {
        // OpenIddict has already refused malformed requests (unknown client, no PKCE, unregistered redirect URI).
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");
        var signedIn = await context.AuthenticateAsync(OidcNames.CookieScheme);
        var user = signedIn.Succeeded && signedIn.Principal.GetClaim(Claims.Subject) is { } id ? services.Users.FindById(id) : null;
        if (user is null)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Forbid(Errors.LoginRequired, "The user is not signed in.");
            }
            var query = context.Request.HasFormContentType
                ? QueryString.Create((await context.Request.ReadFormAsync()).Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)))
                : context.Request.QueryString;
            return TypedResults.Challenge(new AuthenticationProperties { RedirectUri = context.Request.PathBase + context.Request.Path + query },
                [OidcNames.CookieScheme]);
        }

        // Each sign-in through the provider is a platform session, so ending it works as v1 sign-out does.
        var sessionId = services.Sessions.CreateSession(user.Id);
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, user.Id)
            .SetClaim(Claims.Email, user.Email)
            .SetClaim(Claims.Name, user.Name)
            .SetClaim(OidcNames.SessionClaim, sessionId);
        identity.SetScopes(request.GetScopes());
        identity.SetResources(OidcNames.ApiAudience);
        identity.SetDestinations(claim => DestinationsOf(claim, identity));
        return TypedResults.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    public static async Task<IResult> EndSessionAsync(HttpContext context, [AsParameters] ProviderServices services)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");
        // The principal of the id_token_hint (OpenIddict has checked its signature and issuer).
        var hint = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var principal = hint.Principal?.GetClaim(Claims.Subject) is null ? null : hint.Principal;
        if (!string.IsNullOrEmpty(request.IdTokenHint) && principal is null)
        {
            return TypedResults.Content(ProviderPages.Error(Errors.InvalidRequest, "The id_token_hint is not a valid ID token of this provider."),
                "text/html; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        }
        if (principal is not null)
        {
            if (principal.GetAuthorizationId() is { } authorizationId)
            {
                if (await services.Authorizations.FindByIdAsync(authorizationId) is { } authorization)
                {
                    await services.Authorizations.TryRevokeAsync(authorization);
                }
                await services.Tokens.RevokeByAuthorizationIdAsync(authorizationId);
            }
            if (principal.GetClaim(OidcNames.SessionClaim) is { } sessionId)
            {
                services.Sessions.RevokeSession(sessionId);
                await services.Connections.CloseSessionAsync(sessionId, "Signed out");
            }
        }
        await context.SignOutAsync(OidcNames.CookieScheme);
        if (request.PostLogoutRedirectUri is null)
        {
            return TypedResults.Content(ProviderPages.SignedOut(), "text/html; charset=utf-8");
        }
        // OpenIddict redirects to the registered post_logout_redirect_uri (it has refused unregistered ones).
        return TypedResults.SignOut(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static ForbidHttpResult Forbid(string error, string description) =>
        TypedResults.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    private static IEnumerable<string> DestinationsOf(Claim claim, ClaimsIdentity identity) => claim.Type switch
    {
        Claims.Email when identity.HasScope(Scopes.Email) => [Destinations.AccessToken, Destinations.IdentityToken],
        Claims.Name when identity.HasScope(Scopes.Profile) => [Destinations.AccessToken, Destinations.IdentityToken],
        Claims.Email or Claims.Name => [Destinations.AccessToken],
        OidcNames.SessionClaim => [Destinations.AccessToken, Destinations.IdentityToken],
        _ => [Destinations.AccessToken],
    };
}
