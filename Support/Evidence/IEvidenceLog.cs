namespace Acceptance.Support.Evidence;

/// <summary>Where drivers record what they did and saw. Every implementation redacts before it stores.</summary>
public interface IEvidenceLog
{
    Redactor Redactor { get; }

    /// <summary>A line of narrative: what an actor is doing.</summary>
    void Note(string line);

    void RecordHttp(HttpExchange exchange);

    void RecordFrame(string channel, ChannelFrameRecord frame);
}

/// <summary>One HTTP request and its response, as sent and received (unredacted: the log redacts).</summary>
public sealed record HttpExchange(
    string Actor,
    string Intent,
    string Method,
    string Url,
    IReadOnlyList<KeyValuePair<string, string?>> RequestHeaders,
    string? RequestBody,
    int? Status,
    IReadOnlyList<KeyValuePair<string, string?>> ResponseHeaders,
    string? ResponseBody,
    TimeSpan Duration,
    DateTimeOffset StartedAt,
    string? TransportError);

public enum FrameDirection { Sent, Received, Opened, Closed, Refused }

/// <summary>One WebSocket event on a channel: a frame either way, or the opening, refusal or closing.</summary>
public sealed record ChannelFrameRecord(FrameDirection Direction, TimeSpan Offset, string Payload);

/// <summary>A log that keeps nothing; for unit tests and tools.</summary>
public sealed class NullEvidenceLog : IEvidenceLog
{
    public Redactor Redactor { get; } = new();
    public void Note(string line) { }
    public void RecordHttp(HttpExchange exchange) { }
    public void RecordFrame(string channel, ChannelFrameRecord frame) { }
}
