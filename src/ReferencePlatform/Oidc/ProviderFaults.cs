using Acceptance.ReferencePlatform.Faults;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Acceptance.ReferencePlatform.Oidc;

/// <summary>The provider's deliberate defects (Platform:Faults), for the suite's self-check.</summary>
internal static class ProviderFaults
{
    public static void Apply(OpenIddictServerBuilder server, FaultOptions faults)
    {
        // PKCE not enforced: OidcPkceNotEnforced leaves out RequireProofKeyForCodeExchange (IdentityProvider).
        if (faults.OidcNonceNotEchoed)
        {
            server.AddEventHandler<ProcessSignInContext>(handler => handler
                .UseInlineHandler(context =>
                {
                    context.IdentityTokenPrincipal?.RemoveClaims(OpenIddict.Abstractions.OpenIddictConstants.Claims.Nonce);
                    return default;
                })
                .SetOrder(OpenIddictServerHandlers.PrepareIdentityTokenPrincipal.Descriptor.Order + 1)
                .SetType(OpenIddictServerHandlerType.Custom));
        }
        if (faults.OidcAnyRedirectUri)
        {
            server.RemoveEventHandler(OpenIddictServerHandlers.Authentication.ValidateClientRedirectUri.Descriptor);
        }
        if (faults.OidcReusableCodes)
        {
            // Nothing is marked redeemed: codes (and, as a side effect, refresh tokens) work again and again.
            server.RemoveEventHandler(OpenIddictServerHandlers.RedeemTokenEntry.Descriptor);
        }
        if (faults.OidcRefreshReusable)
        {
            // A used refresh token stays good for a day (OpenIddict's reuse leeway), and its reuse no longer ends the session.
            server.SetRefreshTokenReuseLeeway(TimeSpan.FromDays(1));
            server.RemoveEventHandler(RefreshReuseEndsSession.Descriptor);
        }
        if (faults.OidcErrorsToAnyRedirectUri)
        {
            // An unregistered redirect_uri is refused (OpenIddict's error ID2043), but the error is sent there instead of
            // being shown by the provider: set the address just after OpenIddict left it out for the rejected request.
            server.AddEventHandler<ApplyAuthorizationResponseContext>(handler => handler
                .UseInlineHandler(context =>
                {
                    if (context.RedirectUri is null && context.Request?.RedirectUri is { Length: > 0 } unregistered
                        && context.Response.ErrorUri?.EndsWith("ID2043", StringComparison.Ordinal) == true)
                    {
                        context.RedirectUri = unregistered;
                    }
                    return default;
                })
                .SetOrder(OpenIddictServerHandlers.Authentication.AttachRedirectUri.Descriptor.Order + 1)
                .SetType(OpenIddictServerHandlerType.Custom));
        }
    }
}
