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

    /// <summary>The identity provider issues codes without PKCE and accepts "plain" PKCE.</summary>
    public bool OidcPkceNotEnforced { get; set; }

    /// <summary>The identity provider leaves the request's nonce out of its ID tokens.</summary>
    public bool OidcNonceNotEchoed { get; set; }

    /// <summary>The identity provider redirects to any redirect URI a client names, registered or not.</summary>
    public bool OidcAnyRedirectUri { get; set; }

    /// <summary>The identity provider redeems an authorization code as often as it is presented.</summary>
    public bool OidcReusableCodes { get; set; }

    /// <summary>The tool_completed event of each run names another conversation (a fresh id); everything else is unchanged.</summary>
    public bool EventWrongConversation { get; set; }

    /// <summary>A run the agent cannot handle ("FORCE_ERROR") ends with agent_completed instead of agent_error.</summary>
    public bool ErrorsAsCompletion { get; set; }

    /// <summary>Listing conversations answers every user's conversations, not only the caller's.</summary>
    public bool ConversationListShowsAll { get; set; }

    public string EffectiveWebSocketPath =>
        string.IsNullOrWhiteSpace(WebSocketPath) ? DefaultWebSocketPath : "/" + WebSocketPath.Trim().TrimStart('/');

    public (string First, string Second)? SwappedPair
    {
        get
        {
            var parts = (SwapEvents ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return parts.Length == 2 ? (parts[0], parts[1]) : null;
        }
    }
}
