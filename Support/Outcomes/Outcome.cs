using Acceptance.Support.Channels;
using Acceptance.Support.Http;

namespace Acceptance.Support.Outcomes;

/// <summary>What came back from an attempt, on whichever channel: enough to tell which refusal it was.</summary>
public sealed record Outcome(
    string Attempt,
    string Channel,
    int? Status,
    string? ErrorCode,
    string? Message,
    IReadOnlyDictionary<string, string> Headers,
    string Evidence)
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    /// <summary>
    /// For an authorization request: the return address registered for the client that asked (null when the
    /// request named an unregistered address or an unknown client): the only place an error may be redirected to.
    /// </summary>
    public string? RegisteredRedirect { get; init; }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public static Outcome FromHttp(string attempt, ApiResponse response) => new(
        attempt, "HTTP", response.TransportError is null ? response.Status : null,
        response.Text("error_code"),
        response.Text("detail") ?? response.Text("message"),
        response.Headers,
        response.Describe());

    public static Outcome FromFrame(string attempt, ChannelFrame frame) => new(
        attempt, "agent channel", null, frame.Field("error_code"), frame.Field("message"), NoHeaders, frame.ToString());

    public static Outcome FromHandshake(string attempt, ChannelOpening opening) => new(
        attempt, "agent channel handshake",
        opening.Opened ? 101 : opening.RefusedWithStatus,
        null, opening.Failure, NoHeaders,
        opening.Opened ? "the channel opened (HTTP 101)" : $"handshake refused: HTTP {opening.RefusedWithStatus?.ToString() ?? "none"} ({opening.Failure})");

    public static Outcome Succeeded(string attempt, string channel, string evidence) =>
        new(attempt, channel, 200, null, null, NoHeaders, evidence);

    public override string ToString() => $"{Attempt} → {Evidence}";
}
