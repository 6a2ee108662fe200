using System.Text;
using System.Text.RegularExpressions;

namespace Acceptance.LivingDoc.Rendering;

/// <summary>
/// A small, safe Markdown: paragraphs, *emphasis*, **strong**, `code`, fenced code, bullet and numbered lists,
/// [links](https://…) to http, https, mailto or relative targets. Everything else is escaped, never passed through.
/// </summary>
public static partial class Markdown
{
    public static string ToHtml(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var html = new StringBuilder();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var paragraph = new List<string>();
        string? listTag = null;

        void CloseParagraph()
        {
            if (paragraph.Count == 0) return;
            html.Append("<p>").Append(Inline(string.Join(" ", paragraph.Select(line => line.Trim())))).Append("</p>");
            paragraph.Clear();
        }
        void CloseList()
        {
            if (listTag is null) return;
            html.Append("</").Append(listTag).Append('>');
            listTag = null;
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            if (trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                CloseParagraph();
                CloseList();
                var code = new List<string>();
                for (i++; i < lines.Length && !lines[i].Trim().StartsWith("```", StringComparison.Ordinal); i++) code.Add(lines[i]);
                html.Append("<pre><code>").Append(Html.E(string.Join("\n", code))).Append("</code></pre>");
                continue;
            }
            if (trimmed.Length == 0)
            {
                CloseParagraph();
                CloseList();
                continue;
            }
            var bullet = Bullet().Match(trimmed);
            var numbered = Numbered().Match(trimmed);
            if (bullet.Success || numbered.Success)
            {
                CloseParagraph();
                var tag = bullet.Success ? "ul" : "ol";
                if (listTag != tag)
                {
                    CloseList();
                    html.Append('<').Append(tag).Append('>');
                    listTag = tag;
                }
                html.Append("<li>").Append(Inline((bullet.Success ? bullet : numbered).Groups["text"].Value)).Append("</li>");
                continue;
            }
            var heading = Heading().Match(trimmed);
            if (heading.Success)
            {
                CloseParagraph();
                CloseList();
                html.Append("<p class=\"md-heading\"><strong>").Append(Inline(heading.Groups["text"].Value)).Append("</strong></p>");
                continue;
            }
            if (listTag is not null && line.StartsWith("  ", StringComparison.Ordinal))
            {
                // A continuation line of the last list item.
                html.Length -= "</li>".Length;
                html.Append(' ').Append(Inline(trimmed)).Append("</li>");
                continue;
            }
            CloseList();
            paragraph.Add(trimmed);
        }
        CloseParagraph();
        CloseList();
        return html.ToString();
    }

    /// <summary>Inline spans: code first (its content is literal), then links, strong and emphasis on escaped text.</summary>
    public static string Inline(string text)
    {
        var codes = new List<string>();
        var withoutCode = CodeSpan().Replace(text, match =>
        {
            codes.Add("<code>" + Html.E(match.Groups["code"].Value) + "</code>");
            return $"\u0001{codes.Count - 1}\u0002";
        });
        var html = Html.E(withoutCode);
        html = Link().Replace(html, match =>
        {
            var target = System.Net.WebUtility.HtmlDecode(match.Groups["url"].Value).Trim();
            return SafeTarget(target)
                ? $"<a href=\"{Html.E(target)}\" rel=\"noopener noreferrer\">{match.Groups["text"].Value}</a>"
                : match.Value;
        });
        html = Strong().Replace(html, "<strong>${text}</strong>");
        html = Emphasis().Replace(html, "<em>${text}</em>");
        return Placeholder().Replace(html, match => codes[int.Parse(match.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture)]);
    }

    private static bool SafeTarget(string target)
    {
        if (target.Length == 0 || target.Any(char.IsControl)) return false;
        if (Uri.TryCreate(target, UriKind.Absolute, out var uri) && !target.StartsWith('/'))
            return uri.Scheme is "http" or "https" or "mailto";
        var colon = target.IndexOf(':');
        var slash = target.IndexOfAny(['/', '?', '#']);
        return colon < 0 || (slash >= 0 && slash < colon);
    }

    [GeneratedRegex(@"^[-*+]\s+(?<text>.*)$")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"^\d{1,3}[.)]\s+(?<text>.*)$")]
    private static partial Regex Numbered();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.*)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"`(?<code>[^`]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"\[(?<text>[^\]]+)\]\((?<url>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"\*\*(?<text>[^*]+)\*\*|__(?<text>[^_]+)__")]
    private static partial Regex Strong();

    [GeneratedRegex(@"(?<![\w*])\*(?<text>[^*\s][^*]*)\*(?![\w*])|(?<![\w_])_(?<text>[^_\s][^_]*)_(?![\w_])")]
    private static partial Regex Emphasis();

    [GeneratedRegex("\u0001(?<n>\\d+)\u0002")]
    private static partial Regex Placeholder();
}
