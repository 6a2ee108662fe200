using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Acceptance.Support.Platform;
using Reqnroll;

namespace Acceptance.Support.Evidence;

/// <summary>
/// The evidence of one scenario. Drivers record HTTP exchanges and WebSocket frames here (from any thread);
/// each is redacted at once, buffered, written to the Reqnroll output after every step (so it lands under the
/// step that caused it), and at the end of the scenario saved as files under artifacts/evidence/ and attached.
/// </summary>
public sealed class ScenarioEvidence : IEvidenceLog
{
    private static readonly string RunStamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss");
    private static int _sequence;

    private readonly IReqnrollOutputHelper _output;
    private readonly ScenarioContext _scenario;
    private readonly FeatureContext _feature;
    private readonly ConcurrentQueue<string> _pendingLines = new();
    private readonly List<string> _narrative = new();
    private readonly List<string> _httpRecords = new();
    private readonly List<string> _frameRecords = new();
    private readonly List<string> _extraAttachments = new();
    private readonly List<TimelineEntry> _timeline = new();
    private readonly object _gate = new();
    private string? _folder;
    private bool _completed;

    public ScenarioEvidence(IReqnrollOutputHelper output, ScenarioContext scenario, FeatureContext feature, PlatformUnderTest platform)
    {
        _output = output;
        _scenario = scenario;
        _feature = feature;
        Redactor = new Redactor(platform.TargetsOrNull is { } targets ? KnownSecrets(targets) : []);
    }

    public Redactor Redactor { get; }

    /// <summary>This scenario's folder under artifacts/evidence/, created on first use.</summary>
    public string Folder
    {
        get
        {
            lock (_gate)
            {
                if (_folder is not null) return _folder;
                var number = Interlocked.Increment(ref _sequence);
                _folder = RepositoryRoot.Artifacts("evidence", RunStamp, Slug(_feature.FeatureInfo.Title),
                    $"{number:000}-{Slug(_scenario.ScenarioInfo.Title)}");
                Directory.CreateDirectory(_folder);
                return _folder;
            }
        }
    }

    public void Note(string line) => Enqueue(Redactor.Text(line));

    public void RecordHttp(HttpExchange exchange)
    {
        var requestBody = Redactor.Payload(exchange.RequestBody);
        var responseBody = Redactor.Payload(exchange.ResponseBody);
        var result = exchange.Status?.ToString() ?? $"no response ({exchange.TransportError})";
        Enqueue($"[http] {exchange.Actor}: {exchange.Intent}: {exchange.Method} {Redactor.Text(exchange.Url)} → {result} in {exchange.Duration.TotalMilliseconds:0} ms");
        var record = JsonSerializer.Serialize(new
        {
            started_at = exchange.StartedAt.ToString("O"),
            actor = exchange.Actor,
            intent = exchange.Intent,
            method = exchange.Method,
            url = Redactor.Text(exchange.Url),
            status = exchange.Status,
            duration_ms = Math.Round(exchange.Duration.TotalMilliseconds, 1),
            request_headers = Redactor.Headers(exchange.RequestHeaders).ToDictionary(h => h.Key, h => h.Value),
            request_body = requestBody,
            response_headers = Redactor.Headers(exchange.ResponseHeaders).GroupBy(h => h.Key).ToDictionary(g => g.Key, g => string.Join(", ", g.Select(h => h.Value))),
            response_body = responseBody,
            transport_error = exchange.TransportError,
        });
        var target = Redactor.Text(exchange.Url);
        lock (_gate)
        {
            _httpRecords.Add(record);
            _timeline.Add(new TimelineEntry(exchange.StartedAt, "http", exchange.Actor, null, "request",
                $"{exchange.Intent}: {exchange.Method} {target}"));
            _timeline.Add(new TimelineEntry(exchange.StartedAt + exchange.Duration, "http", exchange.Actor, null, "response",
                $"{exchange.Method} {target} → {result} in {exchange.Duration.TotalMilliseconds:0} ms"));
        }
    }

    public void RecordFrame(string channel, ChannelFrameRecord frame)
    {
        var payload = Redactor.Payload(frame.Payload);
        var arrow = frame.Direction switch
        {
            FrameDirection.Sent => "→",
            FrameDirection.Received => "←",
            _ => frame.Direction.ToString().ToLowerInvariant(),
        };
        Enqueue($"[ws] {channel} +{frame.Offset.TotalSeconds:0.000}s {arrow} {Truncate(payload, 400)}");
        var record = JsonSerializer.Serialize(new
        {
            channel,
            direction = frame.Direction.ToString().ToLowerInvariant(),
            offset_ms = Math.Round(frame.Offset.TotalMilliseconds, 1),
            payload,
        });
        var direction = frame.Direction switch
        {
            FrameDirection.Sent => "sent",
            FrameDirection.Received => "received",
            FrameDirection.Opened => "opened",
            _ => "closed",
        };
        var at = DateTimeOffset.UtcNow;
        lock (_gate)
        {
            _frameRecords.Add(record);
            _timeline.Add(new TimelineEntry(at, "ws", ActorOf(channel), channel, direction,
                Truncate(payload, 300)));
        }
    }

    /// <summary>A file made elsewhere (a screenshot, a trace) to attach to this scenario at its end.</summary>
    public void AttachFile(string path)
    {
        lock (_gate) _extraAttachments.Add(path);
    }

    /// <summary>Writes buffered lines to the scenario's output (AfterStep and AfterScenario).</summary>
    public void Flush()
    {
        while (_pendingLines.TryDequeue(out var line)) _output.WriteLine(line);
    }

    /// <summary>Saves the evidence files and attaches them; once per scenario.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            if (_completed) return;
            _completed = true;
        }
        Flush();
        var attachments = new List<string>();
        string[] narrative, http, frames, extra, timeline;
        lock (_gate)
        {
            timeline = _timeline.OrderBy(entry => entry.At).Select(entry => entry.ToJson()).ToArray();
            narrative = _narrative.ToArray();
            http = _httpRecords.ToArray();
            frames = _frameRecords.ToArray();
            extra = _extraAttachments.ToArray();
        }
        if (narrative.Length > 0) attachments.Add(Write("evidence.log", narrative));
        if (http.Length > 0) attachments.Add(Write("http-exchanges.jsonl", http));
        if (frames.Length > 0) attachments.Add(Write("websocket-frames.jsonl", frames));
        // HTTP exchanges and WebSocket frames on one clock: what happened in which order, across channels.
        if (timeline.Length > 0) attachments.Add(Write("timeline.jsonl", timeline));
        attachments.AddRange(extra.Where(File.Exists));
        foreach (var path in attachments) _output.AddAttachment(path);
    }

    private string Write(string name, IEnumerable<string> lines)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllLines(path, lines, new UTF8Encoding(false));
        return path;
    }

    private void Enqueue(string line)
    {
        var stamped = $"{DateTime.UtcNow:HH:mm:ss.fff} {line}";
        lock (_gate) _narrative.Add(stamped);
        if (!_completed) _pendingLines.Enqueue(line);
    }

    private static IEnumerable<string?> KnownSecrets(PlatformTargets targets)
    {
        yield return targets.BypassKey;
        yield return targets.Signing?.Secret;
        yield return targets.Settings.Auth.E2EBypassKey;
        yield return targets.Settings.Auth.JwtSecret;
        foreach (var persona in targets.Settings.Personas.Values) yield return persona.Password;
        yield return targets.Settings.Browser.RemoteEndpoint;
    }

    /// <summary>Channels are named after their actor ("Alice", "Alice#2"): the actor is the part before '#'.</summary>
    private static string ActorOf(string channel) => channel.Split('#', 2)[0].Trim();

    private sealed record TimelineEntry(DateTimeOffset At, string Source, string Actor, string? Channel, string Direction, string Summary)
    {
        public string ToJson() => JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["at"] = At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"),
                ["source"] = Source,
                ["actor"] = Actor,
                ["channel"] = Channel!,
                ["direction"] = Direction,
                ["summary"] = Summary,
            }.Where(pair => pair.Value is not null).ToDictionary(pair => pair.Key, pair => pair.Value), Readable);

        private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + $"… ({text.Length} chars)";

    public static string Slug(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c)) builder.Append(c);
            else if (builder.Length > 0 && builder[^1] != '-') builder.Append('-');
        }
        var slug = builder.ToString().Trim('-');
        return slug.Length > 60 ? slug[..60].TrimEnd('-') : slug;
    }
}
