using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Acceptance.ReferencePlatform.Auth;

namespace Acceptance.ReferencePlatform.Tests.Support;

/// <summary>Mints tokens by hand, good and bad, with the platform's default secret.</summary>
public static class TokenForge
{
    public static readonly string Secret = new JwtOptions().Secret;

    public static Dictionary<string, object?> Claims(string userId, string email = "forged@example.com", string tokenType = "access", int expiresInSeconds = 300)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var defaults = new JwtOptions();
        return new Dictionary<string, object?>
        {
            ["sub"] = userId,
            ["email"] = email,
            ["permissions"] = new[] { "read", "write" },
            ["iss"] = defaults.Issuer,
            ["aud"] = defaults.Audience,
            ["token_type"] = tokenType,
            ["type"] = tokenType,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["iat"] = now,
            ["exp"] = now + expiresInSeconds,
        };
    }

    public static string Sign(Dictionary<string, object?> claims, string alg = "HS256", string? secret = null)
    {
        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new { alg, typ = "JWT" }));
        var payload = Encode(JsonSerializer.SerializeToUtf8Bytes(claims));
        var input = $"{header}.{payload}";
        var signature = alg == "none" ? "" : Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret ?? Secret), Encoding.ASCII.GetBytes(input)));
        return $"{input}.{signature}";
    }

    public static JsonElement Payload(string token) =>
        JsonDocument.Parse(Base64Url.DecodeFromChars(token.Split('.')[1])).RootElement;

    private static string Encode(byte[] bytes) => Base64Url.EncodeToString(bytes);
}
