using System.Globalization;
using System.Text.RegularExpressions;
using Acceptance.LivingDoc.Model;

namespace Acceptance.LivingDoc;

/// <summary>
/// The rules a run must meet to count as green. Only <em>selected</em> scenarios are judged: those with at least one
/// execution in the input runs, or whose pickle a run held without starting it (a BeforeFeature hook failed);
/// scenarios read only from the feature files, that no run selected, are not.
/// </summary>
public sealed class QualityGateOptions
{
    /// <summary>Every selected scenario with one of these tags (with or without '@') must have passed. Empty: no such rule.</summary>
    public List<string> CriticalTags { get; set; } = ["critical"];
    /// <summary>Most product problems allowed: failed, ambiguous, undefined, pending.</summary>
    public int MaxFailed { get; set; }
    /// <summary>Most broken scenarios allowed (the environment failed, not the product).</summary>
    public int MaxBroken { get; set; }
    /// <summary>Most selected scenarios without a verdict allowed (not run, skipped, ignored), the allowed ones aside.</summary>
    public int MaxNotRun { get; set; }
    /// <summary>
    /// A regular expression: a not-run scenario whose reason matches it is allowed (exempt from MaxNotRun and from the
    /// critical rule) and reported as "not run (allowed)". Null: none is.
    /// </summary>
    public string? AllowedNotRun { get; set; }
    /// <summary>At least this many selected scenarios must have run to a result (passed, failed or broken).</summary>
    public int MinExecuted { get; set; } = 1;
}

/// <summary>One rule of the gate and how the run fared against it.</summary>
/// <param name="Rule">critical, max-failed, max-broken, max-not-run or min-executed.</param>
/// <param name="Setting">The option it comes from, e.g. Gate:MaxFailed.</param>
/// <param name="Message">What happened, in words.</param>
/// <param name="Scenarios">The scenarios that broke the rule (or, when it held, that it concerns).</param>
public sealed record GateCheck(string Rule, string Setting, bool Passed, string Message, IReadOnlyList<string> Scenarios);

/// <summary>A rule the run broke.</summary>
/// <param name="Detail">What follows the message in the gate's line: the first scenario names, or the environment's error.</param>
public sealed record GateViolation(string Rule, string Setting, string Message, IReadOnlyList<string> Scenarios, string? Detail)
{
    /// <summary>The violation as a part of the gate's one line.</summary>
    public string Summary => Detail is null ? Message : Message + ": " + Detail;
}

/// <summary>The gate's decision on a run.</summary>
public sealed class GateResult
{
    public required bool Passed { get; init; }
    public required IReadOnlyList<GateViolation> Violations { get; init; }
    /// <summary>Every rule with its outcome, kept or broken, in the order they are shown.</summary>
    public required IReadOnlyList<GateCheck> Checks { get; init; }
    /// <summary>One line for a console or a CI log: "Quality gate failed: 3 scenarios failed (Gate:MaxFailed is 0): A, B, C; …".</summary>
    public required string Line { get; init; }
    /// <summary>passed; failed (product failures or gate rules); broken (only broken problems); empty (nothing executed).</summary>
    public required string Verdict { get; init; }
    public int Selected { get; init; }
    /// <summary>Selected scenarios that ran to a result: passed, failed or broken.</summary>
    public int Executed { get; init; }
    public int PassedCount { get; init; }
    public int FailedCount { get; init; }
    public int BrokenCount { get; init; }
    /// <summary>Selected scenarios without a verdict (not run, skipped, ignored) that the gate does not allow.</summary>
    public int NotRunCount { get; init; }
    /// <summary>Not-run scenarios whose reason <see cref="QualityGateOptions.AllowedNotRun"/> allows: "not run (allowed)".</summary>
    public IReadOnlyList<string> AllowedNotRun { get; init; } = [];
}

/// <summary>Decides whether a run is green: a green run is proof, so only a real pass reads as one.</summary>
public static class QualityGate
{
    private const int NamesShown = 5;

    public static GateResult Evaluate(LivingDocReport report, QualityGateOptions? options = null)
    {
        options ??= new QualityGateOptions();
        var selected = report.Items.Where(item => item.Selected).ToList();
        Regex? allowed = null;
        string? allowedProblem = null;
        if (!string.IsNullOrEmpty(options.AllowedNotRun))
        {
            try { allowed = new Regex(options.AllowedNotRun, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)); }
            catch (ArgumentException e) { allowedProblem = e.Message; }
        }
        bool Allowed(ScenarioItem item)
        {
            if (allowed is null || !item.Status.IsNotRun() || item.NotRunReason is not { } reason) return false;
            try { return allowed.IsMatch(reason); }
            catch (RegexMatchTimeoutException) { return false; }
        }

        var passed = selected.Where(i => i.Status == ScenarioStatus.Passed).ToList();
        var failed = selected.Where(i => i.Status.IsProductProblem()).ToList();
        var broken = selected.Where(i => i.Status == ScenarioStatus.Broken).ToList();
        var notRun = selected.Where(i => i.Status.IsNotRun()).ToList();
        var allowedNotRun = notRun.Where(Allowed).ToList();
        var notAllowed = notRun.Except(allowedNotRun).ToList();
        var executed = selected.Count - notRun.Count;
        var criticalTags = options.CriticalTags.Select(Tag).Where(t => t.Length > 1).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var critical = selected.Where(i => i.Tags.Any(t => criticalTags.Contains(Tag(t), StringComparer.OrdinalIgnoreCase))).ToList();
        var criticalMissed = critical.Where(i => i.Status != ScenarioStatus.Passed && !allowedNotRun.Contains(i)).ToList();

        var checks = new List<GateCheck>();
        var violations = new List<GateViolation>();
        // A note goes with the rule's outcome (the Summary's card), not into the violation's part of the gate's line.
        void Check(string rule, string setting, bool ok, string message, List<ScenarioItem> scenarios, string? detail = null, string note = "")
        {
            var names = scenarios.Select(i => i.Name).ToList();
            checks.Add(new GateCheck(rule, setting, ok, message + note, names));
            if (!ok) violations.Add(new GateViolation(rule, setting, message, names, detail ?? (names.Count > 0 ? Names(names) : null)));
        }

        Check("max-failed", "Gate:MaxFailed", failed.Count <= options.MaxFailed,
            failed.Count == 0 ? $"no scenario failed (Gate:MaxFailed is {N(options.MaxFailed)})"
                : $"{FailedPhrase(failed)} (Gate:MaxFailed is {N(options.MaxFailed)})", failed);
        Check("max-broken", "Gate:MaxBroken", broken.Count <= options.MaxBroken,
            broken.Count == 0 ? $"no scenario broken (Gate:MaxBroken is {N(options.MaxBroken)})"
                : $"{Count(broken.Count, "scenario")} broken, the environment failed (Gate:MaxBroken is {N(options.MaxBroken)})", broken,
            broken.Count > 0 ? FirstBrokenError(broken) : null);
        var tagsText = string.Join(", ", criticalTags);
        Check("critical", "Gate:CriticalTags", criticalMissed.Count == 0,
            criticalTags.Count == 0 ? "no critical tag set (Gate:CriticalTags is empty)"
                : critical.Count == 0 ? $"no selected scenario is tagged {tagsText} (Gate:CriticalTags)"
                : criticalMissed.Count == 0 ? $"all {Count(critical.Count, "critical scenario")} passed (Gate:CriticalTags is {tagsText})"
                    + (critical.Count > critical.Count(i => i.Status == ScenarioStatus.Passed) ? " or were not run as allowed" : "")
                : $"{Count(criticalMissed.Count, "critical scenario")} did not pass (Gate:CriticalTags is {tagsText})",
            criticalMissed.Count > 0 ? criticalMissed : critical,
            criticalMissed.Count > 0 ? Names(criticalMissed.Select(i => $"{i.Name} ({i.Status.Label().ToLowerInvariant()})").ToList()) : null);
        var allowedText = allowedNotRun.Count > 0 ? $"; {allowedNotRun.Count} not run (allowed by Gate:AllowedNotRun)" : "";
        var allowedBroken = allowedProblem is null ? "" : $"; Gate:AllowedNotRun is not a valid regular expression, so none is allowed ({allowedProblem})";
        Check("max-not-run", "Gate:MaxNotRun", notAllowed.Count <= options.MaxNotRun,
            notAllowed.Count == 0 ? $"none not run (Gate:MaxNotRun is {N(options.MaxNotRun)})" : $"{N(notAllowed.Count)} not run (Gate:MaxNotRun is {N(options.MaxNotRun)})",
            notAllowed, note: allowedText + allowedBroken);
        Check("min-executed", "Gate:MinExecuted", executed >= options.MinExecuted,
            executed >= options.MinExecuted
                ? $"{Count(executed, "scenario")} executed (Gate:MinExecuted is {N(options.MinExecuted)})"
                : $"{(executed == 0 ? "no scenario" : Count(executed, "scenario"))} executed, fewer than {N(options.MinExecuted)} (Gate:MinExecuted is {N(options.MinExecuted)})"
                  + (selected.Count == 0 ? ": no run selected any scenario" : ""),
            []);

        // The product's failures first, then what the environment did, then what is missing.
        var order = new[] { "max-failed", "max-broken", "critical", "max-not-run", "min-executed" };
        violations = violations.OrderBy(v => Array.IndexOf(order, v.Rule)).ToList();
        var ok = violations.Count == 0;
        var environmentOnly = !ok && violations.All(v => v.Rule == "max-broken" ||
                                                          (v.Rule == "critical" && criticalMissed.All(i => i.Status == ScenarioStatus.Broken)));
        var verdict = executed == 0 ? "empty" : ok ? "passed" : environmentOnly ? "broken" : "failed";
        string line;
        if (ok)
        {
            var parts = new List<string> { $"{N(passed.Count)} passed" };
            if (allowedNotRun.Count > 0) parts.Add($"{N(allowedNotRun.Count)} not run (allowed)");
            if (failed.Count > 0) parts.Add($"{N(failed.Count)} failed (within Gate:MaxFailed {N(options.MaxFailed)})");
            if (broken.Count > 0) parts.Add($"{N(broken.Count)} broken (within Gate:MaxBroken {N(options.MaxBroken)})");
            if (notAllowed.Count > 0) parts.Add($"{N(notAllowed.Count)} not run (within Gate:MaxNotRun {N(options.MaxNotRun)})");
            line = "Quality gate passed: " + string.Join(", ", parts);
        }
        else line = "Quality gate failed: " + string.Join("; ", violations.Select(v => v.Summary));

        return new GateResult
        {
            Passed = ok, Violations = violations, Checks = checks, Line = line, Verdict = verdict,
            Selected = selected.Count, Executed = executed, PassedCount = passed.Count, FailedCount = failed.Count, BrokenCount = broken.Count,
            NotRunCount = notAllowed.Count, AllowedNotRun = allowedNotRun.Select(i => i.Name).ToList(),
        };
    }

    /// <summary>The first names, then "and N more".</summary>
    public static string Names(IReadOnlyList<string> names) =>
        names.Count <= NamesShown ? string.Join(", ", names) : string.Join(", ", names.Take(NamesShown)) + $" and {N(names.Count - NamesShown)} more";

    private static string Tag(string tag) => tag.StartsWith('@') ? tag : "@" + tag;

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Count(int n, string noun) => $"{N(n)} {noun}{(n == 1 ? "" : "s")}";

    /// <summary>"3 scenarios failed", or with other product problems "3 scenarios did not pass (1 failed, 2 undefined)".</summary>
    private static string FailedPhrase(List<ScenarioItem> failed)
    {
        var groups = failed.GroupBy(i => i.Status).OrderByDescending(g => g.Key.Severity()).ToList();
        return groups.Count == 1 && groups[0].Key == ScenarioStatus.Failed
            ? $"{Count(failed.Count, "scenario")} failed"
            : $"{Count(failed.Count, "scenario")} did not pass ({string.Join(", ", groups.Select(g => $"{N(g.Count())} {g.Key.Label().ToLowerInvariant()}"))})";
    }

    /// <summary>The most common first line of the broken scenarios' errors (the first one on a tie): what the environment said.</summary>
    private static string FirstBrokenError(List<ScenarioItem> broken)
    {
        var lines = broken.Select(i => i.Latest?.FailingStep is { } step
                ? FirstLine(step.Error) ?? i.Latest.BrokenReason ?? step.Display
                : i.Latest?.BrokenReason ?? "broken")
            .ToList();
        var line = lines.Select((text, index) => (text, index)).GroupBy(x => x.text)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.First().index).First().Key;
        return line.Length > 300 ? line[..300] + "…" : line;
    }

    private static string? FirstLine(string? text) =>
        text?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
}
