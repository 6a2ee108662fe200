using Acceptance.ReferencePlatform.Auth;
using Acceptance.ReferencePlatform.Storage;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Acceptance.ReferencePlatform.Oidc;

/// <summary>
/// A rotated refresh token presented again: OpenIddict refuses it and revokes the authorization's tokens; this
/// also ends the platform session and closes its open agent channels with 1008, as v1 does on reuse. Runs just
/// before OpenIddict's own token-entry check, while the token's claims are known.
/// </summary>
public sealed class RefreshReuseEndsSession(IOpenIddictTokenManager tokens, SessionStore sessions, ISessionConnections connections)
    : IOpenIddictServerHandler<ValidateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseScopedHandler<RefreshReuseEndsSession>()
            .SetOrder(OpenIddictServerHandlers.Protection.ValidateTokenEntry.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateTokenContext context)
    {
        if (context.Principal is not { } principal || principal.GetTokenType() != TokenTypeIdentifiers.RefreshToken
            || principal.GetTokenId() is not { } id || principal.GetClaim(OidcNames.SessionClaim) is not { } sessionId)
        {
            return;
        }
        if (await tokens.FindByIdAsync(id) is { } entry && await tokens.HasStatusAsync(entry, Statuses.Redeemed))
        {
            sessions.RevokeSession(sessionId);
            await connections.CloseSessionAsync(sessionId, "Session revoked");
        }
    }
}
