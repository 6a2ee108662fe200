using System.Collections.Concurrent;
using System.Diagnostics;
using Acceptance.Support.Capabilities;
using Acceptance.Support.Evidence;
using Acceptance.Support.Platform;
using NUnit.Framework;

namespace Acceptance.Support.Oidc;

/// <summary>
/// An identity provider may still be getting ready after its origin answers: the reference platform's OpenIddict
/// does its first-use work (keys, handler pipeline, database model) in the seconds after start, 5-8 s on a quiet
/// 2-core machine, and holds provider requests until then. A person clicking "Sign in with the identity provider"
/// in that window just waits; a step with a 5 s deadline failed instead (the self-check's browser runs, in CI).
/// So, once per run, the provider's discovery document is asked for until it answers (at most
/// Preflight:StartupWaitSeconds, or ReferencePlatform:StartupSeconds for the platform the suite started), starting as soon as the run knows the deployment offers OpenID Connect, and every
/// @oidc scenario starts only when it has answered; the wait is in the scenario's evidence, and a provider that
/// never answers fails the scenario with what came back.
/// </summary>
public static class ProviderReadiness
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<ProviderReady>>> Waits = new();

    /// <summary>Starts asking, in the background, once the run knows the deployment offers OpenID Connect.</summary>
    public static async Task StartWaitingAsync()
    {
        if (Acceptance.Support.Preflight.TestRunPreflight.Diagnosis is not null || TestRunEnvironment.CurrentOrNull is not { } targets) return;
        var capabilities = await PlatformCapabilities.ResolveAsync(targets);
        if (!capabilities.TryGetValue(PlatformCapabilities.OidcTag, out var oidc) || !oidc.Offered) return;
        // Not awaited: the other scenarios need no provider and start at once.
        _ = WaitFor(targets);
    }

    /// <summary>Before an @oidc scenario: returns once the provider has answered, or fails the scenario with what came back.</summary>
    public static async Task WaitAsync(ScenarioEvidence evidence, Acceptance.Runner.ScenarioTimeLimit timeLimit)
    {
        if (TestRunEnvironment.CurrentOrNull is not { } targets) return;
        var waited = Stopwatch.StartNew();
        ProviderReady ready;
        // Waiting for the deployment to finish starting is not the scenario being slow (the wait has its own deadline).
        using (timeLimit.Queueing()) ready = await WaitFor(targets);
        if (!ready.Answered)
            Assert.Fail($"The identity provider was not ready: {ready.Detail}");
        if (waited.Elapsed > TimeSpan.FromSeconds(1))
            evidence.Note($"Waited {waited.Elapsed.TotalSeconds:0.0} s for the identity provider to be ready: it answered its discovery document {ready.After.TotalSeconds:0.0} s after the run first asked (first use after start).");
    }

    private static Task<ProviderReady> WaitFor(PlatformTargets targets)
    {
        var settings = targets.Settings;
        var authority = settings.Auth.Oidc.AuthorityOr(targets.Endpoints.Auth);
        // The reference platform started here gets as long as its start-up may take (ReferencePlatform:StartupSeconds,
        // 60 s): on a machine loaded by other work its provider's first use has taken over 30 s.
        var deadline = TestRunEnvironment.PlatformStartTime is not null && settings.ReferencePlatform.StartupSeconds > settings.Preflight.StartupWaitSeconds
            ? (TimeSpan.FromSeconds(settings.ReferencePlatform.StartupSeconds), "ReferencePlatform:StartupSeconds")
            : (settings.Preflight.StartupWait, "Preflight:StartupWaitSeconds");
        return Waits.GetOrAdd(authority, a => new Lazy<Task<ProviderReady>>(() => ProviderReadinessProbe.AskUntilAnsweredAsync(a, deadline, settings.Budgets.Http))).Value;
    }
}
