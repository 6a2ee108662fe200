using System.Text.Json;
using Acceptance.Support.Platform;

namespace Acceptance.Support.Capabilities;

/// <summary>
/// One optional capability: whether the deployment offers it, and why we think so. <see cref="Declared"/> is true
/// when the environment's settings said so (Capabilities:*). <see cref="Problem"/> is set when it could not be
/// determined, or the deployment contradicts the declaration: the pre-flight then fails the run with it.
/// </summary>
public sealed record Capability(string Tag, string Name, bool Offered, string Reason, bool Declared = false, string? Problem = null)
{
    public string Describe() => Problem is not null
        ? $"{Name}: {Problem}"
        : $"{Name}: {(Offered ? "offered" : "not offered")} ({Reason})";
}

/// <summary>
/// The optional capabilities of the deployment under test, resolved once per run. Declared, not guessed: a
/// declaration in the settings (Capabilities:*) says what the deployment offers, and the deployment must agree
/// (GET /auth/config, a probe of the bypass); where the settings are silent, what the deployment positively
/// reports decides. A probe that errors, times out or answers something unreadable, a declared capability the
/// deployment reports absent, and a capability the suite cannot use without a setting are problems: the pre-flight
/// fails the run with them (<see cref="Problems"/>), never a quiet "not run". A scenario tagged with a capability
/// that is absent is reported as not run with the reason; "(declared: …)" marks an absence the environment declared.
/// </summary>
public static class PlatformCapabilities
{
    public const string OidcTag = "oidc";
    public const string E2EBypassTag = "e2e-bypass";
    public const string DevLoginTag = "dev-login";
    public const string ShortLivedTokensTag = "short-lived-tokens";

    private const string OidcName = "sign-in through an OpenID Connect provider";
    private const string DevLoginName = "the quick dev sign-in";
    private const string BypassName = "the e2e test-auth bypass";
    private const string ShortLivedName = "tokens that expire or are revoked while a channel is open";

    /// <summary>The text a not-run reason carries when the environment declared the capability absent.</summary>
    public const string DeclaredMarker = "(declared: Capabilities:";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IReadOnlyDictionary<string, Capability>? _resolved;

    public static IReadOnlyDictionary<string, Capability>? Resolved => _resolved;

    /// <summary>The capabilities, resolving them on first use (each call bounded by the pre-flight's per-check deadline).</summary>
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

    /// <summary>What stops the run: each capability that could not be determined or contradicts its declaration.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyDictionary<string, Capability> capabilities) =>
        capabilities.Values.Where(c => c.Problem is not null).Select(c => $"capability @{c.Tag} ({c.Name}) {c.Problem}").ToList();

    /// <summary>The reason a scenario with these tags cannot run on this deployment, or null when it can.</summary>
    public static string? ReasonNotToRun(IEnumerable<string> tags, IReadOnlyDictionary<string, Capability> capabilities)
    {
        foreach (var tag in tags.Select(t => t.TrimStart('@')).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (capabilities.TryGetValue(tag, out var capability) && !capability.Offered)
                return capability.Problem is { } problem
                    ? $"{capability.Name} could not be determined ({problem})"
                    : $"the deployment does not offer {capability.Name} ({capability.Reason})";
        }
        return null;
    }

    public static void Reset() => _resolved = null;

    /// <summary>Asks the deployment now (no caching) and checks what it says against the declarations.</summary>
    public static async Task<IReadOnlyDictionary<string, Capability>> DiscoverAsync(PlatformTargets targets)
    {
        var declared = targets.Settings.Capabilities;
        var deadline = targets.Settings.Preflight.Check;
        using var http = new HttpClient { Timeout = deadline };
        // /auth/config is asked only when a capability it reports is not declared absent.
        var config = declared.Oidc == false && declared.DevLogin == false ? null : await AuthConfigAsync(http, targets.Endpoints.Auth);

        var oidc = FromConfig(OidcTag, OidcName, "Oidc", declared.Oidc, config,
            c => c.OauthEnabled is { } on ? (on, $"GET /auth/config reports oauth_enabled: {Lower(on)}") : null,
            "oauth_enabled");
        var dev = FromConfig(DevLoginTag, DevLoginName, "DevLogin", declared.DevLogin, config,
            c => c.DevelopmentMode is { } on
                ? (on && c.DevLoginEndpoint, $"GET /auth/config reports development_mode: {Lower(on)}" + (c.DevLoginEndpoint ? " and a dev_login endpoint" : " and no dev_login endpoint"))
                : null,
            "development_mode");
        var bypass = declared.E2EBypass == false
            ? Absent(E2EBypassTag, BypassName, "E2EBypass")
            : await ProbeBypassAsync(http, targets, declared.E2EBypass == true);
        var shortLived = ShortLived(targets);

        return new[] { oidc, bypass, dev, shortLived }.ToDictionary(c => c.Tag, StringComparer.OrdinalIgnoreCase);
    }

    private static Capability Absent(string tag, string name, string setting) =>
        new(tag, name, false, $"declared: Capabilities:{setting} is false", Declared: true);

    private static Capability FromConfig(string tag, string name, string setting, bool? declaration, AuthConfig? config,
        Func<AuthConfig, (bool Offered, string Reason)?> read, string field)
    {
        if (declaration == false) return Absent(tag, name, setting);
        if (config!.Error is { } error)
            return new(tag, name, false, error, Problem:
                $"could not be determined: {error}; declare Capabilities:{setting} in the environment's settings, or fix the deployment");
        if (read(config) is not { } reported)
            return new(tag, name, false, "unreadable", Problem:
                $"could not be determined: GET {config.Url} answered without a boolean {field}: {Clip(config.Body)}; " +
                $"declare Capabilities:{setting} in the environment's settings, or fix the deployment");
        if (declaration == true)
            return reported.Offered
                ? new(tag, name, true, $"declared: Capabilities:{setting} is true, and {reported.Reason}", Declared: true)
                : new(tag, name, false, reported.Reason, Declared: true, Problem:
                    $"is declared (Capabilities:{setting} is true), but the deployment reports it absent: {reported.Reason}");
        return new(tag, name, reported.Offered, reported.Reason);
    }

    private static Capability ShortLived(PlatformTargets targets)
    {
        var declared = targets.Settings.Capabilities.ShortLivedTokens;
        if (declared == false) return Absent(ShortLivedTokensTag, ShortLivedName, "ShortLivedTokens");
        if (targets.Signing is null)
            return new(ShortLivedTokensTag, ShortLivedName, false, "no signing secret", declared == true, Problem: declared == true
                ? "is declared (Capabilities:ShortLivedTokens is true), but the suite does not know the platform's signing secret: set Auth:JwtSecret (ACCEPTANCE_Auth__JwtSecret)"
                : "could not be determined: the suite can make such tokens only with the platform's signing secret (Auth:JwtSecret), " +
                  "which it knows only where it starts the reference platform; declare Capabilities:ShortLivedTokens false, or set Auth:JwtSecret");
        var skew = targets.StartedLocally ? 0 : targets.Settings.Capabilities.TokenClockSkewSeconds;
        var why = targets.StartedLocally
            ? "the suite started the reference platform with its own signing secret and no clock skew"
            : $"the platform's signing secret is given (Auth:JwtSecret); clock skew {skew:0} s";
        return new(ShortLivedTokensTag, ShortLivedName, true, declared == true ? $"declared: Capabilities:ShortLivedTokens is true; {why}" : why, declared == true);
    }

    private sealed record AuthConfig(Uri Url, bool? OauthEnabled, bool? DevelopmentMode, bool DevLoginEndpoint, string Body, string? Error);

    private static async Task<AuthConfig> AuthConfigAsync(HttpClient http, Uri auth)
    {
        var url = new Uri(auth, "/auth/config");
        try
        {
            using var response = await http.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
                return new AuthConfig(url, null, null, false, body, $"GET {url} answered HTTP {(int)response.StatusCode} {Clip(body)}".TrimEnd());
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return new AuthConfig(url, null, null, false, body, $"GET {url} answered JSON that is not an object: {Clip(body)}");
            var devEndpoint = root.TryGetProperty("endpoints", out var endpoints) && endpoints.ValueKind == JsonValueKind.Object &&
                              endpoints.TryGetProperty("dev_login", out var dev) && dev.ValueKind == JsonValueKind.String &&
                              !string.IsNullOrWhiteSpace(dev.GetString());
            return new AuthConfig(url, Flag(root, "oauth_enabled"), Flag(root, "development_mode"), devEndpoint, body, null);
        }
        catch (TaskCanceledException)
        {
            return new AuthConfig(url, null, null, false, "", $"GET {url} gave no answer within {http.Timeout.TotalSeconds:0.#} s (Preflight:CheckSeconds)");
        }
        catch (HttpRequestException exception)
        {
            return new AuthConfig(url, null, null, false, "", $"GET {url} failed: {exception.Message}");
        }
        catch (JsonException)
        {
            return new AuthConfig(url, null, null, false, "", $"GET {url} answered something that is not JSON");
        }
    }

    private static bool? Flag(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    /// <summary>
    /// The contract's bypass answers 401 without a key where it is there, 503 where no key is configured and 403 in
    /// production. Silent settings: 401 and a key known → offered; 503/403 → absent, as the deployment reports.
    /// Declared: the deployment must have it and the suite a key. Anything else is a problem.
    /// </summary>
    private static async Task<Capability> ProbeBypassAsync(HttpClient http, PlatformTargets targets, bool declared)
    {
        var url = new Uri(targets.Endpoints.Auth, "/auth/e2e/test-auth");
        const string fix = "declare Capabilities:E2EBypass in the environment's settings, or fix the deployment";
        int status;
        string body;
        try
        {
            using var response = await http.PostAsync(url, new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
            status = (int)response.StatusCode;
            body = await response.Content.ReadAsStringAsync();
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            var what = exception is TaskCanceledException ? $"gave no answer within {http.Timeout.TotalSeconds:0.#} s (Preflight:CheckSeconds)" : $"failed: {exception.Message}";
            return new(E2EBypassTag, BypassName, false, what, declared, Problem: $"could not be determined: POST {url} without a key {what}; {fix}");
        }

        (bool? Present, string Reason) reported = status switch
        {
            401 => (true, "POST /auth/e2e/test-auth without a key answers 401"),
            503 => (false, "POST /auth/e2e/test-auth answers 503: no bypass key is configured there"),
            403 => (false, "POST /auth/e2e/test-auth answers 403: the deployment runs in production mode"),
            _ => (null, $"POST {url} without a key answered HTTP {status} {Clip(body)}".TrimEnd()),
        };
        if (reported.Present is null)
            return new(E2EBypassTag, BypassName, false, reported.Reason, declared, Problem: $"could not be determined: {reported.Reason}; {fix}");
        if (reported.Present == false)
            return declared
                ? new(E2EBypassTag, BypassName, false, reported.Reason, true, Problem: $"is declared (Capabilities:E2EBypass is true), but the deployment reports it absent: {reported.Reason}")
                : new(E2EBypassTag, BypassName, false, reported.Reason);
        if (targets.BypassKey is null)
            return new(E2EBypassTag, BypassName, false, "no key", declared, Problem:
                $"is offered by the deployment ({reported.Reason}), but the suite has no key: set ACCEPTANCE_Auth__E2EBypassKey, or declare Capabilities:E2EBypass false");
        return new(E2EBypassTag, BypassName, true, declared ? $"declared: Capabilities:E2EBypass is true, and {reported.Reason}" : $"{reported.Reason}, and the suite has a key", declared);
    }

    private static string Clip(string body)
    {
        var flat = body.ReplaceLineEndings(" ").Trim();
        return flat.Length > 160 ? flat[..160] + "…" : flat;
    }

    private static string Lower(bool value) => value ? "true" : "false";
}
