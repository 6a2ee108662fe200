using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Acceptance.SelfCheck.Tests.Matrix;

/// <summary>
/// One proof of the matrix: with its run's fault on, the scenario fails at a Then step of this binding, and the
/// failure message matches <see cref="Cause"/> (it names the cause).
/// </summary>
/// <param name="Binding">The Then binding, "Class.Method" as in StepDefinitions/ (e.g. RefusalStepDefinitions.ThenItIsRefusedWith).</param>
/// <param name="Feature">The feature file, "Features/…/….feature".</param>
/// <param name="Scenario">The scenario case's name as the runner names its pickle (an outline's placeholders filled in).</param>
/// <param name="Cause">A regular expression the step's failure message must match (searched, across lines).</param>
public sealed record Proof(string Binding, string Feature, string Scenario, string Cause);

/// <summary>
/// One child run of the matrix: the reference platform started with <see cref="Faults"/> (Platform:Faults:*), the
/// suite run against it with a filter, and what must happen: each proof's scenario fails where it says, every
/// other selected scenario passes, except those listed in <see cref="AlsoFailing"/>.
/// </summary>
public sealed record FaultRun(string Name, IReadOnlyDictionary<string, string> Faults, IReadOnlyList<Proof> Proofs)
{
    /// <summary>ACCEPTANCE_* settings of the child run beyond the endpoints (e.g. the pre-flight off).</summary>
    public IReadOnlyDictionary<string, string> SuiteSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>The NUnit selection expression (`cat == events`, <see cref="DetectionMatrix.ByName"/>); by default exactly the proofs' scenarios.</summary>
    public string? Filter { get; init; }

    /// <summary>Other selected scenarios that fail too, and why (they prove nothing here, and are not required to fail).</summary>
    public IReadOnlyDictionary<string, string> AlsoFailing { get; init; } = new Dictionary<string, string>();

    /// <summary>Further assertions about the run (what the former fault tests checked: durations, full messages).</summary>
    public Action<SuiteRun>? Check { get; init; }

    public TimeSpan Deadline { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Test users the platform seeds and the suite borrows (Pool:Users): the @load crowd needs them.</summary>
    public int TestUsers { get; init; }

    /// <summary>"Platform:Faults:X=v" for each fault, then the suite's settings in configuration form.</summary>
    public string Setting => string.Join("; ", Faults.Select(f => $"{FaultOptionsSection}:{f.Key}={f.Value}")
        .Concat(SuiteSettings.Select(s => $"{s.Key["ACCEPTANCE_".Length..].Replace("__", ":")}={s.Value} (suite)")));

    public string Fault => string.Join(" + ", Faults.Keys);

    public string EffectiveFilter => Filter ?? DetectionMatrix.ByName(Proofs.Select(p => p.Scenario));

    public override string ToString() => Name;

    public const string FaultOptionsSection = "Platform:Faults";
}

/// <summary>A fault the pre-flight must stop the run for, before any scenario: every selected scenario fails with one diagnosis.</summary>
public sealed record PreflightStop(string Name, IReadOnlyDictionary<string, string> Faults, string Filter, string Diagnosis)
{
    public string Setting => string.Join("; ", Faults.Select(f => $"{FaultRun.FaultOptionsSection}:{f.Key}={f.Value}"));

    public override string ToString() => Name;
}

/// <summary>
/// The detection matrix: for every Then binding of the suite, at least one fault switch of the reference platform
/// that turns a scenario using it red, at that step, with a message naming the cause. Add a row here when you add
/// a Then step (docs/diagnosis.md, "Self-check"); docs/detection-matrix.md and .json are generated from it.
/// </summary>
public static class DetectionMatrix
{
    private const string Channel = "AgentChannelStepDefinitions.";
    private const string Events = "AgentEventStepDefinitions.";
    private const string Browser = "BrowserStepDefinitions.";
    private const string Conversations = "ConversationStepDefinitions.";
    private const string Provider = "IdentityProviderStepDefinitions.";
    private const string Load = "LoadStepDefinitions.";
    private const string Readiness = "ReadinessStepDefinitions.";
    private const string Refused = "RefusalStepDefinitions.ThenItIsRefusedWith";
    private const string Sessions = "SessionStepDefinitions.";

    private const string AgentEvents = "Features/AgentEvents/AgentEvents.feature";
    private const string Chatting = "Features/Chatting/Conversation.feature";
    private const string Privacy = "Features/AccessControl/ConversationPrivacy.feature";
    private const string ProtectedApis = "Features/AccessControl/ProtectedApis.feature";
    private const string WebApp = "Features/Browser/UsingTheWebApp.feature";
    private const string Crowd = "Features/Load/ManyPeopleAtOnce.feature";
    private const string ReadinessFeature = "Features/Readiness/Readiness.feature";
    private const string IdentityProvider = "Features/SigningIn/IdentityProvider.feature";
    private const string Lifecycle = "Features/SigningIn/SessionLifecycle.feature";
    private const string SigningIn = "Features/SigningIn/SigningIn.feature";
    private const string TokenChecks = "Features/SigningIn/TokenChecks.feature";

    private const string CrowdScenario = "Everyone who asks at the same moment gets their own answer";

    /// <summary>Enough test users for the crowd (Load:Users 25, and one more) and the scenarios beside it.</summary>
    public const int CrowdUsers = 40;

    // The suite's budgets (Support/Environments/local.json): a scenario that catches a fault fails within them.
    private static readonly TimeSpan CompletionBudget = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ChannelConnectBudget = TimeSpan.FromSeconds(10);

    private static Dictionary<string, string> Fault(string name, string value = "true") => new() { [name] = value };

    public static IReadOnlyList<FaultRun> Runs { get; } =
    [
        // --- The agent's events (Features/AgentEvents, Features/Chatting, Features/Load) ---
        new("swap-thinking-executing", Fault("SwapEvents", "agent_thinking,tool_executing"),
        [
            new(Events + "ThenSeesTheFiveProgressEventsInOrder", AgentEvents, "Alice sees the five events of her run in order",
                @"out of order: tool_executing arrived before agent_thinking\. Alice's run for .*: agent_started at \+\d+ ms, tool_executing at \+\d+ ms, agent_thinking at \+\d+ ms"),
        ])
        {
            // The whole feature: the swap fails nothing else.
            Filter = "cat == events",
            Check = run => Assert.That(run.Failed.Single().Duration, Is.LessThan(CompletionBudget), "It fails within the completion budget."),
        },
        new("drop-tool_completed", Fault("DropEvent", "tool_completed"),
        [
            new(Events + "ThenSeesTheFiveProgressEventsInOrder", AgentEvents, "Alice sees the five events of her run in order",
                @"tool_completed never arrived\. .*agent_started at \+\d+ ms, agent_thinking at \+\d+ ms, tool_executing at \+\d+ ms, agent_completed at \+\d+ ms"),
            new(Events + "ThenTheEventMatchesItsSchema", AgentEvents, "The tool_completed event is well-formed",
                @"No tool_completed event arrived: .*agent_started at \+\d+ ms, agent_thinking at \+\d+ ms, tool_executing at \+\d+ ms, agent_completed at \+\d+ ms"),
            new(Load + "ThenEveryoneReceivesTheirOwnRun", Crowd, CrowdScenario,
                @"\d+ of \d+ people did not get exactly their five events in order and an answer:\s+.*received \[agent_started, agent_thinking, tool_executing, agent_completed\] instead of the five events in order"),
        ])
        {
            TestUsers = CrowdUsers,
            // The whole events feature: the drop fails exactly these two of it.
            Filter = $"cat == events || {ByName([CrowdScenario])}",
            Check = run => Assert.That(run.Failed.Where(s => !s.Name.StartsWith(CrowdScenario, StringComparison.Ordinal) && s.Duration > CompletionBudget), Is.Empty,
                $"Each fails within the completion budget of {CompletionBudget.TotalSeconds} s."),
        },
        new("event-wrong-conversation", Fault("EventWrongConversation"),
        [
            new(Events + "ThenEveryEventNamesTheSameRunAndConversation", AgentEvents, "The events of a run name one run and one conversation",
                @"The events name 2 run/conversation pairs: .* by tool_completed.*\(the question went to conversation "),
        ]),
        new("delay-1200ms", Fault("EventDelayMs", "1200"),
        [
            // 1.2 s more per event: the first arrives after ~1.3 s (budget 1 s), the run ends after ~6.5 s (budget 10 s).
            new(Events + "ThenTheFirstEventArrivesPromptly", AgentEvents, "The first event arrives promptly",
                @"The first event \(agent_started\) arrived \d+\.\d+ s after the question; the budget is 1 s \(Budgets:FirstEventSeconds\)"),
            new(Load + "ThenTheFirstEventsAreWithinBudget", Crowd, CrowdScenario,
                @"first event: .*; the budget of the 95th percentile is 1000 ms \(Load:FirstEventP95Ms\)"),
        ])
        {
            TestUsers = CrowdUsers,
            Filter = $"cat == latency || {ByName([CrowdScenario])}",
            Check = run =>
            {
                Assert.That(run.Passed.Select(s => s.Name), Does.Contain("The run completes in time"), "A run 6.5 s long still completes within 10 s.");
                Assert.That(run.Failed.Single(s => s.Name == "The first event arrives promptly").Duration, Is.LessThan(CompletionBudget));
            },
        },
        new("delay-2200ms", Fault("EventDelayMs", "2200"),
        [
            // 2.2 s more per event: the run ends after ~11 s, over the 10 s budget.
            new(Events + "ThenTheRunCompletesInTime", AgentEvents, "The run completes in time",
                @"(Budgets:CompletionSeconds|the end of Alice's run)"),
            new(Load + "ThenTheCompletionsAreWithinBudget", Crowd, CrowdScenario,
                @"completion: .*; the budget of the 95th percentile is 10000 ms \(Load:CompletionP95Ms\)"),
        ])
        {
            TestUsers = CrowdUsers,
            // The first event comes 2.2 s late too; with the crowd's first-event budget at 5 s, the step after it is reached.
            SuiteSettings = new Dictionary<string, string> { ["ACCEPTANCE_Load__FirstEventP95Ms"] = "5000" },
        },
        new("errors-as-completion", Fault("ErrorsAsCompletion"),
        [
            new(Events + "ThenTheRunEndsWithAnError", AgentEvents, "A failing run ends with an error",
                @"agent_started at \+\d+ ms, agent_completed at \+\d+ ms[\s\S]*Expected: ""agent_error""\s+But was:\s+""agent_completed"""),
        ]),
        new("completion-after-error", Fault("CompletionAfterError"),
        [
            new(Events + "ThenNoCompletionFollowsTheError", AgentEvents, "A failing run never reports a completion",
                @"A completion arrived within the \d+ s quiet window: .*agent_error at \+\d+ ms"),
        ]),
        new("events-to-everyone", Fault("EventsToEveryone"),
        [
            new(Events + "ThenEachOfThemSeesOnlyTheEventsOfTheirOwnRun", AgentEvents, "Alice and Bob ask at the same time and each sees only their own run",
                @"Events of another user's run arrived"),
            new(Load + "ThenNobodyReceivesSomeoneElsesEvents", Crowd, CrowdScenario,
                @"events of someone else's run arrived:\s+.*agent_\w+ of conversation"),
        ])
        {
            TestUsers = CrowdUsers,
        },
        new("answer-text-missing", Fault("AnswerTextMissing"),
        [
            new(Events + "ThenReceivesAnAnswerFromTheAgent", Chatting, "Alice asks the agent and receives an answer",
                @"No answer: Alice's run for .*agent_completed at \+\d+ ms"),
            new(Browser + "ThenSeesTheAgentThinkingAndItsToolStepBeforeTheAnswer", WebApp, "Alice watches the agent work before it answers",
                @"Alice saw no answer[\s\S]*the agent's answer was empty"),
        ]),
        new("history-out-of-order", Fault("HistoryOutOfOrder"),
        [
            new(Conversations + "ThenTheHistoryHoldsQuestionsAndAnswersInTurn", Chatting, "Alice's questions and the agent's answers are kept in order",
                @"The history is not in turn"),
        ]),
        new("channel-close-normal", Fault("ChannelCloseNormal"),
        [
            new(Channel + "ThenTheAgentChannelIsClosedAsAPolicyViolation", Lifecycle, "Signing out closes Alice's open agent channel",
                @"Alice's channel was not closed with 1008 \(policy violation\)[\s\S]*But was:\s+1000"),
        ]),

        // --- Conversations and who sees them ---
        new("conversation-list-shows-all", Fault("ConversationListShowsAll"),
        [
            new(Conversations + "ThenSomeonesConversationIsNotAmongThem", Privacy, "Alice's conversation is not in Bob's list",
                @"Alice's conversation is listed for Bob\."),
        ]),
        new("conversation-list-empty", Fault("ConversationListEmpty"),
        [
            new(Conversations + "ThenSomeonesConversationIsAmongThem", Privacy, "Alice's conversation is not in Bob's list",
                @"Bob's conversation is missing from the 0 conversation\(s\) listed for Bob"),
        ]),
        new("foreign-delete-succeeds", Fault("ForeignDeleteSucceeds"),
        [
            new(Conversations + "ThenSomeonesConversationIsStillThere", Privacy, "Bob cannot delete Alice's conversation",
                @"Alice can no longer open that conversation: .*404"),
        ]),

        // --- Refusals: each fault lets through what a scenario expects to be refused ---
        new("allow-anonymous-websocket", Fault("AllowAnonymousWebSocket"),
        [
            new(Refused, ProtectedApis, "An anonymous visitor cannot open the agent channel",
                @"Expected an anonymous visitor's attempt to open the agent channel to be refused with ""handshake refused"" \(.*HTTP 401.*\), but got: the channel opened \(HTTP 101\)"),
        ])
        {
            Filter = "cat == security && cat == websocket",
            Check = run => Assert.That(run.Failed.Single().Duration, Is.LessThan(ChannelConnectBudget), "It fails within the channel's connect budget."),
        },
        new("accept-forged-tokens", Fault("AcceptForgedTokens"),
        [
            new(Refused, TokenChecks, "A call with a tampered access token is refused",
                @"Expected Alice's attempt to list conversations with a tampered access token to be refused with ""not signed in"" .*but got: .*200"),
            new(Refused, TokenChecks, "Opening the agent channel with a tampered access token is refused",
                @"Expected Alice's attempt to open the agent channel with a tampered access token to be refused with ""handshake refused"" .*but got: the channel opened"),
        ]),
        new("refresh-rotation-not-enforced", Fault("RefreshRotationNotEnforced"),
        [
            new(Refused, Lifecycle, "A refresh token that was already used is refused",
                @"to be refused with ""session ended"" \(HTTP 401\), but got: .*200"),
        ]),
        new("reveal-unknown-email", Fault("RevealUnknownEmail"),
        [
            new(Refused, SigningIn, "A sign-in with an unknown email is refused",
                @"to be refused with ""invalid credentials"" .*but got: .*Unknown email"),
            new(Sessions + "ThenBothRefusalsCarryTheSameMessage", SigningIn, "A wrong password and an unknown email are refused alike",
                @"The refusals differ:[\s\S]*Invalid credentials[\s\S]*Unknown email"),
        ]),

        // --- Sessions and profiles ---
        new("profile-of-another-user", Fault("ProfileOfAnotherUser"),
        [
            new(Sessions + "ThenSessionShowsOwnProfile", SigningIn, "Alice signs in with her credentials",
                @"The profile is not Alice's: .*mallory@example\.com"),
        ])
        {
            // The pre-flight reads /auth/me too and would stop the run first (with the same finding).
            SuiteSettings = new Dictionary<string, string> { ["ACCEPTANCE_Preflight__Enabled"] = "false" },
        },
        new("dev-login-ordinary-profile", Fault("DevLoginOrdinaryProfile"),
        [
            new(Sessions + "ThenTheDevelopersSessionShowsTheDevelopmentProfile", SigningIn, "A developer signs in with the quick dev sign-in",
                @"The profile is not .*'s: "),
        ]),

        // --- Readiness (the pre-flight checks health too: off here, so the scenario is what reports it) ---
        new("health-api-degraded", Fault("HealthStatus", "api=degraded"),
        [
            new(Readiness + "ThenTheOriginReportsItselfHealthy", ReadinessFeature, "The backend is healthy",
                @"The backend is not healthy: .*degraded"),
        ])
        {
            SuiteSettings = new Dictionary<string, string> { ["ACCEPTANCE_Preflight__Enabled"] = "false" },
        },
        new("dependency-down-database", Fault("DependencyDown", "database"),
        [
            new(Readiness + "ThenEveryDependencyOfTheBackendIsReportedHealthy", ReadinessFeature, "The backend's database and identity service are reachable",
                @"The backend reports an unhealthy dependency: .*database.*down"),
        ]),

        // --- The web app in a browser ---
        new("chat-page-without-user", Fault("ChatPageWithoutUser"),
        [
            // Signing in through the login page checks the chat page itself (a When), so the provider's sign-in shows the Then failing.
            new(Browser + "ThenSeesTheChatPage", IdentityProvider, "Alice signs in through the identity provider in the browser",
                @"(?i)user-email"),
        ]),
        new("webapp-stages-out-of-order", Fault("WebAppStagesOutOfOrder"),
        [
            new(Browser + "ThenSeesTheAgentThinkingAndItsToolStepBeforeTheAnswer", WebApp, "Alice watches the agent work before it answers",
                @"Alice saw the stages in this order: answer"),
        ]),
        new("sign-out-stays-on-chat", Fault("SignOutStaysOnChat"),
        [
            // Signing out (When) only clicks; the Then judges where it led. ("The chat page is closed to a signed-out
            // visitor" signs out in a Given, which waits for the login page and so fails before its Then.)
            new(Browser + "ThenIsOnTheLoginPage", WebApp, "Signing out returns Alice to the login page",
                @"Page URL expected to match regex '/login"),
        ]),
        new("accessibility-violation", Fault("AccessibilityViolation"),
        [
            new(Browser + "ThenItHasNoSeriousOrCriticalAccessibilityViolations", WebApp, "The login page is accessible",
                @"critical: image-alt"),
        ]),

        // --- The identity provider (OpenID Connect) ---
        new("oidc-pkce-not-enforced", Fault("OidcPkceNotEnforced"),
        [
            new(Refused, IdentityProvider, "A sign-in without PKCE is refused", @"to be refused with ""invalid authorization request"""),
            new(Refused, IdentityProvider, "A sign-in with plain PKCE is refused", @"to be refused with ""invalid authorization request"""),
        ])
        {
            Filter = "cat == oidc && cat == security",
        },
        new("oidc-nonce-not-echoed", Fault("OidcNonceNotEchoed"),
        [
            new(Provider + "ThenTheIdTokenIsGenuine", IdentityProvider, "Alice's ID token is genuine", @"Alice's ID token failed these checks[\s\S]*nonce"),
        ])
        {
            // A refusal that needs no ID token still passes.
            Filter = ByName(["Alice's ID token is genuine", "A sign-in without PKCE is refused"]),
        },
        new("oidc-any-redirect-uri", Fault("OidcAnyRedirectUri"),
        [
            new(Refused, IdentityProvider, "A sign-in for an unregistered return address is refused and never followed",
                @"to be refused with ""invalid authorization request"""),
        ])
        {
            Filter = "cat == oidc && cat == security",
        },
        new("oidc-errors-to-any-redirect-uri", Fault("OidcErrorsToAnyRedirectUri"),
        [
            new(Provider + "ThenNobodyIsSentToTheUnregisteredAddress", IdentityProvider, "A sign-in for an unregistered return address is refused and never followed",
                @"https://unregistered\.example/callback"),
        ]),
        new("oidc-reusable-codes", Fault("OidcReusableCodes"),
        [
            new(Refused, IdentityProvider, "A code that was already redeemed is refused", @"to be refused with ""invalid grant"""),
        ])
        {
            Filter = "cat == oidc && cat == security",
            // Nothing is redeemed under this fault, so a used refresh token works again too.
            AlsoFailing = new Dictionary<string, string>
            {
                ["A provider refresh token that was already used is refused"] = "with codes never redeemed, the provider's refresh tokens are not retired either",
            },
        },
        new("oidc-refresh-reusable", Fault("OidcRefreshReusable"),
        [
            new(Refused, IdentityProvider, "A provider refresh token that was already used is refused", @"to be refused with ""invalid grant"""),
        ]),
    ];

    /// <summary>Faults the pre-flight must catch before any scenario runs.</summary>
    public static IReadOnlyList<PreflightStop> PreflightStops { get; } =
    [
        new("auth-config-500", Fault("AuthConfigStatus", "500"), "cat == smoke",
            @"^capability @oidc \(.*\) could not be determined: GET http://127\.0\.0\.1:\d+/auth/config answered HTTP 500 .*; declare Capabilities:Oidc in the environment's settings, or fix the deployment"),
    ];

    /// <summary>
    /// An NUnit selection expression for the scenario cases with exactly these names: the runner names a test after its
    /// pickle, and an examples row adds " [values]" (docs/runner.md).
    /// </summary>
    public static string ByName(IEnumerable<string> scenarios) =>
        string.Join(" || ", scenarios.Distinct().Select(name => $"name =~ {Quote("^" + Regex.Escape(name) + @"( \[.*\])?$")}"));

    /// <summary>A string of NUnit's selection language: in double quotes, with backslash and quote escaped.</summary>
    public static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
