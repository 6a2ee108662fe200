using Acceptance.Support.Configuration;
using Acceptance.Support.Platform;

namespace Acceptance.Support.Preflight;

/// <summary>The user whose session the auth strategy must get in the pre-flight (a persona of the settings).</summary>
public sealed record PreflightUser(string Name, string? Email, string? Password)
{
    public string Setting => $"Personas:{Name}";
}

/// <summary>What the pre-flight checks and how long each check may take: built from the run's targets.</summary>
public sealed record PreflightPlan(
    PlatformEndpoints Endpoints,
    string Strategy,
    PreflightUser User,
    string? BypassKey,
    TokenSigning? Signing,
    TimeSpan CheckDeadline,
    TimeSpan StartupWait,
    TimeSpan UnreachableRetry)
{
    /// <summary>The provider the oidc strategy signs in through.</summary>
    public OidcSettings Oidc { get; init; } = new();

    public static PreflightPlan From(PlatformTargets targets)
    {
        var settings = targets.Settings;
        var name = settings.Preflight.Persona;
        settings.Personas.TryGetValue(name, out var persona);
        return new PreflightPlan(
            targets.Endpoints,
            settings.Auth.Strategy.ToLowerInvariant(),
            new PreflightUser(name, NullIfEmpty(persona?.Email), NullIfEmpty(persona?.Password)),
            targets.BypassKey,
            targets.Signing,
            settings.Preflight.Check,
            settings.Preflight.StartupWait,
            settings.Preflight.UnreachableRetry) { Oidc = settings.Auth.Oidc };
    }

    /// <summary>The secrets the plan holds, so a diagnosis can be checked (and scrubbed) for them.</summary>
    public IEnumerable<string> Secrets =>
        new[] { User.Password, BypassKey, Signing?.Secret }.OfType<string>().Where(secret => secret.Length > 0);

    /// <summary>The text with every secret of the plan replaced by [REDACTED].</summary>
    public string Scrub(string text) =>
        Secrets.Aggregate(text, (scrubbed, secret) => scrubbed.Replace(secret, "[REDACTED]", StringComparison.Ordinal));

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>What the pre-flight found: passed, or the one diagnosis; and what it did, for the console.</summary>
public sealed record PreflightReport(bool Passed, string? Diagnosis, TimeSpan Elapsed, TimeSpan WaitedForStartup, IReadOnlyList<string> Checks)
{
    public string Summary => Passed
        ? $"Pre-flight passed in {Elapsed.TotalSeconds:0.00} s" +
          (WaitedForStartup > TimeSpan.Zero ? $" (of which {WaitedForStartup.TotalSeconds:0.0} s waiting for the platform to start)" : "") +
          $": {string.Join("; ", Checks)}"
        : $"Pre-flight failed after {Elapsed.TotalSeconds:0.00} s: {Diagnosis}";
}
