using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Acceptance.LivingDoc.Model;

namespace Acceptance.LivingDoc.Input;

/// <summary>
/// Turns attachments into evidence: log lines under their step, HTTP exchanges and WebSocket frames parsed from
/// their JSON-lines files, screenshots and traces written beside the report (or images embedded on request),
/// other text shown masked.
/// </summary>
public sealed class EvidenceStore
{
    private const int MaxTextChars = 64 * 1024;
    private static readonly HashSet<string> SecretHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Api-Key", "X-E2E-Bypass-Key",
    };

    private readonly string? _folder;
    private readonly string _folderName;
    private readonly bool _embedImages;
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);

    /// <param name="reportPath">The HTML file; files go to a folder beside it named after it (LivingDoc.files/).</param>
    public EvidenceStore(string? reportPath, bool embedImages)
    {
        _embedImages = embedImages;
        _folderName = reportPath is null ? "files" : Path.GetFileNameWithoutExtension(reportPath) + ".files";
        _folder = reportPath is null ? null : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(reportPath))!, _folderName);
    }

    public int FilesWritten
    {
        get { lock (_written) return _written.Count; }
    }

    /// <summary>Removes the files of an earlier report, so the folder holds only what this one links to.</summary>
    public void Reset()
    {
        if (_folder is not null && Directory.Exists(_folder))
            foreach (var file in Directory.EnumerateFiles(_folder)) File.Delete(file);
    }

    public void Attach(Execution execution, StepResult? step, JsonElement attachment) => Attach(execution, step, AttachmentData.From(attachment));

    public void Attach(Execution execution, StepResult? step, AttachmentData attachment) => Prepare(attachment)(execution, step);

    /// <summary>
    /// Does the work of attaching that needs no execution (decoding, parsing evidence files, masking) at once, on any
    /// thread; what it returns adds the result to an execution and step. Files are written only then, so an
    /// attachment prepared but never attached leaves nothing behind.
    /// </summary>
    public Action<Execution, StepResult?> Prepare(AttachmentData attachment)
    {
        var mediaType = attachment.MediaType;
        var base64 = attachment.Base64;
        var name = attachment.FileName;
        var at = attachment.At;
        var url = attachment.Url;

        if (mediaType.StartsWith("text/x.cucumber.log", StringComparison.Ordinal) && name is null)
        {
            var line = Masking.Text(Ansi.Strip(attachment.Bytes is { } logBytes ? Encoding.UTF8.GetString(logBytes) : attachment.Text ?? ""));
            return (execution, step) =>
            {
                var owner = step ?? execution.Steps.FirstOrDefault();
                if (owner is not null) owner.Output.Add(new OutputLine(at, line));
                else execution.Files.Add(new FileEvidence("output", "text/plain", FileKind.Text, at, line.Length, null, line));
            };
        }
        if (attachment.BodyLength == 0 && url is not null)
            return AddFile(new FileEvidence(name ?? url, mediaType, FileKind.Other, at, 0, SafeHref(url), null));

        if (base64 && attachment.Bytes is null)
            return AddFile(new FileEvidence(name ?? "attachment", mediaType, FileKind.Text, at, attachment.BodyLength, null, "(the attachment's base64 body is damaged)"));
        var bytes = attachment.Bytes ?? Encoding.UTF8.GetBytes(attachment.Text ?? "");
        var fileName = name ?? "attachment" + Extension(mediaType);

        if (mediaType.StartsWith("image/", StringComparison.Ordinal))
        {
            var embedded = _embedImages ? $"data:{mediaType};base64,{Convert.ToBase64String(bytes)}" : null;
            return (execution, _) => execution.Files.Add(new FileEvidence(fileName, mediaType, FileKind.Image, at, bytes.Length, embedded ?? Store(fileName, bytes), null));
        }
        if (fileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) || fileName.Contains("trace", StringComparison.OrdinalIgnoreCase))
            return (execution, _) => execution.Files.Add(new FileEvidence(fileName, mediaType, FileKind.Trace, at, bytes.Length, Store(fileName, bytes), null));
        if (LooksLikeText(bytes))
        {
            // JSON lines are parsed from their UTF-8 bytes; only text with terminal escapes in it is decoded first.
            string? text = null;
            var json = bytes;
            if (bytes.AsSpan().Contains((byte)0x1B))
            {
                text = Ansi.Strip(Encoding.UTF8.GetString(bytes))!;
                json = Encoding.UTF8.GetBytes(text);
            }
            if (fileName.Equals("timeline.jsonl", StringComparison.OrdinalIgnoreCase) && Timeline(json) is { } timeline)
                return (execution, _) => execution.Timeline.AddRange(timeline);
            text ??= Encoding.UTF8.GetString(bytes);
            if (fileName.Equals("load-latency.json", StringComparison.OrdinalIgnoreCase) && LoadLatencyReader.TryRead(text) is { } load)
            {
                var file = new FileEvidence(fileName, mediaType, FileKind.Text, at, bytes.Length, null, Masking.Text(text));
                return (execution, _) =>
                {
                    execution.Load = load;
                    execution.Files.Add(file);
                };
            }
            if (fileName.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) && Structured(json) is var (http, frames))
                return (execution, _) =>
                {
                    execution.Http.AddRange(http);
                    execution.Frames.AddRange(frames);
                };
            var shown = Masking.Text(text.Length > MaxTextChars ? text[..MaxTextChars] + $"\n… ({text.Length - MaxTextChars} more characters in the attachment)" : text);
            return AddFile(new FileEvidence(fileName, mediaType, FileKind.Text, at, bytes.Length, null, shown));
        }
        return (execution, _) => execution.Files.Add(new FileEvidence(fileName, mediaType, FileKind.Other, at, bytes.Length, Store(fileName, bytes), null));
    }

    private static Action<Execution, StepResult?> AddFile(FileEvidence file) => (execution, _) => execution.Files.Add(file);

    /// <summary>The non-blank lines of UTF-8 JSON lines.</summary>
    private static IEnumerable<ReadOnlyMemory<byte>> JsonLines(byte[] bytes)
    {
        var start = 0;
        while (start < bytes.Length)
        {
            var newline = bytes.AsSpan(start).IndexOf((byte)'\n');
            var end = newline < 0 ? bytes.Length : start + newline;
            var line = new ReadOnlyMemory<byte>(bytes, start, end - start);
            if (line.Span.IndexOfAnyExcept(" \t\r\f\v"u8) >= 0) yield return line;
            start = end + 1;
        }
    }

    /// <summary>HTTP exchanges or WebSocket frames recorded by the suite's evidence, one JSON object a line (null: not that, or none).</summary>
    private static (List<HttpExchange> Http, List<WebSocketFrame> Frames)? Structured(byte[] text)
    {
        var http = new List<HttpExchange>();
        var frames = new List<WebSocketFrame>();
        foreach (var line in JsonLines(text))
        {
            try
            {
                using var document = JsonDocument.Parse(line);
                var e = document.RootElement;
                if (e.ValueKind != JsonValueKind.Object) return null;
                if (e.TryGetProperty("method", out _) && e.TryGetProperty("url", out _))
                {
                    http.Add(new HttpExchange(
                        DateTimeOffset.TryParse(S(e, "started_at"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var started) ? started : null,
                        Masking.Text(S(e, "actor")), Masking.Text(S(e, "intent")), S(e, "method"), Masking.Url(S(e, "url")),
                        e.TryGetProperty("status", out var status) && status.TryGetInt32(out var code) ? code : null,
                        e.TryGetProperty("duration_ms", out var duration) && duration.TryGetDouble(out var ms) ? ms : 0,
                        Headers(e, "request_headers"), Masking.Text(S(e, "request_body")),
                        Headers(e, "response_headers"), Masking.Text(S(e, "response_body")),
                        e.TryGetProperty("transport_error", out var error) && error.ValueKind == JsonValueKind.String ? Masking.Text(error.GetString()) : null));
                }
                else if (e.TryGetProperty("direction", out _))
                {
                    frames.Add(new WebSocketFrame(S(e, "channel"), S(e, "direction"),
                        e.TryGetProperty("offset_ms", out var offset) && offset.TryGetDouble(out var o) ? o : 0, Masking.Text(S(e, "payload"))));
                }
                else return null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
        return http.Count + frames.Count > 0 ? (http, frames) : null;
    }

    /// <summary>The suite's one ordered timeline: {"at","source","actor","channel"?,"direction","summary"} a line, already redacted (null: not that, or empty).</summary>
    private static List<TimelineEntry>? Timeline(byte[] text)
    {
        var entries = new List<TimelineEntry>();
        foreach (var line in JsonLines(text))
        {
            try
            {
                using var document = JsonDocument.Parse(line);
                var e = document.RootElement;
                if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("summary", out _) || !e.TryGetProperty("direction", out _)) return null;
                entries.Add(new TimelineEntry(
                    DateTimeOffset.TryParse(S(e, "at"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null,
                    S(e, "source"), Masking.Text(S(e, "actor")), e.TryGetProperty("channel", out var channel) && channel.ValueKind == JsonValueKind.String ? Masking.Text(channel.GetString()) : null,
                    S(e, "direction"), Masking.Text(S(e, "summary"))));
            }
            catch (JsonException)
            {
                return null;
            }
        }
        if (entries.Count == 0) return null;
        // Stable: entries with the same time keep the file's order.
        return entries.Select((entry, index) => (entry, index)).OrderBy(x => x.entry.At ?? DateTimeOffset.MaxValue).ThenBy(x => x.index).Select(x => x.entry).ToList();
    }

    private static IReadOnlyList<KeyValuePair<string, string>> Headers(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var headers) || headers.ValueKind != JsonValueKind.Object) return [];
        return headers.EnumerateObject()
            .Select(h => new KeyValuePair<string, string>(h.Name, SecretHeaders.Contains(h.Name) ? Masking.Mask : Masking.Text(h.Value.ValueKind == JsonValueKind.String ? h.Value.GetString() ?? "" : h.Value.GetRawText())))
            .ToList();
    }

    private static string S(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.ValueKind == JsonValueKind.Null ? "" : value.GetRawText() : "";

    private string Store(string name, byte[] bytes)
    {
        var hash = Convert.ToHexString(SHA256.HashData(bytes))[..12].ToLowerInvariant();
        var safe = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-').ToArray());
        var fileName = $"{hash}-{safe}";
        if (_folder is null) return _folderName + "/" + Uri.EscapeDataString(fileName);
        bool added;
        lock (_written) added = _written.Add(fileName); // executions are read in parallel
        if (added)
        {
            Directory.CreateDirectory(_folder);
            File.WriteAllBytes(Path.Combine(_folder, fileName), bytes);
        }
        return _folderName + "/" + Uri.EscapeDataString(fileName);
    }

    private static string? SafeHref(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "file" ? Masking.Url(url)
        : Uri.TryCreate(url, UriKind.Relative, out _) ? url : null;

    private static bool LooksLikeText(byte[] bytes)
    {
        var probe = bytes.AsSpan(0, Math.Min(bytes.Length, 8192));
        if (probe.Contains((byte)0)) return false;
        return System.Text.Unicode.Utf8.IsValid(probe.Length < bytes.Length ? TrimPartial(probe) : probe);
    }

    private static ReadOnlySpan<byte> TrimPartial(ReadOnlySpan<byte> span)
    {
        var end = span.Length;
        while (end > 0 && end > span.Length - 4 && (span[end - 1] & 0xC0) == 0x80) end--;
        if (end > 0 && span[end - 1] >= 0xC0) end--;
        return span[..end];
    }

    private static string Extension(string mediaType) => mediaType switch
    {
        "image/png" => ".png",
        "image/jpeg" => ".jpg",
        "image/svg+xml" => ".svg",
        "application/json" => ".json",
        "text/html" => ".html",
        _ when mediaType.StartsWith("text/", StringComparison.Ordinal) => ".txt",
        _ => ".bin",
    };
}
