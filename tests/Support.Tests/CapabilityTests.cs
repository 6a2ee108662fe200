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
    private static Task<LoopbackServer> AuthOriginAsync(object? config, int bypassStatus) =>
        LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/auth/config", (HttpContext context) => config is null ? Results.StatusCode(404) : Results.Json(config));
            app.MapPost("/auth/e2e/test-auth", () => Results.StatusCode(bypassStatus));
        });

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
        var capabilities = await PlatformCapabilities.DiscoverAsync(Targets(origin.Uri));

        Assert.That(capabilities.ToDictionary(c => c.Key, c => c.Value.Offered), Is.EquivalentTo(new Dictionary<string, bool>
        {
            ["oidc"] = true, ["dev-login"] = false, ["e2e-bypass"] = false, ["short-lived-tokens"] = false,
        }));
    }

    [Test]
    public async Task A_declaration_wins_over_what_the_deployment_reports()
    {
        await using var origin = await AuthOriginAsync(ProviderConfig, 503);
        var capabilities = await PlatformCapabilities.DiscoverAsync(Targets(origin.Uri, new CapabilitySettings { Oidc = false }));

        Assert.That(capabilities["oidc"].Reason, Is.EqualTo("declared: Capabilities:Oidc is false"));
    }

    [TestCase(401, "key", true)]
    [TestCase(401, null, false)]
    [TestCase(503, "key", false)]
    [TestCase(403, "key", false)]
    public async Task The_bypass_is_offered_only_when_the_deployment_has_it_and_the_suite_has_a_key(int probeStatus, string? key, bool offered)
    {
        await using var origin = await AuthOriginAsync(ProviderConfig, probeStatus);
        var capabilities = await PlatformCapabilities.DiscoverAsync(Targets(origin.Uri, bypassKey: key));

        Assert.That(capabilities["e2e-bypass"].Offered, Is.EqualTo(offered), capabilities["e2e-bypass"].Reason);
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
    public async Task An_unanswered_auth_config_offers_nothing_and_says_why()
    {
        await using var origin = await AuthOriginAsync(null, 503);
        var capabilities = await PlatformCapabilities.DiscoverAsync(Targets(origin.Uri));

        Assert.That(capabilities["oidc"].Reason, Does.Contain("GET /auth/config gave no answer to go by: HTTP 404"));
    }

    [Test]
    public async Task Short_lived_tokens_need_the_platforms_signing_secret()
    {
        await using var origin = await AuthOriginAsync(ProviderConfig, 503);
        var without = await PlatformCapabilities.DiscoverAsync(Targets(origin.Uri));
        var with = await PlatformCapabilities.DiscoverAsync(Targets(origin.Uri, signing: true));

        Assert.That((without["short-lived-tokens"].Offered, with["short-lived-tokens"].Offered), Is.EqualTo((false, true)));
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
