using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Json;
using Acceptance.LivingDoc.Model;

namespace Acceptance.LivingDoc.Rendering;

/// <summary>
/// The QA details of every scenario (steps with durations and output, errors with stack traces, HTTP exchanges,
/// WebSocket frames, screenshots, files) as JSON, gzipped and base64-encoded into the page: the browser unpacks it
/// with its built-in DecompressionStream and renders a scenario's details only when they are opened.
/// </summary>
internal static class DetailsWriter
{
    /// <summary>Scenarios per details block: opening one unpacks only its block, so memory follows what is opened.</summary>
    public const int ChunkSize = 100;

    /// <summary>Per executed item, the number of its details block (the executed items in order, <see cref="ChunkSize"/> a block).</summary>
    public static Dictionary<string, int> Chunks(LivingDocReport report)
    {
        var chunks = new Dictionary<string, int>(StringComparer.Ordinal);
        var n = 0;
        foreach (var item in report.Items.Where(item => item.Executions.Count > 0)) chunks[item.Id] = n++ / ChunkSize;
        return chunks;
    }

    /// <summary>The details blocks: "0", "1", … by <see cref="Chunks"/>, then "runs" with the test-run hooks' evidence; each gzipped JSON, base64.</summary>
    public static List<(string Key, string Packed)> Write(LivingDocReport report, out int jsonBytes)
    {
        jsonBytes = 0;
        var executed = report.Items.Where(item => item.Executions.Count > 0).ToList();
        // The blocks are independent: written and gzipped on all cores (the largest part of rendering a big run).
        var packed = new string[(executed.Count + ChunkSize - 1) / ChunkSize];
        var sizes = new int[packed.Length];
        Parallel.For(0, packed.Length, n =>
        {
            var size = 0;
            packed[n] = Pack(writer =>
            {
                for (var i = n * ChunkSize; i < Math.Min(executed.Count, (n + 1) * ChunkSize); i++)
                {
                    var item = executed[i];
                    writer.WriteStartArray(item.Id);
                    foreach (var execution in item.Executions) WriteExecution(writer, execution);
                    writer.WriteEndArray();
                }
            }, ref size);
            sizes[n] = size;
        });
        jsonBytes = sizes.Sum();
        var blocks = packed.Select((block, n) => (n.ToString(System.Globalization.CultureInfo.InvariantCulture), block)).ToList();
        if (report.Runs.Any(run => run.RunEvidence is not null))
            blocks.Add(("runs", Pack(writer =>
            {
                for (var i = 0; i < report.Runs.Count; i++)
                {
                    if (report.Runs[i].RunEvidence is not { } evidence) continue;
                    writer.WriteStartArray(HtmlRenderer.RunEvidenceId(i));
                    WriteExecution(writer, evidence);
                    writer.WriteEndArray();
                }
            }, ref jsonBytes)));
        return blocks;
    }

    private static string Pack(Action<Utf8JsonWriter> write, ref int jsonBytes)
    {
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        jsonBytes += (int)json.Length;
        return Packing.Gzip(json);
    }

    private static void WriteExecution(Utf8JsonWriter w, Execution execution)
    {
        var origin = execution.StartedAt;
        double? Offset(DateTimeOffset? at) => at is null || origin is null ? null : Math.Round((at.Value - origin.Value).TotalMilliseconds);

        w.WriteStartObject();
        w.WriteString("run", execution.Run.Label);
        w.WriteNumber("att", execution.Attempt);
        w.WriteString("st", execution.Status.Slug());
        if (execution.StartedAt is { } started) w.WriteString("at", Html.Time(started));
        w.WriteNumber("ms", Math.Round(execution.DurationMs, 1));
        if (execution.WillBeRetried) w.WriteBoolean("retried", true);
        if (execution.NotRunReason is not null) w.WriteString("notrun", execution.NotRunReason);
        if (execution.BrokenReason is not null) w.WriteString("brk", execution.BrokenReason);

        w.WriteStartArray("steps");
        foreach (var step in execution.Steps)
        {
            w.WriteStartObject();
            w.WriteString("t", step.Display);
            w.WriteString("st", step.Finished ? step.Status.Slug() : "skipped");
            w.WriteNumber("ms", Math.Round(step.DurationMs, 1));
            if (step.Hook is not null) w.WriteBoolean("hook", true);
            if (step.Background) w.WriteBoolean("bg", true);
            if (Offset(step.StartedAt) is { } stepOffset) w.WriteNumber("off", stepOffset);
            if (step.Error is not null) w.WriteString("err", step.Error);
            if (step.ErrorType is not null) w.WriteString("type", step.ErrorType);
            if (step.StackTrace is not null) w.WriteString("stack", step.StackTrace);
            if (step.Snippet is not null) w.WriteString("snippet", step.Snippet);
            if (step.Output.Count > 0)
            {
                w.WriteStartArray("out");
                foreach (var line in step.Output)
                {
                    w.WriteStartArray();
                    if (Offset(line.At) is { } o) w.WriteNumberValue(o); else w.WriteNullValue();
                    w.WriteStringValue(line.Text);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();

        if (execution.Timeline.Count > 0)
        {
            // Offsets from the scenario's first timeline entry.
            var first = execution.Timeline.Select(t => t.At).FirstOrDefault(at => at is not null);
            w.WriteStartArray("tl");
            foreach (var entry in execution.Timeline)
            {
                w.WriteStartArray();
                if (entry.At is { } at && first is { } zero) w.WriteNumberValue(Math.Round((at - zero).TotalMilliseconds)); else w.WriteNullValue();
                w.WriteStringValue(entry.Source);
                w.WriteStringValue(entry.Actor);
                if (entry.Channel is null) w.WriteNullValue(); else w.WriteStringValue(entry.Channel);
                w.WriteStringValue(entry.Direction);
                w.WriteStringValue(entry.Summary);
                w.WriteEndArray();
            }
            w.WriteEndArray();
        }
        if (execution.Load is { } load) w.WriteString("load", Charts.LoadLatency(load));
        if (execution.Http.Count > 0)
        {
            w.WriteStartArray("http");
            foreach (var x in execution.Http.OrderBy(x => x.StartedAt ?? DateTimeOffset.MaxValue))
            {
                w.WriteStartObject();
                if (Offset(x.StartedAt) is { } o) w.WriteNumber("off", o);
                w.WriteString("m", x.Method);
                w.WriteString("u", x.Url);
                if (x.Status is { } status) w.WriteNumber("s", status);
                w.WriteNumber("ms", Math.Round(x.DurationMs, 1));
                w.WriteString("who", x.Actor);
                w.WriteString("why", x.Intent);
                Headers(w, "qh", x.RequestHeaders);
                if (x.RequestBody.Length > 0) w.WriteString("qb", x.RequestBody);
                Headers(w, "rh", x.ResponseHeaders);
                if (x.ResponseBody.Length > 0) w.WriteString("rb", x.ResponseBody);
                if (x.TransportError is not null) w.WriteString("err", x.TransportError);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (execution.Frames.Count > 0)
        {
            w.WriteStartArray("ws");
            foreach (var frame in execution.Frames.OrderBy(f => f.Channel, StringComparer.Ordinal).ThenBy(f => f.OffsetMs))
            {
                w.WriteStartArray();
                w.WriteStringValue(frame.Channel);
                w.WriteStringValue(frame.Direction);
                w.WriteNumberValue(frame.OffsetMs);
                w.WriteStringValue(frame.Payload);
                w.WriteEndArray();
            }
            w.WriteEndArray();
        }
        if (execution.Files.Count > 0)
        {
            w.WriteStartArray("files");
            foreach (var file in execution.Files.OrderBy(f => f.At ?? DateTimeOffset.MaxValue))
            {
                w.WriteStartObject();
                w.WriteString("k", file.Kind.ToString().ToLowerInvariant());
                w.WriteString("n", file.Name);
                w.WriteString("mt", file.MediaType);
                w.WriteNumber("size", file.Size);
                if (Offset(file.At) is { } o) w.WriteNumber("off", o);
                if (file.Href is not null) w.WriteString("href", file.Href);
                if (file.Text is not null) w.WriteString("text", file.Text);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static void Headers(Utf8JsonWriter w, string name, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        if (headers.Count == 0) return;
        w.WriteStartArray(name);
        foreach (var (key, value) in headers)
        {
            w.WriteStartArray();
            w.WriteStringValue(key);
            w.WriteStringValue(value);
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }
}
