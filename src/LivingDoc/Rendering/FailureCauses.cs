using System.Text.RegularExpressions;
using Acceptance.LivingDoc.Model;

namespace Acceptance.LivingDoc.Rendering;

/// <summary>Groups failing scenarios by cause: the error message with numbers, ids, timestamps and addresses stripped.</summary>
public static partial class FailureCauses
{
    public sealed record Cause(string Key, ScenarioStatus Status, string Title, List<ScenarioItem> Items);

    public static List<Cause> Group(IEnumerable<ScenarioItem> items)
    {
        var causes = new Dictionary<string, Cause>();
        foreach (var item in items.Where(item => item.Status.IsProblem()))
        {
            var (key, title) = KeyOf(item);
            if (!causes.TryGetValue(key, out var cause)) causes[key] = cause = new Cause(key, item.Status, title, new List<ScenarioItem>());
            cause.Items.Add(item);
        }
        return causes.Values.OrderByDescending(c => c.Status.Severity()).ThenByDescending(c => c.Items.Count).ThenBy(c => c.Title, StringComparer.Ordinal).ToList();
    }

    private static (string Key, string Title) KeyOf(ScenarioItem item)
    {
        var step = item.Latest?.FailingStep;
        switch (item.Status)
        {
            case ScenarioStatus.Undefined:
                return ("undefined", "Steps without a definition");
            case ScenarioStatus.Pending:
                return ("pending", "Steps still pending");
        }
        var message = step?.Error ?? "Failed without a message";
        var normalised = Normalise(message);
        var prefix = step?.Hook is { } hook ? $"{step.Text}: " : step?.ErrorType is { } type ? ShortType(type) + ": " : "";
        // Broken scenarios (the environment failed) group apart from the product's failures, even with the same message.
        return ((item.Status == ScenarioStatus.Broken ? "broken:" : "failed:") + prefix + normalised, prefix + normalised);
    }

    /// <summary>The message without what changes from run to run, so that the same cause groups together.</summary>
    public static string Normalise(string message)
    {
        var text = message.Trim();
        if (text.Length > 600) text = text[..600];
        text = Timestamp().Replace(text, "<time>");
        text = Guid().Replace(text, "<id>");
        text = Url().Replace(text, match => match.Groups["base"].Value + match.Groups["path"].Value);
        text = HexId().Replace(text, "<id>");
        text = Number().Replace(text, "<n>");
        text = Space().Replace(text, " ").Trim();
        return text.Length > 240 ? text[..240] + "…" : text;
    }

    private static string ShortType(string type) => type.Contains('.') ? type[(type.LastIndexOf('.') + 1)..] : type;

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?|\b\d{1,2}:\d{2}:\d{2}(\.\d+)?\b")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")]
    private static partial Regex Guid();

    [GeneratedRegex(@"\b(?=[0-9a-fA-F_-]*\d)(?=[0-9a-zA-Z_-]*[a-zA-Z])[0-9a-zA-Z_-]{12,}\b")]
    private static partial Regex HexId();

    [GeneratedRegex(@"(?<base>\b(?:https?|wss?)://[^/\s:]+)(?::\d+)?(?<path>/[^\s'""]*)?")]
    private static partial Regex Url();

    [GeneratedRegex(@"\d+(\.\d+)?")]
    private static partial Regex Number();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();
}
