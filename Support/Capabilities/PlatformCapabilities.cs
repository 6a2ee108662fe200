using System.Text.Json;
using Acceptance.Support.Configuration;
using Acceptance.Support.Platform;

namespace Acceptance.Support.Capabilities;

/// <summary>One optional capability: whether the deployment offers it, and why we think so.</summary>
public sealed record Capability(string Tag, string Name, bool Offered, string Reason)
{
    public string Describe() => $"{Name}: {(Offered ? "offered" : "not offered")} ({Reason})";
}

/// <summary>
/// The optional capabilities of the deployment under test, resolved once per run: a declaration in the settings
/// (Capabilities:*) wins; otherwise the deployment is asked (GET /auth/config, a probe of the bypass). A scenario
/// tagged with a capability the deployment lacks is reported as not run with the reason, never passed or failed.
/// </summary>
public static class PlatformCapabilities
{
    public const string OidcTag = "oidc";
    public const string E2EBypassTag = "e2e-bypass";
    public const string DevLoginTag = "dev-login";
    public const string ShortLivedTokensTag = "short-lived-tokens";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IReadOnlyDictionary<string, Capability>? _resolved;

    public static IReadOnlyDictionary<string, Capability>? Resolved => _resolved;

    /// <summary>The capabilities, resolving them on first use (bounded by the pre-flight's per-check deadline).</summary>
    public static async Task<IReadOnlyDictionary<string, Capability>> ResolveAsync(PlatformTargets targets)
    {
        if (_resolved is { } done) return done;
        await Gate.WaitAsync();
        try
        {
            return _resolved ??= await DiscoverAsync(targets);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The reason a scenario with these tags cannot run on this deployment, or null when it can.</summary>
    public static string? ReasonNotToRun(IEnumerable<string> tags, IReadOnlyDictionary<string, Capability> capabilities)
    {
        foreach (var tag in tags.Select(t => t.TrimStart('@')).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (capabilities.TryGetValue(tag, out var capability) && !capability.Offered)
                return $"the deployment does not offer {capability.Name} ({capability.Reason})";
        }
        return null;
    }

    public static void Reset() => _resolved = null;

    /// <summary>Asks the deployment now (no caching): the declaration in the settings wins over what it says.</summary>
    public static async Task<IReadOnlyDictionary<string, Capability>> DiscoverAsync(PlatformTargets targets)
    {
        var declared = targets.Settings.Capabilities;
        var deadline = targets.Settings.Preflight.Check;
        using var http = new HttpClient { Timeout = deadline };
        var config = await AuthConfigAsync(http, targets.Endpoints.Auth);

        var oidc = declared.Oidc is { } o
            ? new Capability(OidcTag, "sign-in through an OpenID Connect provider", o, $"declared: Capabilities:Oidc is {Lower(o)}")
            : config.Error is { } error
                ? new Capability(OidcTag, "sign-in through an OpenID Connect provider", false, $"GET /auth/config gave no answer to go by: {error}")
                : new Capability(OidcTag, "sign-in through an OpenID Connect provider", config.OauthEnabled,
                    $"GET /auth/config reports oauth_enabled: {Lower(config.OauthEnabled)}");

        var dev = declared.DevLogin is { } d
            ? new Capability(DevLoginTag, "the quick dev sign-in", d, $"declared: Capabilities:DevLogin is {Lower(d)}")
            : config.Error is { } devError
                ? new Capability(DevLoginTag, "the quick dev sign-in", false, $"GET /auth/config gave no answer to go by: {devError}")
                : new Capability(DevLoginTag, "the quick dev sign-in", config.DevelopmentMode && config.DevLoginEndpoint,
                    $"GET /auth/config reports development_mode: {Lower(config.DevelopmentMode)}" +
                    (config.DevLoginEndpoint ? " and a dev_login endpoint" : " and no dev_login endpoint"));

        var bypass = declared.E2EBypass is { } b
            ? new Capability(E2EBypassTag, "the e2e test-auth bypass", b && targets.BypassKey is not null,
                b && targets.BypassKey is null
                    ? "declared, but the suite has no bypass key: set ACCEPTANCE_Auth__E2EBypassKey"
                    : $"declared: Capabilities:E2EBypass is {Lower(b)}")
            : await ProbeBypassAsync(http, targets);

        var skew = targets.StartedLocally ? 0 : targets.Settings.Capabilities.TokenClockSkewSeconds;
        var shortLived = declared.ShortLivedTokens is { } s
            ? new Capability(ShortLivedTokensTag, "tokens that expire or are revoked while a channel is open", s && targets.Signing is not null,
                s && targets.Signing is null
                    ? "declared, but the suite does not know the platform's signing secret (Auth:JwtSecret)"
                    : $"declared: Capabilities:ShortLivedTokens is {Lower(s)}")
            : targets.Signing is not null
                ? new Capability(ShortLivedTokensTag, "tokens that expire or are revoked while a channel is open", true,
                    targets.StartedLocally
                        ? "the suite started the reference platform with its own signing secret and no clock skew"
                        : $"the platform's signing secret is given (Auth:JwtSecret); clock skew {skew:0} s")
                : new Capability(ShortLivedTokensTag, "tokens that expire or are revoked while a channel is open", false,
                    "the suite cannot make such a token without the platform's signing secret (Auth:JwtSecret), " +
                    "which is known only where the suite starts the reference platform");

        return new[] { oidc, bypass, dev, shortLived }.ToDictionary(c => c.Tag, StringComparer.OrdinalIgnoreCase);
    }

    private sealed record AuthConfig(bool OauthEnabled, bool DevelopmentMode, bool DevLoginEndpoint, string? Error);

    private static async Task<AuthConfig> AuthConfigAsync(HttpClient http, Uri auth)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(auth, "/auth/config"));
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) return new AuthConfig(false, false, false, $"HTTP {(int)response.StatusCode}");
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var oauth = root.TryGetProperty("oauth_enabled", out var o) && o.ValueKind == JsonValueKind.True;
            var development = root.TryGetProperty("development_mode", out var d) && d.ValueKind == JsonValueKind.True;
            var devEndpoint = root.TryGetProperty("endpoints", out var endpoints) && endpoints.ValueKind == JsonValueKind.Object &&
                              endpoints.TryGetProperty("dev_login", out var dev) && dev.ValueKind == JsonValueKind.String &&
                              !string.IsNullOrWhiteSpace(dev.GetString());
            return new AuthConfig(oauth, development, devEndpoint, null);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException)
        {
            return new AuthConfig(false, false, false, exception is TaskCanceledException ? $"no answer within {http.Timeout.TotalSeconds:0.#} s" : exception.Message);
        }
    }

    /// <summary>The contract's bypass answers 503 when no key is configured and 403 in production; 401 without a key means it is there.</summary>
    private static async Task<Capability> ProbeBypassAsync(HttpClient http, PlatformTargets targets)
    {
        const string name = "the e2e test-auth bypass";
        try
        {
            using var response = await http.PostAsync(new Uri(targets.Endpoints.Auth, "/auth/e2e/test-auth"),
                new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
            var status = (int)response.StatusCode;
            return status switch
            {
                401 when targets.BypassKey is not null => new Capability(E2EBypassTag, name, true, "POST /auth/e2e/test-auth without a key answers 401, and the suite has a key"),
                401 => new Capability(E2EBypassTag, name, false, "the deployment has the bypass, but the suite has no key: set ACCEPTANCE_Auth__E2EBypassKey"),
                503 => new Capability(E2EBypassTag, name, false, "POST /auth/e2e/test-auth answers 503: no bypass key is configured there"),
                403 => new Capability(E2EBypassTag, name, false, "POST /auth/e2e/test-auth answers 403: the deployment runs in production mode"),
                _ => new Capability(E2EBypassTag, name, false, $"POST /auth/e2e/test-auth without a key answers HTTP {status}"),
            };
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return new Capability(E2EBypassTag, name, false, $"POST /auth/e2e/test-auth gave no answer: {exception.Message}");
        }
    }

    private static string Lower(bool value) => value ? "true" : "false";
}
