using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Acceptance.Support.Evidence;

/// <summary>
/// Removes secrets from evidence before it is written anywhere: passwords, access and refresh tokens,
/// Authorization and bypass-key headers, JWTs wherever they appear, and any known secret value.
/// </summary>
public sealed partial class Redactor
{
    public const string Mask = "[REDACTED]";

    private static readonly HashSet<string> SecretHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Proxy-Authorization", "X-E2E-Bypass-Key", "Cookie", "Set-Cookie", "X-Api-Key",
    };

    private readonly List<string> _knownSecrets = new();
    private readonly object _gate = new();

    public Redactor(IEnumerable<string?>? knownSecrets = null)
    {
        foreach (var secret in knownSecrets ?? []) AddSecret(secret);
    }

    /// <summary>A literal value that must never appear in evidence (a password, a bypass key, a signing secret).</summary>
    public void AddSecret(string? secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < 4) return;
        lock (_gate)
        {
            if (!_knownSecrets.Contains(secret)) _knownSecrets.Add(secret);
        }
    }

    public static bool IsSecretField(string name)
    {
        var key = name.ToLowerInvariant().Replace("-", "_");
        if (key is "token_type") return false;
        return key.Contains("password") || key.Contains("secret") || key == "authorization" ||
               key.EndsWith("token") || key.Contains("bypass") || key.EndsWith("api_key") || key == "jwt" ||
               key is "code" or "code_verifier" or "id_token_hint";
    }

    public string Header(string name, string? value)
    {
        if (value is null) return "";
        if (SecretHeaders.Contains(name)) return Mask;
        if (name.Equals("Sec-WebSocket-Protocol", StringComparison.OrdinalIgnoreCase)) return Text(value);
        return Text(value);
    }

    public IReadOnlyList<KeyValuePair<string, string>> Headers(IEnumerable<KeyValuePair<string, string?>> headers) =>
        headers.Select(header => new KeyValuePair<string, string>(header.Key, Header(header.Key, header.Value))).ToList();

    /// <summary>A body or frame: JSON has its secret fields masked; anything else is masked by pattern.</summary>
    public string Payload(string? payload)
    {
        if (string.IsNullOrEmpty(payload)) return payload ?? "";
        var trimmed = payload.TrimStart();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            try
            {
                var node = JsonNode.Parse(payload);
                if (node is not null)
                {
                    MaskFields(node);
                    return Text(node.ToJsonString(new JsonSerializerOptions { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
                }
            }
            catch (JsonException)
            {
                // Not JSON after all (a malformed-JSON scenario sends such text): fall through to patterns.
            }
        }
        return Text(payload);
    }

    /// <summary>Free text: JWTs, bearer credentials, jwt subprotocols, secret-looking query or form fields, known secrets.</summary>
    public string Text(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        var result = Jwt().Replace(text, Mask);
        result = Bearer().Replace(result, "${scheme} " + Mask);
        result = JwtSubprotocol().Replace(result, "jwt." + Mask);
        result = SecretPair().Replace(result, match => $"{match.Groups["key"].Value}{match.Groups["sep"].Value}{Mask}");
        result = OAuthSecretParameter().Replace(result, match => $"{match.Groups["key"].Value}={Mask}");
        string[] secrets;
        lock (_gate) secrets = _knownSecrets.OrderByDescending(secret => secret.Length).ToArray();
        foreach (var secret in secrets)
        {
            result = result.Replace(secret, Mask, StringComparison.Ordinal);
            var escaped = Uri.EscapeDataString(secret);
            if (escaped != secret) result = result.Replace(escaped, Mask, StringComparison.Ordinal);
        }
        return result;
    }

    private static void MaskFields(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var property in obj.ToList())
                {
                    if (IsSecretField(property.Key) && property.Value is not null && property.Value is not JsonObject and not JsonArray)
                        obj[property.Key] = Mask;
                    else if (property.Value is not null)
                        MaskFields(property.Value);
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                    if (item is not null) MaskFields(item);
                break;
        }
    }

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*\.?[A-Za-z0-9_-]*")]
    private static partial Regex Jwt();

    [GeneratedRegex(@"(?<scheme>Bearer|Basic)\s+(?!\[REDACTED\])[A-Za-z0-9._~+/=-]+", RegexOptions.IgnoreCase)]
    private static partial Regex Bearer();

    [GeneratedRegex(@"jwt\.(?!\[REDACTED\])[A-Za-z0-9_-]{8,}")]
    private static partial Regex JwtSubprotocol();

    [GeneratedRegex(@"(?<key>(?:password|access_token|refresh_token|token|secret|bypass_key|api_key))(?<sep>""?\s*(?:=|:)\s*""?)(?!\[REDACTED\])[^&\s"",}]+", RegexOptions.IgnoreCase)]
    private static partial Regex SecretPair();

    // OAuth parameters in URLs and forms: authorization codes, PKCE verifiers, ID token hints (not error_code).
    [GeneratedRegex(@"(?<![A-Za-z0-9_])(?<key>code|code_verifier|id_token_hint)=(?!\[REDACTED\])[^&\s""#]+")]
    private static partial Regex OAuthSecretParameter();
}
