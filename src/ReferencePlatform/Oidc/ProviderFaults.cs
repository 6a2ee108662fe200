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
    }
}
