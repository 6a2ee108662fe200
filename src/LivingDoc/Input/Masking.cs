using System.Text.RegularExpressions;

namespace Acceptance.LivingDoc.Input;

/// <summary>
/// Defence in depth: the suite redacts evidence before writing it, and this masks again anything that still looks
/// like a secret (JWTs, bearer or basic credentials, password=…, token fields, userinfo in URLs). It never un-redacts.
/// </summary>
public static partial class Masking
{
    public const string Mask = "[REDACTED]";

    // Every pattern below needs one of these; most evidence has none, so the regexes rarely run.
    private static readonly System.Buffers.SearchValues<string> Hints = System.Buffers.SearchValues.Create(
        ["eyJ", "bearer", "basic", "passw", "pwd", "secret", "token", "api_key", "apikey", "bypass", "@"], StringComparison.OrdinalIgnoreCase);

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static string? Text(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.AsSpan().ContainsAny(Hints)) return text;
        var result = Jwt().Replace(text, Mask);
        result = Credential().Replace(result, match => match.Groups["scheme"].Value + " " + Mask);
        result = SecretPair().Replace(result, match => match.Groups["key"].Value + match.Groups["sep"].Value + Mask);
        result = UserInfo().Replace(result, match => match.Groups["scheme"].Value + Mask + "@");
        return result;
    }

    /// <summary>A URL fit to show: no user or password, and secret-looking query values masked.</summary>
    public static string Url(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return Text(url);
        var builder = new UriBuilder(uri) { UserName = "", Password = "" };
        var shown = builder.Uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        if (uri.Query.Length > 1)
        {
            var parts = uri.Query[1..].Split('&').Select(part =>
            {
                var equals = part.IndexOf('=');
                if (equals < 0) return part;
                var key = Uri.UnescapeDataString(part[..equals]);
                return IsSecretName(key) ? part[..equals] + "=" + Mask : part;
            });
            shown += "?" + string.Join('&', parts);
        }
        if (uri.Fragment.Length > 1) shown += "#…";
        return Text(shown);
    }

    public static bool IsSecretName(string name)
    {
        var key = name.ToLowerInvariant().Replace("-", "_");
        return key.Contains("password") || key.Contains("secret") || key.Contains("token") || key.Contains("key") ||
               key.Contains("signature") || key is "sig" or "auth" or "authorization" or "code" or "jwt" or "pwd";
    }

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}(?:\.[A-Za-z0-9_-]*)?")]
    private static partial Regex Jwt();

    // Long enough not to take prose ("Bearer token") for a credential; Basic credentials are base64.
    [GeneratedRegex(@"(?<scheme>\bBearer|\bBasic(?=\s+[A-Za-z0-9+/]*[0-9+/=]))\s+(?!\[REDACTED\])[A-Za-z0-9._~+/=-]{12,}", RegexOptions.IgnoreCase)]
    private static partial Regex Credential();

    [GeneratedRegex(@"(?<key>\b(?:password|passwd|pwd|secret|client_secret|access_token|refresh_token|id_token|api_key|apikey|bypass_key|token))(?<sep>""?\s*[=:]\s*""?)(?!\[REDACTED\])[^&\s"",;}]+", RegexOptions.IgnoreCase)]
    private static partial Regex SecretPair();

    [GeneratedRegex(@"(?<scheme>\b[a-z][a-z0-9+.-]*://)(?!\[REDACTED\])[^/\s@:]+:[^/\s@]+@", RegexOptions.IgnoreCase)]
    private static partial Regex UserInfo();
}
