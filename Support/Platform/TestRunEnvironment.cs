using System.Security.Cryptography;
using Acceptance.Support.Configuration;

namespace Acceptance.Support.Platform;

/// <summary>
/// The platform targets of the whole test run: loaded once, the reference platform started once when the
/// environment is local and no endpoints are given, and stopped by <see cref="Stop"/> (AfterTestRun) or,
/// failing that, at process exit; the platform's watchdog covers a killed run.
/// </summary>
public static class TestRunEnvironment
{
    private static readonly object Gate = new();
    private static Lazy<PlatformTargets> _targets = new(Resolve);
    private static ReferencePlatformProcess? _platform;
    private static bool _exitHandlerRegistered;

    public static PlatformTargets Current => _targets.Value;

    /// <summary>The targets, or null when resolving them failed (the pre-flight has reported why).</summary>
    public static PlatformTargets? CurrentOrNull
    {
        get
        {
            try
            {
                return _targets.Value;
            }
            catch (Exception)
            {
                return null;
            }
        }
    }

    /// <summary>How long starting the reference platform took in this run (null when it was not started here).</summary>
    public static TimeSpan? PlatformStartTime { get; private set; }

    /// <summary>Resolves the targets now (BeforeTestRun), so a platform that cannot start fails the run early.</summary>
    public static PlatformTargets Start() => _targets.Value;

    public static void Stop()
    {
        lock (Gate)
        {
            _platform?.Dispose();
            _platform = null;
            _targets = new Lazy<PlatformTargets>(Resolve);
        }
    }

    private static PlatformTargets Resolve()
    {
        var settings = SettingsLoader.Load();
        var endpoints = settings.Endpoints;
        if (endpoints.AnyGiven || !settings.IsLocal)
        {
            if (!endpoints.AnyGiven)
                throw new InvalidOperationException(
                    $"Environment '{settings.Environment}' has no endpoints: set Endpoints in {settings.Environment}.json or ACCEPTANCE_Endpoints__Auth/Api/WebSocket/App.");
            var signing = settings.IsLocal && !string.IsNullOrWhiteSpace(settings.Auth.JwtSecret)
                ? new TokenSigning(settings.Auth.JwtSecret!, settings.Auth.JwtIssuer, settings.Auth.JwtAudience)
                : null;
            return new PlatformTargets(
                settings,
                PlatformEndpoints.From(endpoints.Auth!, endpoints.Api!, endpoints.WebSocket, endpoints.App),
                signing,
                NullIfEmpty(settings.Auth.E2EBypassKey),
                StartedLocally: false);
        }
        return StartReferencePlatform(settings);
    }

    private static PlatformTargets StartReferencePlatform(AcceptanceSettings settings)
    {
        // Fresh secrets per run: nothing to keep, nothing to leak.
        var signing = new TokenSigning(
            NullIfEmpty(settings.Auth.JwtSecret) ?? RandomSecret(48),
            NullIfEmpty(settings.Auth.JwtIssuer) ?? "acceptance-local-auth",
            NullIfEmpty(settings.Auth.JwtAudience) ?? "acceptance-local-api");
        var bypassKey = NullIfEmpty(settings.Auth.E2EBypassKey) ?? RandomSecret(24);

        var reference = settings.ReferencePlatform;
        var assembly = ReferencePlatformProcess.FindOrBuildAssembly(
            RepositoryRoot.Find(), reference.Project, reference.AssemblyName, TimeSpan.FromSeconds(reference.BuildSeconds));
        var configuration = new Dictionary<string, string>
        {
            ["Platform:DevelopmentMode"] = "true",
            ["Platform:E2EBypassKey"] = bypassKey,
            ["Platform:Jwt:Secret"] = signing.Secret,
            ["Platform:Jwt:Issuer"] = signing.Issuer!,
            ["Platform:Jwt:Audience"] = signing.Audience!,
            // No clock skew: a token made to expire in two seconds is refused two seconds later (@short-lived-tokens).
            ["Platform:Jwt:ClockSkewSeconds"] = "0",
        };
        if (!string.IsNullOrWhiteSpace(reference.AppMarkup)) configuration["Platform:AppMarkup"] = reference.AppMarkup;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var platform = ReferencePlatformProcess.Start(assembly, configuration, TimeSpan.FromSeconds(reference.StartupSeconds));
        PlatformStartTime = clock.Elapsed;
        lock (Gate)
        {
            _platform = platform;
            if (!_exitHandlerRegistered)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
                _exitHandlerRegistered = true;
            }
        }
        return new PlatformTargets(settings, platform.Endpoints, signing, bypassKey, StartedLocally: true);
    }

    private static string RandomSecret(int bytes) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
