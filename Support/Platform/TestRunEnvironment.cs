using System.Security.Cryptography;
using Acceptance.Support.Actors;
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

    /// <summary>The run's test users (null when the pool is off or the environment lists none), set when the targets resolve.</summary>
    public static PersonaPool? Pool { get; private set; }

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
            Pool = null;
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
            Pool = ListedPool(settings);
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
        // The pool: interchangeable test users the platform seeds at start, enough that none is lent twice.
        var poolSize = settings.Pool.Enabled ? (settings.Pool.SeedCount > 0 ? settings.Pool.SeedCount : UsersNeeded(settings)) : 0;
        var poolPassword = RandomSecret(18);
        var configuration = new Dictionary<string, string>
        {
            ["Platform:TestUsers:Count"] = poolSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Platform:TestUsers:EmailPrefix"] = SeededEmailPrefix,
            ["Platform:TestUsers:Password"] = poolPassword,
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
        Pool = poolSize > 0
            ? new PersonaPool(Enumerable.Range(1, poolSize).Select(n => new PoolUser($"{SeededEmailPrefix}{n}@example.com", poolPassword)).ToList(),
                $"{poolSize} users seeded by the reference platform")
            : null;
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

    private const string SeededEmailPrefix = "test-user-";

    /// <summary>The most named personas one ordinary scenario mentions (Alice and Bob).</summary>
    public const int MostPersonasInAScenario = 2;

    /// <summary>
    /// How many test users the run needs when none is lent twice: two per scenario (its Alice and its Bob), and
    /// for a @load scenario its crowd plus one, for every scenario case of the run (an upper bound: a --filter is
    /// applied later), plus a few spare.
    /// </summary>
    public static int UsersNeeded(AcceptanceSettings settings)
    {
        IReadOnlyList<IReadOnlyList<string>> scenarios;
        try
        {
            scenarios = Acceptance.Runner.GherkinRun.ScenarioTags(typeof(TestRunEnvironment).Assembly);
        }
        catch (Exception)
        {
            scenarios = [];
        }
        if (scenarios.Count == 0) return 200;
        var crowd = Math.Min(settings.Load.Users, settings.Load.MaxUsers) + 1;
        return scenarios.Sum(tags => tags.Contains("load", StringComparer.OrdinalIgnoreCase) ? crowd : MostPersonasInAScenario) + 10;
    }

    /// <summary>A deployment's pool: the test users its settings list (Pool:Users); null when it lists none.</summary>
    private static PersonaPool? ListedPool(AcceptanceSettings settings)
    {
        if (!settings.Pool.Enabled) return null;
        var listed = settings.Pool.Users.Select((user, index) => (user, index)).Where(p => !string.IsNullOrWhiteSpace(p.user.Email)).ToList();
        if (listed.Count == 0) return null;
        if (listed.Count < MostPersonasInAScenario)
            throw new InvalidOperationException(
                $"Pool:Users of {settings.Environment} lists {listed.Count} test user(s) but a scenario needs {MostPersonasInAScenario} (its Alice and its Bob): " +
                "list more, or set Pool:Enabled to false to share the Personas' accounts (scenarios then run one at a time).");
        var needsPassword = settings.Auth.Strategy is AuthStrategies.Password or AuthStrategies.LocalToken;
        var withoutPassword = listed.Where(p => needsPassword && string.IsNullOrEmpty(p.user.Password)).Select(p => p.index).ToList();
        if (withoutPassword.Count > 0)
            throw new InvalidOperationException(
                $"{withoutPassword.Count} of the {listed.Count} test users in Pool:Users have no password (auth strategy '{settings.Auth.Strategy}'): " +
                $"set {string.Join(", ", withoutPassword.Take(3).Select(i => $"ACCEPTANCE_Pool__Users__{i}__Password"))}{(withoutPassword.Count > 3 ? " …" : "")}.");
        return new PersonaPool(listed.Select(p => new PoolUser(p.user.Email.Trim(), p.user.Password ?? "")).ToList(),
            $"{listed.Count} users listed in Pool:Users of {settings.Environment}");
    }

    private static string RandomSecret(int bytes) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
