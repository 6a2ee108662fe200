using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Acceptance.Support.Tokens;

/// <summary>
/// Makes JSON Web Tokens for the scenarios that check what the platform refuses (expired, tampered, alg none,
/// no token_type) and, in the local environment only, for the local-token sign-in strategy.
/// </summary>
public static class TokenMinter
{
    public static string SignHs256(IReadOnlyDictionary<string, object?> claims, string secret) =>
        Sign(new Dictionary<string, object?> { ["alg"] = "HS256", ["typ"] = "JWT" }, claims, secret);

    /// <summary>An access token the platform would issue, for the subject and email given.</summary>
    public static Dictionary<string, object?> AccessClaims(string subject, string email, string? issuer, string? audience, DateTimeOffset issuedAt, TimeSpan lifetime)
    {
        var claims = new Dictionary<string, object?>
        {
            ["sub"] = subject,
            ["email"] = email,
            ["permissions"] = new[] { "read", "write" },
            ["token_type"] = "access",
            ["type"] = "access",
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["iat"] = issuedAt.ToUnixTimeSeconds(),
            ["exp"] = (issuedAt + lifetime).ToUnixTimeSeconds(),
        };
        if (issuer is not null) claims["iss"] = issuer;
        if (audience is not null) claims["aud"] = audience;
        return claims;
    }

    /// <summary>The same claims, unsigned, with the header `alg: none`.</summary>
    public static string Unsigned(string token)
    {
        var parts = Split(token);
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "none", typ = "JWT" }));
        return $"{header}.{parts[1]}.";
    }

    /// <summary>The payload changed (the email claim rewritten) while the original signature is kept.</summary>
    public static string Tampered(string token)
    {
        var parts = Split(token);
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(FromBase64Url(parts[1]))!;
        var changed = payload.ToDictionary(pair => pair.Key, pair => (object?)pair.Value);
        changed["email"] = "mallory@example.com";
        changed["permissions"] = new[] { "read", "write", "admin" };
        return $"{parts[0]}.{Base64Url(JsonSerializer.SerializeToUtf8Bytes(changed))}.{parts[2]}";
    }

    /// <summary>Reads a token's claims without checking it (to learn the subject of a session).</summary>
    public static Dictionary<string, JsonElement> ReadClaims(string token) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(FromBase64Url(Split(token)[1]))!;

    private static string Sign(IReadOnlyDictionary<string, object?> header, IReadOnlyDictionary<string, object?> claims, string secret)
    {
        var signingInput = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url(signature);
    }

    private static string[] Split(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) throw new ArgumentException("Not a JSON Web Token (three dot-separated parts expected).", nameof(token));
        return parts;
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        return Convert.FromBase64String(padded);
    }
}
