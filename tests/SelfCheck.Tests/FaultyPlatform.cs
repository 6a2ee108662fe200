using System.Security.Cryptography;
using Acceptance.Support.Platform;

namespace Acceptance.SelfCheck.Tests;

/// <summary>
/// The reference platform started as a child process with fault switches on, and the ACCEPTANCE_ settings that
/// point the suite at it: endpoints and, as the suite's own launcher does, the signing secret and bypass key.
/// </summary>
public sealed class FaultyPlatform : IDisposable
{
    private readonly ReferencePlatformProcess _process;

    private FaultyPlatform(ReferencePlatformProcess process, IReadOnlyDictionary<string, string> settings, IReadOnlyList<string> secrets)
    {
        _process = process;
        SuiteSettings = settings;
        Secrets = secrets;
    }

    /// <summary>The signing secret and bypass key: they must appear in no output.</summary>
    public IReadOnlyList<string> Secrets { get; }

    public PlatformEndpoints Endpoints => _process.Endpoints;

    /// <summary>ACCEPTANCE_* variables for a child suite run against this platform.</summary>
    public IReadOnlyDictionary<string, string> SuiteSettings { get; }

    /// <summary>
    /// Starts the platform with these fault switches. With <paramref name="testUsers"/> above 0 it seeds that many
    /// interchangeable test users (Platform:TestUsers) and lists them to the suite as its pool (Pool:Users), as the
    /// suite does where it starts the platform itself: each scenario then borrows users of its own, and the @load
    /// scenarios can gather their crowd.
    /// </summary>
    /// <summary>Starts the platform with these faults (Platform:Faults:*) and, in <paramref name="platform"/>, other Platform:* settings.</summary>
    public static FaultyPlatform Start(IReadOnlyDictionary<string, string> faults, int testUsers = 0, IReadOnlyDictionary<string, string>? platform = null)
    {
        var secret = RandomSecret(48);
        var bypassKey = RandomSecret(24);
        const string issuer = "self-check-auth", audience = "self-check-api";
        var configuration = new Dictionary<string, string>
        {
            ["Platform:DevelopmentMode"] = "true",
            ["Platform:E2EBypassKey"] = bypassKey,
            ["Platform:Jwt:Secret"] = secret,
            ["Platform:Jwt:Issuer"] = issuer,
            ["Platform:Jwt:Audience"] = audience,
            // As where the suite starts the platform itself: no clock skew, so the token-expiry scenario ends in seconds.
            ["Platform:Jwt:ClockSkewSeconds"] = "0",
        };
        const string testUserPrefix = "self-check-user-";
        var testUserPassword = RandomSecret(18);
        if (testUsers > 0)
        {
            configuration["Platform:TestUsers:Count"] = testUsers.ToString(System.Globalization.CultureInfo.InvariantCulture);
            configuration["Platform:TestUsers:EmailPrefix"] = testUserPrefix;
            configuration["Platform:TestUsers:Password"] = testUserPassword;
        }
        foreach (var (key, value) in faults) configuration[$"Platform:Faults:{key}"] = value;
        foreach (var (key, value) in platform ?? new Dictionary<string, string>()) configuration[key] = value;
        var process = ReferencePlatformProcess.Start(SelfCheckPaths.PlatformAssembly(), configuration, TimeSpan.FromSeconds(60));
        var endpoints = process.Endpoints;
        var settings = new Dictionary<string, string>
        {
            ["ACCEPTANCE_Endpoints__Auth"] = endpoints.Auth.ToString(),
            ["ACCEPTANCE_Endpoints__Api"] = endpoints.Api.ToString(),
            ["ACCEPTANCE_Endpoints__App"] = endpoints.App!.ToString(),
            ["ACCEPTANCE_Auth__JwtSecret"] = secret,
            ["ACCEPTANCE_Auth__JwtIssuer"] = issuer,
            ["ACCEPTANCE_Auth__JwtAudience"] = audience,
            ["ACCEPTANCE_Auth__E2EBypassKey"] = bypassKey,
            ["ACCEPTANCE_Capabilities__TokenClockSkewSeconds"] = "0",
        };
        for (var n = 0; n < testUsers; n++)
        {
            settings[$"ACCEPTANCE_Pool__Users__{n}__Email"] = $"{testUserPrefix}{n + 1}@example.com";
            settings[$"ACCEPTANCE_Pool__Users__{n}__Password"] = testUserPassword;
        }
        return new FaultyPlatform(process, settings, testUsers > 0 ? [secret, bypassKey, testUserPassword] : [secret, bypassKey]);
    }

    public void Dispose() => _process.Dispose();

    private static string RandomSecret(int bytes) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
