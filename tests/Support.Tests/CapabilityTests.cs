using Acceptance.Support.Capabilities;
using Acceptance.Support.Configuration;
using Acceptance.Support.Platform;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NUnit.Framework;

namespace Acceptance.Support.Tests;

/// <summary>What the suite decides a deployment offers: a declaration wins; otherwise /auth/config and the bypass probe.</summary>
public sealed class CapabilityTests
{
    private static Task<LoopbackServer> AuthOriginAsync(object? config, int bypassStatus, int configStatus = 200, int configDelayMs = 0, string? rawConfig = null) =>
        LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/auth/config", async (HttpContext context) =>
            {
                if (configDelayMs > 0) await Task.Delay(configDelayMs);
                if (configStatus != 200) return Results.Json(new { detail = "Internal Server Error" }, statusCode: configStatus);
                if (rawConfig is not null) return Results.Text(rawConfig, "application/json");
                return config is null ? Results.StatusCode(404) : Results.Json(config);
            });
            app.MapPost("/auth/e2e/test-auth", () => Results.StatusCode(bypassStatus));
        });

    private static readonly CapabilitySettings AllDeclaredAbsent = new() { Oidc = false, DevLogin = false, E2EBypass = false, ShortLivedTokens = false };

    private static PlatformTargets Targets(Uri auth, CapabilitySettings? declared = null, string? bypassKey = "key", bool signing = false)
    {
        var settings = new AcceptanceSettings { Environment = "staging", Capabilities = declared ?? new CapabilitySettings() };
        settings.Preflight.CheckSeconds = 2;
        return new PlatformTargets(settings, PlatformEndpoints.From(auth.ToString(), auth.ToString(), null, auth.ToString()),
            signing ? new TokenSigning(new string('s', 40), "iss", "aud") : null, bypassKey, StartedLocally: false);
    }

    private static readonly object ProviderConfig = new
    {
        development_mode = false,
        oauth_enabled = true,
        endpoints = new { login = "l", logout = "o", refresh = "r", me = "m" },
    };

    [Test]
    public async Task What_auth_config_reports_decides_when_nothing_is_declared()
    {
        await using var origin = await AuthOriginAsync(ProviderConfig, 503);
        var capabilities = await PlatformCapabilities.DiscoverAsync(Targets(origin.Uri, new CapabilitySettings { ShortLivedTokens = false }));

        Assert.That(capabilities.ToDictionary(c => c.Key, c => c.Value.Offered), Is.EquivalentTo(new Dictionary<string, bool>
        {
            ["oidc"] = true, ["dev-login"] = false, ["e2e-bypass"] = false, ["short-lived-tokens"] = false,
        }));
        Assert.That(PlatformCapabilities.Problems(capabilities), Is.Empty);
        Assert.That(capabilities["dev-login"].Declared, Is.False, "Reported absent by the deployment, not declared.");
    }

    [Test]
    public async Task A_declared_absence_is_not_asked_and_its_not_run_reason_says_declared()
    {
        await using var origin = await AuthOriginAsync(ProviderConfig, 503, configStatus: 500);
        var capabilities = await PlatformCapabilities.DiscoverAsync(Targets(origin.Uri, AllDeclaredAbsent));

        Assert.That(PlatformCapabilities.Problems(capabilities), Is.Empty, "Nothing was asked, so nothing could fail.");
        Assert.That(capabilities["oidc"].Reason, Is.EqualTo("declared: Capabilities:Oidc is false"));
        Assert.That(PlatformCapabilities.ReasonNotToRun(["oidc"], capabilities), Does.Contain(PlatformCapabilities.DeclaredMarker));
    }

    [TestCase(500, 0, null, "answered HTTP 500")]
    [TestCase(200, 3000, null, "gave no answer within 1 s (Preflight:CheckSeconds)")]
    [TestCase(200, 0, "<html>oops</html>", "answered something that is not JSON")]
    [TestCase(200, 0, "{\"development_mode\": true}", "answered without a boolean oauth_enabled")]
    public async Task An_auth_config_that_errors_times_out_or_is_unreadable_is_a_problem_naming_the_capability_and_the_call(
        int status, int delayMs, string? raw, string what)
    {
        await using var origin = await AuthOriginAsync(ProviderConfig, 503, status, delayMs, raw);
        var targets = Targets(origin.Uri, new CapabilitySettings { ShortLivedTokens = false, E2EBypass = false, DevLogin = false });
        targets.Settings.Preflight.CheckSeconds = 1;
        var capabilities = await PlatformCapabilities.DiscoverAsync(targets);

        var problem = PlatformCapabilities.Problems(capabilities).Single();
        Assert.That(problem, Does.StartWith("capability @oidc (sign-in through an OpenID Connect provider) could not be determined: ")
            .And.Contain($"{origin.Uri}auth/config").And.Contain(what).And.Contain("Capabilities:Oidc"));
        Assert.That(capabilities["oidc"].Offered, Is.False);
    }

    [Test]
    public async Task A_declared_capability_the_deployment_reports_absent_is_a_problem()
    {
        await using var origin = await AuthOriginAsync(new { development_mode = false, oauth_enabled = false, endpoints = new { } }, 503);
        var capabilities = await PlatformCapabilities.DiscoverAsync(Targets(origin.Uri,
            new CapabilitySettings { Oidc = true, DevLogin = true, E2EBypass = true, ShortLivedTokens = false }));

        Assert.That(PlatformCapabilities.Problems(capabilities), Is.EqualTo(new[]
        {
            "capability @oidc (sign-in through an OpenID Connect provider) is declared (Capabilities:Oidc is true), but the deployment reports it absent: GET /auth/config reports oauth_enabled: false",
            "capability @e2e-bypass (the e2e test-auth bypass) is declared (Capabilities:E2EBypass is true), but the deployment reports it absent: POST /auth/e2e/test-auth answers 503: no bypass key is configured there",
            "capability @dev-login (the quick dev sign-in) is declared (Capabilities:DevLogin is true), but the deployment reports it absent: GET /auth/config reports development_mode: false and no dev_login endpoint",
        }));
    }

    [TestCase(401, "key", true, false)]
    [TestCase(401, null, false, true)]
    [TestCase(503, "key", false, false)]
    [TestCase(403, "key", false, false)]
    [TestCase(500, "key", false, true)]
    public async Task The_bypass_is_offered_only_when_the_deployment_has_it_and_the_suite_has_a_key(int probeStatus, string? key, bool offered, bool problem)
    {
        await using var origin = await AuthOriginAsync(ProviderConfig, probeStatus);
        var capabilities = await PlatformCapabilities.DiscoverAsync(Targets(origin.Uri, new CapabilitySettings { ShortLivedTokens = false }, bypassKey: key));

        Assert.That((capabilities["e2e-bypass"].Offered, capabilities["e2e-bypass"].Problem is not null), Is.EqualTo((offered, problem)), capabilities["e2e-bypass"].Describe());
    }

    [Test]
    public async Task Development_mode_with_a_dev_login_endpoint_offers_the_quick_dev_sign_in()
    {
        await using var origin = await AuthOriginAsync(new
        {
            development_mode = true,
            oauth_enabled = false,
            endpoints = new { login = "l", logout = "o", refresh = "r", me = "m", dev_login = "http://127.0.0.1/auth/dev/login" },
        }, 503);

        Assert.That((await PlatformCapabilities.DiscoverAsync(Targets(origin.Uri)))["dev-login"].Offered, Is.True);
    }

    [Test]
    public async Task Short_lived_tokens_need_the_platforms_signing_secret_or_a_declared_absence()
    {
        await using var origin = await AuthOriginAsync(ProviderConfig, 503);
        var silent = await PlatformCapabilities.DiscoverAsync(Targets(origin.Uri));
        var declaredAbsent = await PlatformCapabilities.DiscoverAsync(Targets(origin.Uri, new CapabilitySettings { ShortLivedTokens = false }));
        var declaredWithout = await PlatformCapabilities.DiscoverAsync(Targets(origin.Uri, new CapabilitySettings { ShortLivedTokens = true }));
        var with = await PlatformCapabilities.DiscoverAsync(Targets(origin.Uri, signing: true));

        Assert.That(silent["short-lived-tokens"].Problem, Does.Contain("declare Capabilities:ShortLivedTokens false, or set Auth:JwtSecret"));
        Assert.That(declaredAbsent["short-lived-tokens"], Has.Property("Offered").False.And.Property("Problem").Null);
        Assert.That(declaredWithout["short-lived-tokens"].Problem, Does.Contain("is declared (Capabilities:ShortLivedTokens is true), but the suite does not know"));
        Assert.That(with["short-lived-tokens"], Has.Property("Offered").True.And.Property("Problem").Null);
    }

    [TestCase(false, "Alice,Bob", new string[0])]
    [TestCase(true, "Alice,Bob", new[] { "Dev" })]
    [TestCase(false, "Alice", new[] { "Bob" })]
    public void The_personas_the_features_need_must_be_in_the_settings(bool devLogin, string defined, string[] missing)
    {
        var settings = new AcceptanceSettings { Environment = "staging" };
        foreach (var name in defined.Split(',')) settings.Personas[name] = new PersonaSettings { Email = $"{name.ToLowerInvariant()}@example.com" };

        var problems = PersonaRequirements.Missing(settings, devLogin).ToList();

        Assert.That(problems, Has.Count.EqualTo(missing.Length));
        foreach (var (name, problem) in missing.Zip(problems))
            Assert.That(problem, Does.StartWith($"No persona named \"{name}\" in the staging settings").And.Contain($"ACCEPTANCE_Personas__{name}__Email"));
    }

    [Test]
    public void A_scenario_tagged_with_a_missing_capability_gets_the_reason_not_to_run()
    {
        var capabilities = new Dictionary<string, Capability>(StringComparer.OrdinalIgnoreCase)
        {
            ["oidc"] = new("oidc", "sign-in through an OpenID Connect provider", false, "GET /auth/config reports oauth_enabled: false"),
            ["dev-login"] = new("dev-login", "the quick dev sign-in", true, "declared"),
        };

        Assert.That(PlatformCapabilities.ReasonNotToRun(["browser", "oidc"], capabilities),
            Is.EqualTo("the deployment does not offer sign-in through an OpenID Connect provider (GET /auth/config reports oauth_enabled: false)"));
    }

    [Test]
    public void A_scenario_without_capability_tags_runs()
    {
        var capabilities = new Dictionary<string, Capability> { ["oidc"] = new("oidc", "OIDC", false, "no") };

        Assert.That(PlatformCapabilities.ReasonNotToRun(["smoke", "dev-login"], capabilities), Is.Null);
    }
}
