using System.Globalization;
using System.Text.RegularExpressions;
using Acceptance.LivingDoc.Model;

namespace Acceptance.LivingDoc.Rendering;

/// <summary>
/// The document's one-line verdict. It always gives the counts of the scenarios the runs selected, and says "All N
/// scenarios passed" only when every one of them passed and nothing was skipped or not run.
/// </summary>
/// <param name="Text">"67 passed · 21 not run: sign-in through an OpenID Connect provider not offered (declared)".</param>
/// <param name="Tone">good (the gate passed, everything ran), partial (the gate passed with exceptions: allowed not-runs,
/// tolerated failures), bad (the gate failed) or none (nothing executed).</param>
/// <param name="Glyph">The tone as a glyph, so that it never rests on colour alone.</param>
/// <param name="Label">The tone in words, for assistive technology.</param>
public sealed partial record Headline(string Text, string Tone, string Glyph, string Label)
{
    private const int ReasonsShown = 3;

    public static Headline Of(LivingDocReport report, GateResult? gate = null)
    {
        gate ??= report.Gate ?? QualityGate.Evaluate(report);
        var selected = report.Items.Where(item => item.Selected).ToList();
        if (selected.Count == 0 || gate.Verdict == "empty")
            return new Headline(selected.Count == 0 ? "No scenarios executed" : Counts(selected), "none", "○",
                gate.Passed ? "Nothing executed:" : "Quality gate failed, nothing executed:");
        var allPassed = selected.All(item => item.Status == ScenarioStatus.Passed);
        var text = allPassed
            ? selected.Count == 1 ? "1 scenario passed" : $"All {N(selected.Count)} scenarios passed"
            : Counts(selected);
        if (!gate.Passed)
            return gate.Verdict == "broken"
                ? new Headline(text, "bad", "↯", "Quality gate failed, the environment failed:")
                : new Headline(text, "bad", "✗", "Quality gate failed:");
        return allPassed
            ? new Headline(text, "good", "✓", "Quality gate passed:")
            : new Headline(text, "partial", "◐", "Quality gate passed with exceptions:");
    }

    /// <summary>"67 passed · 3 failed · 2 broken · 21 not run: reason, reason (declared)".</summary>
    private static string Counts(List<ScenarioItem> selected)
    {
        var parts = new List<string> { $"{N(selected.Count(i => i.Status == ScenarioStatus.Passed))} passed" };
        foreach (var status in new[] { ScenarioStatus.Failed, ScenarioStatus.Broken, ScenarioStatus.Ambiguous, ScenarioStatus.Undefined, ScenarioStatus.Pending, ScenarioStatus.Skipped, ScenarioStatus.Ignored })
        {
            var count = selected.Count(i => i.Status == status);
            if (count > 0) parts.Add($"{N(count)} {status.Label().ToLowerInvariant()}");
        }
        var notRun = selected.Where(i => i.Status == ScenarioStatus.NotRun).ToList();
        if (notRun.Count > 0)
        {
            var reasons = notRun.Select(i => i.NotRunReason is { } reason ? ShortReason(reason) : "")
                .Where(reason => reason.Length > 0)
                .Select((reason, index) => (reason, index)).GroupBy(x => x.reason)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.First().index).Select(g => g.Key).ToList();
            parts.Add($"{N(notRun.Count)} not run" + (reasons.Count == 0 ? "" : ": " + JoinReasons(reasons)));
        }
        return string.Join(" · ", parts);
    }

    /// <summary>
    /// A not-run reason made short: without a leading "Not run: ", "the deployment does not offer X" as "X not offered",
    /// a "(declared: …)" suffix as "(declared)", no final full stop, at most 80 characters.
    /// </summary>
    public static string ShortReason(string reason)
    {
        var text = reason.Trim();
        while (text.StartsWith("Not run:", StringComparison.OrdinalIgnoreCase)) text = text["Not run:".Length..].TrimStart();
        text = Declared().Replace(text, " (declared)").Trim();
        text = text.TrimEnd('.').Trim();
        var offer = NotOffered().Match(text);
        if (offer.Success) text = offer.Groups["what"].Value.TrimEnd('.').Trim() + " not offered" + offer.Groups["tail"].Value;
        return text.Length > 80 ? text[..79].TrimEnd() + "…" : text;
    }

    /// <summary>The first reasons, those that end alike sharing their ending ("A, B not offered (declared)"), then how many more.</summary>
    private static string JoinReasons(List<string> reasons)
    {
        var shown = reasons.Take(ReasonsShown).ToList();
        var more = reasons.Count - shown.Count;
        var tail = more > 0 ? $" and {N(more)} other reason{(more == 1 ? "" : "s")}" : "";
        if (shown.Count < 2) return shown[0] + tail;
        var words = shown.Select(r => r.Split(' ')).ToList();
        var common = 0;
        while (words.All(w => w.Length > common + 1) && words.All(w => w[^(common + 1)] == words[0][^(common + 1)])) common++;
        if (common < 2) return string.Join(", ", shown) + tail;
        var ending = string.Join(' ', words[0][^common..]);
        return string.Join(", ", words.Select(w => string.Join(' ', w[..^common]))) + " " + ending + tail;
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\s*\(declared:[^)]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex Declared();

    [GeneratedRegex(@"^the deployment does not offer (?<what>.+?)(?<tail> \(declared\))?$", RegexOptions.IgnoreCase)]
    private static partial Regex NotOffered();
}
