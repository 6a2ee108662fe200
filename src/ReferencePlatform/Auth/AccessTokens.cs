using System.Buffers.Text;
using System.Text.Json;
using Acceptance.ReferencePlatform.Faults;
using Acceptance.ReferencePlatform.Oidc;
using Acceptance.ReferencePlatform.Storage;
using Microsoft.Extensions.Options;

namespace Acceptance.ReferencePlatform.Auth;

/// <summary>
/// The access tokens the API and the agent channel accept: v1 tokens (HS256, TokenService) and the identity
/// provider's (RS256 JWTs, ProviderTokens), refused and revoked alike.
/// </summary>
public sealed class AccessTokens(TokenService v1, ProviderTokens provider, UserStore users, SessionStore sessions, IOptions<FaultOptions> faults)
{
    public async Task<TokenCheck> ValidateAsync(string? token, CancellationToken ct = default)
    {
        var check = ProviderTokens.IsProviderToken(token)
            ? await provider.ValidateAsync(token!, ct)
            : v1.Validate(token, TokenTypes.Access);
        return check.Failure is TokenFailure.BadSignature or TokenFailure.UnsupportedAlgorithm && faults.Value.AcceptForgedTokens
            ? Forged(token!)
            : check;
    }

    /// <summary>
    /// Fault AcceptForgedTokens: a token whose signature does not verify (or that has none) is read as if it did; its
    /// claims must still pass (v1: issuer, audience, type, expiry, revocation; the provider's: audience, expiry,
    /// session) and name a known user.
    /// </summary>
    private TokenCheck Forged(string token)
    {
        var check = v1.Validate(token, TokenTypes.Access, verifySignature: false);
        if (check.Failure is TokenFailure.WrongIssuer or TokenFailure.WrongAudience or TokenFailure.MissingTokenType)
        {
            check = ProviderClaims(token);
        }
        return check.IsValid && users.FindById(check.Claims!.Subject) is null
            ? TokenCheck.Fail(TokenFailure.Malformed, "Token lacks a known subject")
            : check;
    }

    private TokenCheck ProviderClaims(string token)
    {
        try
        {
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(token.Split('.')[1]));
            var claims = payload.RootElement;
            var audience = claims.GetProperty("aud");
            if (!(audience.ValueKind == JsonValueKind.String ? audience.GetString() == OidcNames.ApiAudience
                    : audience.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && a.GetString() == OidcNames.ApiAudience)))
            {
                return TokenCheck.Fail(TokenFailure.WrongAudience, "Token audience is not accepted");
            }
            var expiresAt = DateTimeOffset.FromUnixTimeSeconds(claims.GetProperty("exp").GetInt64());
            if (DateTimeOffset.UtcNow > expiresAt)
            {
                return TokenCheck.Fail(TokenFailure.Expired, "Token has expired");
            }
            var session = claims.TryGetProperty(OidcNames.SessionClaim, out var sid) ? sid.GetString() : null;
            if (session is not null && sessions.IsSessionRevoked(session))
            {
                return TokenCheck.Fail(TokenFailure.Revoked, "Token has been revoked");
            }
            if (users.FindById(claims.GetProperty("sub").GetString() ?? "") is not { } user)
            {
                return TokenCheck.Fail(TokenFailure.Malformed, "Token lacks a known subject");
            }
            var issuedAt = claims.TryGetProperty("iat", out var iat) ? DateTimeOffset.FromUnixTimeSeconds(iat.GetInt64()) : expiresAt;
            var jti = claims.TryGetProperty("jti", out var id) ? id.GetString() ?? "" : "";
            return new TokenCheck(new TokenClaims(user.Id, user.Email, user.Permissions, TokenTypes.Access, jti, session, issuedAt, expiresAt),
                TokenFailure.None, "");
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or KeyNotFoundException
                                   or ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            return TokenCheck.Fail(TokenFailure.Malformed, "Token is malformed");
        }
    }
}
