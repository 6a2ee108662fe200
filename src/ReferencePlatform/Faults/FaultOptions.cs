namespace Acceptance.ReferencePlatform.Faults;

/// <summary>
/// Deliberate defects for testing the acceptance suite itself (section "Platform:Faults").
/// All are off by default; each changes only what it names.
/// </summary>
public sealed class FaultOptions
{
    public const string Section = "Platform:Faults";
    public const string DefaultWebSocketPath = "/api/v1/websocket";

    /// <summary>Health endpoints answer 503 {"status":"starting"} for this long after start.</summary>
    public int StartupDelayMs { get; set; }

    /// <summary>The agent WebSocket is served here instead of /api/v1/websocket.</summary>
    public string? WebSocketPath { get; set; }

    /// <summary>This event of a run is never sent.</summary>
    public string? DropEvent { get; set; }

    /// <summary>"a,b": those two events of a run are sent in swapped order.</summary>
    public string? SwapEvents { get; set; }

    /// <summary>Every event of a run is delayed by this many extra milliseconds.</summary>
    public int EventDelayMs { get; set; }

    /// <summary>The relaxed staging mode: anonymous WebSocket handshakes are accepted.</summary>
    public bool AllowAnonymousWebSocket { get; set; }

    // The agent channel and its runs.

    /// <summary>Every event of a run also goes to every other user's open agent channels.</summary>
    public bool EventsToEveryone { get; set; }

    /// <summary>A run that ended with agent_error is followed ~300 ms later by an agent_completed of the same run.</summary>
    public bool CompletionAfterError { get; set; }

    /// <summary>The agent_completed event carries an empty final_response.</summary>
    public bool AnswerTextMissing { get; set; }

    /// <summary>Agent channels closed for policy reasons (sign-out, expired or revoked token, ended session) get 1000, not 1008.</summary>
    public bool ChannelCloseNormal { get; set; }

    // Conversations and access tokens (the backend).

    /// <summary>The conversation list is always answered 200 with an empty list.</summary>
    public bool ConversationListEmpty { get; set; }

    /// <summary>Deleting another user's conversation deletes it, yet answers 404 as if it were not found.</summary>
    public bool ForeignDeleteSucceeds { get; set; }

    /// <summary>A conversation's history is answered newest first.</summary>
    public bool HistoryOutOfOrder { get; set; }

    /// <summary>The API and the agent channel accept access tokens whose signature does not verify (tampered, alg none).</summary>
    public bool AcceptForgedTokens { get; set; }

    // The identity service.

    /// <summary>A password session's refresh token works again after it was used (no rotation enforced).</summary>
    public bool RefreshRotationNotEnforced { get; set; }

    /// <summary>GET /auth/config answers with this HTTP status and a small error body (0: off).</summary>
    public int AuthConfigStatus { get; set; }

    /// <summary>GET /auth/config answers only after this many milliseconds.</summary>
    public int AuthConfigDelayMs { get; set; }

    /// <summary>GET /auth/me answers with another user's profile (mallory@example.com).</summary>
    public bool ProfileOfAnotherUser { get; set; }

    /// <summary>GET /auth/me for the quick dev sign-in's user answers an ordinary profile, not the development one.</summary>
    public bool DevLoginOrdinaryProfile { get; set; }

    /// <summary>A sign-in with an unknown email is refused with "Unknown email", not "Invalid credentials".</summary>
    public bool RevealUnknownEmail { get; set; }

    // Health.

    /// <summary>"api=degraded,auth=...,app=...": that origin's health check reports the status given (the web app's: /login is 500).</summary>
    public string? HealthStatus { get; set; }

    /// <summary>"database" (or a comma list): /api/health reports those dependencies "down" while its status stays "healthy".</summary>
    public string? DependencyDown { get; set; }

    // The identity provider (applied in Oidc/ProviderFaults.cs).

    /// <summary>The identity provider issues codes without PKCE and accepts "plain" PKCE.</summary>
    public bool OidcPkceNotEnforced { get; set; }

    /// <summary>The identity provider leaves the request's nonce out of its ID tokens.</summary>
    public bool OidcNonceNotEchoed { get; set; }

    /// <summary>The identity provider redirects to any redirect URI a client names, registered or not.</summary>
    public bool OidcAnyRedirectUri { get; set; }

    /// <summary>The identity provider redeems an authorization code as often as it is presented.</summary>
    public bool OidcReusableCodes { get; set; }

    /// <summary>The identity provider accepts a provider refresh token again after it was used (no rotation enforced).</summary>
    public bool OidcRefreshReusable { get; set; }

    /// <summary>The identity provider redirects an error for an unregistered redirect URI to that very URI.</summary>
    public bool OidcErrorsToAnyRedirectUri { get; set; }

    // The web app (served to its pages in /config.js, only when on).

    /// <summary>The web app's chat page shows the answer before the thinking indicator and the tool status.</summary>
    public bool WebAppStagesOutOfOrder { get; set; }

    /// <summary>The login page carries a critical axe violation (an image without alternative text).</summary>
    public bool AccessibilityViolation { get; set; }

    /// <summary>The chat page does not show who is signed in.</summary>
    public bool ChatPageWithoutUser { get; set; }

    /// <summary>Signing out in the web app clears nothing and stays on the chat page, which no longer sends a signed-out visitor to /login.</summary>
    public bool SignOutStaysOnChat { get; set; }

    public string EffectiveWebSocketPath =>
        string.IsNullOrWhiteSpace(WebSocketPath) ? DefaultWebSocketPath : "/" + WebSocketPath.Trim().TrimStart('/');

    /// <summary>The close code of a channel closed for policy reasons: 1008, or 1000 under ChannelCloseNormal.</summary>
    public System.Net.WebSockets.WebSocketCloseStatus PolicyCloseStatus => ChannelCloseNormal
        ? System.Net.WebSockets.WebSocketCloseStatus.NormalClosure
        : System.Net.WebSockets.WebSocketCloseStatus.PolicyViolation;

    /// <summary>The status HealthStatus names for this origin ("auth", "api", "app"), or null.</summary>
    public string? HealthStatusOf(string origin) =>
        (HealthStatus ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2, StringSplitOptions.TrimEntries))
            .Where(pair => pair.Length == 2 && string.Equals(pair[0], origin, StringComparison.OrdinalIgnoreCase) && pair[1].Length > 0)
            .Select(pair => pair[1]).LastOrDefault();

    /// <summary>The dependencies DependencyDown names, lower case.</summary>
    public IReadOnlyList<string> DependenciesDown =>
        (DependencyDown ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => name.ToLowerInvariant()).Distinct().ToList();

    public (string First, string Second)? SwappedPair
    {
        get
        {
            var parts = (SwapEvents ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return parts.Length == 2 ? (parts[0], parts[1]) : null;
        }
    }
}
