namespace Acceptance.Support.Configuration;

/// <summary>The suite's settings for one environment: Support/Environments/{env}.json overridden by ACCEPTANCE_* variables.</summary>
public sealed class AcceptanceSettings
{
    /// <summary>local, staging, …: chosen by ACCEPTANCE_ENV; "local" when unset.</summary>
    public string Environment { get; set; } = "local";
    public EndpointSettings Endpoints { get; set; } = new();
    public AuthSettings Auth { get; set; } = new();
    public Dictionary<string, PersonaSettings> Personas { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    public BudgetSettings Budgets { get; set; } = new();
    public BrowserSettings Browser { get; set; } = new();
    public ReferencePlatformSettings ReferencePlatform { get; set; } = new();
    public PreflightSettings Preflight { get; set; } = new();
    public CapabilitySettings Capabilities { get; set; } = new();
    public PoolSettings Pool { get; set; } = new();
    public LoadSettings Load { get; set; } = new();
    public GateSettings Gate { get; set; } = new();

    public bool IsLocal => string.Equals(Environment, "local", StringComparison.OrdinalIgnoreCase);
}

public sealed class EndpointSettings
{
    public string? Auth { get; set; }
    public string? Api { get; set; }
    /// <summary>The agent channel URL; derived from Api (ws[s]://…/api/v1/websocket) when empty.</summary>
    public string? WebSocket { get; set; }
    public string? App { get; set; }

    public bool AnyGiven => new[] { Auth, Api, WebSocket, App }.Any(value => !string.IsNullOrWhiteSpace(value));
}

public sealed class AuthSettings
{
    /// <summary>How personas get a session in scenarios that are not about signing in: password, dev, e2e-bypass, local-token, oidc.</summary>
    public string Strategy { get; set; } = AuthStrategies.Password;
    /// <summary>Secret: only from ACCEPTANCE_Auth__E2EBypassKey or a git-ignored *.local.json file.</summary>
    public string? E2EBypassKey { get; set; }
    /// <summary>Secret: the platform's HS256 key, for locally minted tokens. Local only.</summary>
    public string? JwtSecret { get; set; }
    public string? JwtIssuer { get; set; }
    public string? JwtAudience { get; set; }
    /// <summary>The OpenID Connect provider the oidc strategy and the @oidc scenarios sign in through.</summary>
    public OidcSettings Oidc { get; set; } = new();
}

/// <summary>
/// An OpenID Connect provider and the public client the suite is registered as there (section Auth:Oidc). The
/// reference platform's own provider is the default: its auth origin and its native client acceptance-cli.
/// </summary>
public sealed class OidcSettings
{
    /// <summary>The issuer URL; its discovery document is {Authority}/.well-known/openid-configuration. Default: the auth origin.</summary>
    public string? Authority { get; set; }

    /// <summary>The authority in effect, without a trailing slash: Authority, or else the auth origin.</summary>
    public string AuthorityOr(Uri authOrigin) =>
        (string.IsNullOrWhiteSpace(Authority) ? authOrigin.ToString() : Authority!).TrimEnd('/');

    public string ClientId { get; set; } = "acceptance-cli";
    /// <summary>A loopback redirect URI (RFC 8252). Without a port, the suite listens on a free port of its own.</summary>
    public string RedirectUri { get; set; } = "http://127.0.0.1/callback";
    public string Scopes { get; set; } = "openid profile email offline_access chat";
    /// <summary>Where the provider sends the browser after ending a session; empty: none is asked for.</summary>
    public string? PostLogoutRedirectUri { get; set; }
    /// <summary>The provider's login page: the accessible names of its fields and button.</summary>
    public string EmailLabel { get; set; } = "Email";
    public string PasswordLabel { get; set; } = "Password";
    public string SignInButton { get; set; } = "Sign in";
    /// <summary>Another client registered at the provider, to present a code issued to ClientId.</summary>
    public string OtherClientId { get; set; } = "chat-web";
}

public static class AuthStrategies
{
    public const string Password = "password";
    public const string Dev = "dev";
    public const string E2EBypass = "e2e-bypass";
    public const string LocalToken = "local-token";
    public const string Oidc = "oidc";
    public static readonly string[] All = [Password, Dev, E2EBypass, LocalToken, Oidc];
}

public sealed class PersonaSettings
{
    public string Email { get; set; } = "";
    /// <summary>Secret outside local: give it as ACCEPTANCE_Personas__Alice__Password.</summary>
    public string? Password { get; set; }
    public string? Name { get; set; }
}

public sealed class BudgetSettings
{
    public double FirstEventSeconds { get; set; } = 1;
    public double CompletionSeconds { get; set; } = 10;
    /// <summary>How long "nothing more arrives" is watched for.</summary>
    public double QuietWindowSeconds { get; set; } = 2;
    public double HttpTimeoutSeconds { get; set; } = 15;
    public double ChannelConnectSeconds { get; set; } = 10;
    public double BrowserSeconds { get; set; } = 10;

    public TimeSpan FirstEvent => TimeSpan.FromSeconds(FirstEventSeconds);
    public TimeSpan Completion => TimeSpan.FromSeconds(CompletionSeconds);
    public TimeSpan QuietWindow => TimeSpan.FromSeconds(QuietWindowSeconds);
    public TimeSpan Http => TimeSpan.FromSeconds(HttpTimeoutSeconds);
    public TimeSpan ChannelConnect => TimeSpan.FromSeconds(ChannelConnectSeconds);
    public TimeSpan BrowserStep => TimeSpan.FromSeconds(BrowserSeconds);
}

public sealed class BrowserSettings
{
    public string ExecutablePath { get; set; } = "/usr/lib/chromium/chromium";
    public bool Headless { get; set; } = true;
    public List<string> Args { get; set; } = new();
    /// <summary>
    /// A Playwright server to connect to (ws://host:port/…, as printed by `playwright launch-server`) instead of
    /// launching Chromium here; ExecutablePath, Headless and Args are then the server's business.
    /// </summary>
    public string? RemoteEndpoint { get; set; }

    public bool IsRemote => !string.IsNullOrWhiteSpace(RemoteEndpoint);
}

public sealed class ReferencePlatformSettings
{
    /// <summary>Folder of the reference platform's project, relative to the repository root.</summary>
    public string Project { get; set; } = "src/ReferencePlatform";
    public string AssemblyName { get; set; } = "Acceptance.ReferencePlatform.dll";
    public double StartupSeconds { get; set; } = 60;
    public double BuildSeconds { get; set; } = 300;
    /// <summary>The web app markup the started platform serves (its Platform:AppMarkup): empty for its default, or "prerendered" (docs/web-app.md).</summary>
    public string AppMarkup { get; set; } = "";
}

/// <summary>The checks before the first scenario (Support/Preflight): is the platform reachable, signing in and the agent channel working?</summary>
public sealed class PreflightSettings
{
    /// <summary>Off only to debug the suite itself: a broken platform then fails scenario by scenario.</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>How long a platform that answers 503 (still starting) is waited for.</summary>
    public double StartupWaitSeconds { get; set; } = 30;
    /// <summary>The deadline of each single check (one request, the handshake, the first frame).</summary>
    public double CheckSeconds { get; set; } = 4;
    /// <summary>How long an origin that refuses connections is retried before it counts as unreachable.</summary>
    public double UnreachableRetrySeconds { get; set; } = 2;
    /// <summary>The persona whose session the auth strategy must be able to get.</summary>
    public string Persona { get; set; } = "Alice";

    public TimeSpan StartupWait => TimeSpan.FromSeconds(StartupWaitSeconds);
    public TimeSpan Check => TimeSpan.FromSeconds(CheckSeconds);
    public TimeSpan UnreachableRetry => TimeSpan.FromSeconds(UnreachableRetrySeconds);
}

/// <summary>
/// What the deployment offers beyond the core contract. Unset (null) means: ask the deployment (GET /auth/config,
/// and for the bypass a probe of POST /auth/e2e/test-auth); true or false is a declaration that wins. Scenarios
/// tagged with a capability the deployment lacks are reported as not run, with the reason.
/// </summary>
public sealed class CapabilitySettings
{
    /// <summary>@oidc: sign-in through an OpenID Connect provider (default: /auth/config's oauth_enabled).</summary>
    public bool? Oidc { get; set; }
    /// <summary>@e2e-bypass: POST /auth/e2e/test-auth with a key the suite knows (default: probed, and a key known).</summary>
    public bool? E2EBypass { get; set; }
    /// <summary>@dev-login: the quick dev sign-in (default: /auth/config's development_mode and its dev_login endpoint).</summary>
    public bool? DevLogin { get; set; }
    /// <summary>
    /// @short-lived-tokens: the suite can make Alice a genuine token that expires, or is revoked, while her agent
    /// channel is open (default: the platform's signing secret is known, as where the suite starts the platform).
    /// </summary>
    public bool? ShortLivedTokens { get; set; }
    /// <summary>How long past expiry the platform still accepts a token (the contract allows at most 30 s).</summary>
    public double TokenClockSkewSeconds { get; set; } = 30;
}

/// <summary>
/// The pool of test users (Support/Actors/PersonaPool): each scenario gets users of its own for the persona
/// names it mentions (Alice, Bob …), so scenarios can run in parallel without touching each other's sessions,
/// channels and conversations.
/// </summary>
public sealed class PoolSettings
{
    /// <summary>Off: persona names map to the accounts in Personas, shared by every scenario (run one scenario at a time then).</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>Where the suite starts the reference platform: how many test users it seeds; 0 = as many as the run needs.</summary>
    public int SeedCount { get; set; }
    /// <summary>Elsewhere: the test users that exist there (passwords only from ACCEPTANCE_Pool__Users__0__Password … or a *.local.json file).</summary>
    public List<PersonaSettings> Users { get; set; } = new();
    /// <summary>How long a scenario waits for a free test user when all are lent to running scenarios.</summary>
    public double LeaseWaitSeconds { get; set; } = 30;

    public TimeSpan LeaseWait => TimeSpan.FromSeconds(LeaseWaitSeconds);
}

/// <summary>The load journey (Features/Load): how many users, how hard, and the latency budgets it is judged by.</summary>
public sealed class LoadSettings
{
    /// <summary>How many people ask the agent at once.</summary>
    public int Users { get; set; } = 25;
    /// <summary>The ceiling of this environment: a run that asks for more users is refused before it sends anything.</summary>
    public int MaxUsers { get; set; } = 500;
    /// <summary>The ceiling on sign-ins and channel openings per second while the crowd gathers (0: no pacing).</summary>
    public double MaxConnectionsPerSecond { get; set; }
    /// <summary>How many messages the misbehaving client sends without reading its channel.</summary>
    public int FloodMessages { get; set; } = 5_000;
    /// <summary>The budget of the 95th percentile of first-event latency, in milliseconds.</summary>
    public double FirstEventP95Ms { get; set; } = 1000;
    /// <summary>The budget of the 95th percentile of completion time, in milliseconds.</summary>
    public double CompletionP95Ms { get; set; } = 10_000;
    /// <summary>How long one user's run may take at most before it counts as an error.</summary>
    public double RunDeadlineSeconds { get; set; } = 30;
}

/// <summary>
/// The quality gate (section Gate): what the run's verdict requires of the scenarios it selected. Its verdict sets
/// the exit code of dotnet test, LivingDoc.summary.json's verdict and LivingDoc's headline (docs/suite.md).
/// </summary>
public sealed class GateSettings
{
    /// <summary>Tags whose every selected scenario must pass, comma-separated ("critical"); empty for none.</summary>
    public string CriticalTags { get; set; } = "critical";
    /// <summary>How many selected scenarios may fail (the product).</summary>
    public int MaxFailed { get; set; }
    /// <summary>How many may be broken (the environment: pre-flight, a hook, a missing setting).</summary>
    public int MaxBroken { get; set; }
    /// <summary>How many may be not run or skipped, beyond those whose capability the environment declared absent.</summary>
    public int MaxNotRun { get; set; }
    /// <summary>A scenario not run because the environment declared its capability absent is accepted.</summary>
    public bool AllowDeclaredAbsent { get; set; } = true;
    /// <summary>At least this many selected scenarios must have executed.</summary>
    public int MinExecuted { get; set; } = 1;

    public IReadOnlyList<string> CriticalTagList =>
        CriticalTags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => t.TrimStart('@')).ToList();
}
