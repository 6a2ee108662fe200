using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Acceptance.ReferencePlatform.Storage;
using Microsoft.Extensions.Options;

namespace Acceptance.ReferencePlatform.Auth;

public static class TokenTypes
{
    public const string Access = "access";
    public const string Refresh = "refresh";
}

public sealed record TokenClaims(
    string Subject, string Email, IReadOnlyList<string> Permissions, string TokenType, string Jti, string? SessionId,
    DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);

public enum TokenFailure { None, Malformed, UnsupportedAlgorithm, BadSignature, Expired, MissingTokenType, WrongTokenType, WrongIssuer, WrongAudience, Revoked }

public sealed record TokenCheck(TokenClaims? Claims, TokenFailure Failure, string Message)
{
    public bool IsValid => Failure == TokenFailure.None && Claims is not null;

    public static TokenCheck Fail(TokenFailure failure, string message) => new(null, failure, message);
}

/// <summary>Mints and checks HS256 JSON Web Tokens. Written out in full so every rejection rule is visible.</summary>
public sealed class TokenService(IOptions<AuthOptions> options, SessionStore sessions)
{
    private static readonly string Header = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);

    private JwtOptions Jwt => options.Value.Jwt;

    private byte[] Key => Encoding.UTF8.GetBytes(Jwt.Secret);

    public (string Token, TokenClaims Claims) Issue(PlatformUser user, string sessionId, string tokenType)
    {
        var now = DateTimeOffset.UtcNow;
        var lifetime = tokenType == TokenTypes.Refresh ? Jwt.RefreshTokenSeconds : Jwt.AccessTokenSeconds;
        var claims = new TokenClaims(user.Id, user.Email, user.Permissions, tokenType, Guid.NewGuid().ToString("N"), sessionId,
            now, now.AddSeconds(lifetime));
        return (Sign(claims), claims);
    }

    public string Sign(TokenClaims claims)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["sub"] = claims.Subject,
            ["email"] = claims.Email,
            ["permissions"] = claims.Permissions,
            ["iss"] = Jwt.Issuer,
            ["aud"] = Jwt.Audience,
            ["token_type"] = claims.TokenType,
            ["type"] = claims.TokenType,
            ["jti"] = claims.Jti,
            ["sid"] = claims.SessionId,
            ["iat"] = claims.IssuedAt.ToUnixTimeSeconds(),
            ["exp"] = claims.ExpiresAt.ToUnixTimeSeconds(),
        });
        var signingInput = Header + "." + Base64Url.EncodeToString(payload);
        return signingInput + "." + Base64Url.EncodeToString(HMACSHA256.HashData(Key, Encoding.ASCII.GetBytes(signingInput)));
    }

    /// <summary>
    /// Checks signature, algorithm, issuer, audience, expiry, type and (optionally) revocation. Only the fault
    /// AcceptForgedTokens asks for no signature check (AccessTokens).
    /// </summary>
    public TokenCheck Validate(string? token, string expectedType, bool checkRevocation = true, bool verifySignature = true)
    {
        var parts = (token ?? "").Split('.');
        if (parts.Length != 3 || parts.Any(p => p.Length == 0 && p != parts[2]))
        {
            return TokenCheck.Fail(TokenFailure.Malformed, "Token is malformed");
        }
        try
        {
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
            if (!verifySignature)
            {
                using var unverified = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
                return CheckClaims(unverified.RootElement, expectedType, checkRevocation);
            }
            if (!header.RootElement.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String || alg.GetString() != "HS256")
            {
                return TokenCheck.Fail(TokenFailure.UnsupportedAlgorithm, "Token algorithm is not accepted");
            }
            var expected = HMACSHA256.HashData(Key, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
            if (!CryptographicOperations.FixedTimeEquals(expected, Base64Url.DecodeFromChars(parts[2])))
            {
                return TokenCheck.Fail(TokenFailure.BadSignature, "Token signature is invalid");
            }
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            return CheckClaims(payload.RootElement, expectedType, checkRevocation);
        }
        // ArgumentOutOfRangeException: an exp or iat outside the years 1-9999 in a correctly signed token.
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or KeyNotFoundException or ArgumentOutOfRangeException)
        {
            return TokenCheck.Fail(TokenFailure.Malformed, "Token is malformed");
        }
    }

    /// <summary>Whether a token that was valid is still usable now (expiry and revocation only).</summary>
    public TokenCheck Recheck(TokenClaims claims)
    {
        if (DateTimeOffset.UtcNow > claims.ExpiresAt.AddSeconds(Skew))
        {
            return TokenCheck.Fail(TokenFailure.Expired, "Token has expired");
        }
        return IsRevoked(claims) ? TokenCheck.Fail(TokenFailure.Revoked, "Token has been revoked") : new TokenCheck(claims, TokenFailure.None, "");
    }

    private int Skew => Math.Clamp(Jwt.ClockSkewSeconds, 0, JwtOptions.MaximumClockSkewSeconds);

    private TokenCheck CheckClaims(JsonElement payload, string expectedType, bool checkRevocation)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return TokenCheck.Fail(TokenFailure.Malformed, "Token is malformed");
        }
        if (Text(payload, "iss") != Jwt.Issuer)
        {
            return TokenCheck.Fail(TokenFailure.WrongIssuer, "Token issuer is not accepted");
        }
        if (!HasAudience(payload, Jwt.Audience))
        {
            return TokenCheck.Fail(TokenFailure.WrongAudience, "Token audience is not accepted");
        }
        var tokenType = Text(payload, "token_type");
        if (tokenType is null)
        {
            return TokenCheck.Fail(TokenFailure.MissingTokenType, "Token has no token_type");
        }
        var type = Text(payload, "type");
        if (tokenType != expectedType || (type is not null && type != tokenType))
        {
            return TokenCheck.Fail(TokenFailure.WrongTokenType, $"Expected a {expectedType} token");
        }
        if (!payload.TryGetProperty("exp", out var exp) || exp.ValueKind != JsonValueKind.Number
            || !payload.TryGetProperty("iat", out var iat) || iat.ValueKind != JsonValueKind.Number)
        {
            return TokenCheck.Fail(TokenFailure.Malformed, "Token lacks exp or iat");
        }
        var subject = Text(payload, "sub");
        var jti = Text(payload, "jti");
        if (subject is null || jti is null)
        {
            return TokenCheck.Fail(TokenFailure.Malformed, "Token lacks sub or jti");
        }
        var permissions = payload.TryGetProperty("permissions", out var p) && p.ValueKind == JsonValueKind.Array
            ? p.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
            : [];
        var claims = new TokenClaims(subject, Text(payload, "email") ?? "", permissions, tokenType, jti, Text(payload, "sid"),
            DateTimeOffset.FromUnixTimeSeconds((long)iat.GetDouble()), DateTimeOffset.FromUnixTimeSeconds((long)exp.GetDouble()));
        if (DateTimeOffset.UtcNow > claims.ExpiresAt.AddSeconds(Skew))
        {
            return TokenCheck.Fail(TokenFailure.Expired, "Token has expired");
        }
        if (checkRevocation && IsRevoked(claims))
        {
            return TokenCheck.Fail(TokenFailure.Revoked, "Token has been revoked");
        }
        return new TokenCheck(claims, TokenFailure.None, "");
    }

    private bool IsRevoked(TokenClaims claims) =>
        sessions.IsTokenRevoked(claims.Jti) || (claims.SessionId is { } sid && sessions.IsSessionRevoked(sid));

    private static string? Text(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool HasAudience(JsonElement payload, string audience) =>
        payload.TryGetProperty("aud", out var aud) && aud.ValueKind switch
        {
            JsonValueKind.String => aud.GetString() == audience,
            JsonValueKind.Array => aud.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && a.GetString() == audience),
            _ => false,
        };
}
