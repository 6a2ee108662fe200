using System.Buffers.Text;
using System.Security.Claims;
using System.Text.Json;
using Acceptance.ReferencePlatform.Auth;
using Acceptance.ReferencePlatform.Storage;
using OpenIddict.Abstractions;
using OpenIddict.Validation;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Acceptance.ReferencePlatform.Oidc;

/// <summary>
/// Checks the provider's access tokens for the API and the agent channel, through OpenIddict's validation
/// service in the auth origin (signature against its keys, audience chat-api, expiry, and the token's entry in
/// the database), then the platform session the token belongs to.
/// </summary>
public sealed class ProviderTokens(SessionStore sessions, UserStore users, ProviderReadiness readiness)
{
    internal const string WarmUpToken = "warm-up";

    private IServiceProvider? _provider;

    /// <summary>The auth origin's services; until they are attached, provider tokens are refused.</summary>
    public void Attach(IServiceProvider authServices) => _provider = authServices;

    /// <summary>Whether a token is the provider's (a JWT access token, typ at+jwt) rather than a v1 token.</summary>
    public static bool IsProviderToken(string? token)
    {
        var dot = token?.IndexOf('.') ?? -1;
        if (dot <= 0)
        {
            return false;
        }
        try
        {
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(token.AsSpan(0, dot)));
            return header.RootElement.ValueKind == JsonValueKind.Object
                && header.RootElement.TryGetProperty("typ", out var typ) && typ.ValueKind == JsonValueKind.String
                && typ.GetString() is "at+jwt" or "application/at+jwt";
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return false;
        }
    }

    public async Task<TokenCheck> ValidateAsync(string token, CancellationToken ct = default)
    {
        if (_provider is null)
        {
            return TokenCheck.Fail(TokenFailure.Malformed, "Token is not accepted");
        }
        if (token != WarmUpToken)
        {
            await readiness.WaitAsync(ct);
        }
        ClaimsPrincipal principal;
        await using (var scope = _provider.CreateAsyncScope())
        {
            try
            {
                principal = await scope.ServiceProvider.GetRequiredService<OpenIddictValidationService>().ValidateAccessTokenAsync(token, ct);
            }
            catch (OpenIddictExceptions.ProtocolException e)
            {
                return TokenCheck.Fail(Failure(e), Message(e));
            }
        }
        var subject = principal.GetClaim(Claims.Subject);
        var session = principal.GetClaim(OidcNames.SessionClaim);
        if (subject is null || users.FindById(subject) is not { } user)
        {
            return TokenCheck.Fail(TokenFailure.Malformed, "Token lacks a known subject");
        }
        if (session is not null && sessions.IsSessionRevoked(session))
        {
            return TokenCheck.Fail(TokenFailure.Revoked, "Token has been revoked");
        }
        var issuedAt = principal.GetCreationDate() ?? DateTimeOffset.UtcNow;
        var expiresAt = principal.GetExpirationDate() ?? issuedAt;
        var jti = principal.GetClaim(Claims.JwtId) ?? principal.GetTokenId() ?? Guid.NewGuid().ToString("N");
        return new TokenCheck(new TokenClaims(user.Id, user.Email, user.Permissions, Auth.TokenTypes.Access, jti, session, issuedAt, expiresAt),
            TokenFailure.None, "");
    }

    private static TokenFailure Failure(OpenIddictExceptions.ProtocolException e) =>
        e.ErrorDescription?.Contains("expired", StringComparison.OrdinalIgnoreCase) == true ? TokenFailure.Expired
        : e.ErrorDescription?.Contains("no longer valid", StringComparison.OrdinalIgnoreCase) == true
          || e.ErrorDescription?.Contains("revoked", StringComparison.OrdinalIgnoreCase) == true ? TokenFailure.Revoked
        : TokenFailure.BadSignature;

    private static string Message(OpenIddictExceptions.ProtocolException e) => Failure(e) switch
    {
        TokenFailure.Expired => "Token has expired",
        TokenFailure.Revoked => "Token has been revoked",
        _ => "Token is not accepted",
    };
}
