using Acceptance.ReferencePlatform.Oidc;

namespace Acceptance.ReferencePlatform.Auth;

/// <summary>
/// The access tokens the API and the agent channel accept: v1 tokens (HS256, TokenService) and the identity
/// provider's (RS256 JWTs, ProviderTokens), refused and revoked alike.
/// </summary>
public sealed class AccessTokens(TokenService v1, ProviderTokens provider)
{
    public async Task<TokenCheck> ValidateAsync(string? token, CancellationToken ct = default) =>
        ProviderTokens.IsProviderToken(token)
            ? await provider.ValidateAsync(token!, ct)
            : v1.Validate(token, TokenTypes.Access);
}
