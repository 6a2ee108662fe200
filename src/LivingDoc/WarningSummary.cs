using System.Text.RegularExpressions;

namespace Acceptance.LivingDoc;

/// <summary>
/// Repeated warnings said once with a count: warnings that differ only in numbers (line numbers, ids) form a
/// group; a group shows its first few and then "… and N more like this".
/// </summary>
public static partial class WarningSummary
{
    public const int ShownPerGroup = 3;

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    public static List<string> Summarise(IReadOnlyList<string> warnings)
    {
        var groups = warnings.Select((warning, index) => (warning, index, key: Digits().Replace(warning, "#")))
            .GroupBy(x => x.key).OrderBy(g => g.Min(x => x.index));
        var result = new List<string>();
        foreach (var group in groups)
        {
            var all = group.ToList();
            result.AddRange(all.Take(ShownPerGroup).Select(x => x.warning));
            if (all.Count > ShownPerGroup)
                result.Add($"… and {all.Count - ShownPerGroup} more like this ({all.Count} in all): {all[0].warning}");
        }
        return result;
    }
}
