using Acceptance.LivingDoc.Model;

namespace Acceptance.LivingDoc;

/// <summary>What a generation did: where it wrote, what it counted, what went wrong.</summary>
public sealed class LivingDocResult
{
    public bool Success => Errors.Count == 0;
    /// <summary>0 written; 2 an input is missing or nothing could be written.</summary>
    public int ExitCode => Success ? 0 : 2;
    public List<string> Errors { get; } = new();
    public List<string> Warnings { get; } = new();
    public string? HtmlPath { get; set; }
    public string? SummaryPath { get; set; }
    public long HtmlBytes { get; set; }
    public int Scenarios { get; set; }
    public int Executed { get; set; }
    public Dictionary<string, int> Counts { get; } = new();
    public TimeSpan Elapsed { get; set; }
    /// <summary>Milliseconds per phase (read, render, write), for the benchmark.</summary>
    public Dictionary<string, double> Phases { get; } = new();
    /// <summary>The quality gate's decision on the run (null when nothing could be read): act on <see cref="GateResult.Passed"/>.</summary>
    public GateResult? Gate { get; set; }
    /// <summary>The model the document was made from (for tests and callers that want more than the file).</summary>
    public LivingDocReport? Report { get; set; }

    public override string ToString() =>
        Success
            ? $"LivingDoc: {(HtmlPath is null ? "no HTML (" : $"{HtmlPath} ({HtmlBytes / 1024.0:0} KB, ")}{Scenarios} scenarios, {Executed} executed: " +
              string.Join(", ", Counts.Where(c => c.Value > 0).Select(c => $"{c.Value} {c.Key}")) + $") in {Elapsed.TotalMilliseconds:0} ms" +
              (Warnings.Count > 0 ? $"; {Warnings.Count} warning(s)" : "") +
              (Gate is { } gate ? Environment.NewLine + gate.Line : "")
            : "LivingDoc not written: " + string.Join("; ", Errors);
}
