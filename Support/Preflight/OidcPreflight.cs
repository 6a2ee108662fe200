using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Acceptance.Support.Configuration;

namespace Acceptance.Support.Preflight;

/// <summary>
/// The oidc strategy's pre-flight: the provider's discovery document exists at Auth:Oidc:Authority, names that
/// authority as its issuer, and its authorization endpoint accepts the suite's client and redirect URI (the
/// request stops at the login page; nobody signs in). All within one deadline (at most 5 s); the diagnosis names
/// the setting and what came back.
/// </summary>
public static class OidcPreflight
{
    public static readonly TimeSpan MaximumDeadline = TimeSpan.FromSeconds(5);

    /// <summary>Null when the provider is fit for the strategy; otherwise the diagnosis.</summary>
    public static async Task<string?> DiagnoseAsync(HttpClient http, OidcSettings settings, Uri authOrigin, TimeSpan deadline,
        TimeSpan? startupWait = null, Action<string>? progress = null)
    {
        var budget = new CancellationTokenSource(deadline < MaximumDeadline ? deadline : MaximumDeadline);
        var authority = settings.AuthorityOr(authOrigin);
        var setting = string.IsNullOrWhiteSpace(settings.Authority) ? "setting Auth:Oidc:Authority, defaulting to Endpoints:Auth" : "setting Auth:Oidc:Authority";
        if (!Uri.TryCreate(authority, UriKind.Absolute, out _))
            return $"Auth:Oidc:Authority '{authority}' is not an absolute URL";
        var discoveryUrl = authority + "/.well-known/openid-configuration";
        var (status, body, error) = await GetAsync(http, discoveryUrl, budget.Token);
        if (error is not null && budget.IsCancellationRequested && startupWait is { } wait)
        {
            // A provider that answers nothing yet may still be starting (OpenIddict's first request takes seconds on a
            // loaded machine): waited for like a platform that says "starting". Wrong settings are still diagnosed at once.
            progress?.Invoke($"Pre-flight: waiting for the OpenID Connect provider's discovery document {discoveryUrl} (at most {wait.TotalSeconds:0} s)");
            using var longer = new CancellationTokenSource(wait);
            (status, body, error) = await GetAsync(http, discoveryUrl, longer.Token);
        }
        budget.Dispose();
        budget = new CancellationTokenSource(deadline < MaximumDeadline ? deadline : MaximumDeadline);
        if (error is not null)
            return $"the OpenID Connect provider's discovery document {discoveryUrl} {error} ({setting})";
        if (status != 200)
            return $"no OpenID Connect discovery document at {discoveryUrl}: HTTP {status} {Snippet(body)} ({setting})";
        JsonElement document;
        try
        {
            document = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            return $"{discoveryUrl} answered 200 but not with JSON: {Snippet(body)} ({setting})";
        }
        string? Field(string name) =>
            document.ValueKind == JsonValueKind.Object && document.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        var issuer = Field("issuer");
        if (issuer is null || Field("authorization_endpoint") is not { } authorize || Field("token_endpoint") is null || Field("jwks_uri") is null)
            return $"{discoveryUrl} is not a discovery document (issuer, authorization_endpoint, token_endpoint or jwks_uri missing): {Snippet(body)} ({setting})";
        if (!string.Equals(issuer.TrimEnd('/'), authority, StringComparison.Ordinal))
            return $"the discovery document at {discoveryUrl} names the issuer {issuer}, not {authority}: tokens would fail the issuer check ({setting})";

        var redirect = WithPort(settings.RedirectUri);
        var challenge = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"))));
        var probe = $"{authorize}{(authorize.Contains('?') ? "&" : "?")}client_id={Uri.EscapeDataString(settings.ClientId)}&response_type=code" +
                    $"&scope={Uri.EscapeDataString(settings.Scopes)}&redirect_uri={Uri.EscapeDataString(redirect)}&state=preflight&nonce=preflight" +
                    $"&code_challenge={challenge}&code_challenge_method=S256";
        var (probeStatus, probeBody, probeError, location) = await GetWithLocationAsync(http, probe, budget.Token);
        var where = $"(settings Auth:Oidc:ClientId '{settings.ClientId}' and Auth:Oidc:RedirectUri '{settings.RedirectUri}')";
        if (probeError is not null)
            return $"the provider's authorization endpoint {authorize} {probeError} {where}";
        if (probeStatus is >= 400)
            return $"the provider refuses the suite's authorization request: HTTP {probeStatus} {Snippet(probeBody)} {where}";
        if (location is not null && location.Contains("error=", StringComparison.Ordinal))
            return $"the provider answers the suite's authorization request with an error redirect: {Snippet(location)} {where}";
        budget.Dispose();
        return null;
    }

    private static string WithPort(string configured)
    {
        var authority = configured.Split("//", 2) is [_, var rest] ? rest.Split('/', 2)[0] : "";
        return authority.Contains(':') ? configured : new UriBuilder(configured) { Port = 49152 }.Uri.ToString();
    }

    private static async Task<(int? Status, string Body, string? Error)> GetAsync(HttpClient http, string url, CancellationToken ct)
    {
        var (status, body, error, _) = await GetWithLocationAsync(http, url, ct);
        return (status, body, error);
    }

    private static async Task<(int? Status, string Body, string? Error, string? Location)> GetWithLocationAsync(HttpClient http, string url, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync(url, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            return ((int)response.StatusCode, body, null, response.Headers.Location?.ToString());
        }
        catch (OperationCanceledException)
        {
            return (null, "", $"did not answer within the pre-flight's {MaximumDeadline.TotalSeconds:0} s", null);
        }
        catch (HttpRequestException exception)
        {
            return (null, "", $"could not be reached: {exception.InnerException?.Message ?? exception.Message}", null);
        }
    }

    private static string Snippet(string text)
    {
        var flat = text.Replace('\n', ' ').Replace('\r', ' ').Trim();
        return flat.Length <= 160 ? flat : flat[..157] + "...";
    }
}
