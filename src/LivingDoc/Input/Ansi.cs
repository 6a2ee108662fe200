using System.Text.RegularExpressions;

namespace Acceptance.LivingDoc.Input;

/// <summary>ANSI terminal escapes (colours, cursor moves) removed, so coloured console text reads as plain text.</summary>
public static partial class Ansi
{
    [GeneratedRegex(@"\x1B(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1B]*(?:\x07|\x1B\\)|[@-Z\\-_])")]
    private static partial Regex Escape();

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static string? Strip(string? text) => text is null || !text.Contains('\x1B') ? text : Escape().Replace(text, "");
}
