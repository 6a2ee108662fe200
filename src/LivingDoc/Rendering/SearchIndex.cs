using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Acceptance.LivingDoc.Model;

namespace Acceptance.LivingDoc.Rendering;

/// <summary>
/// What the page's search reads: per scenario or examples row its id, feature, status, tags and the text the
/// specification shows for it (feature and rule titles, the scenario with its steps, the row), lower-cased.
/// Written gzipped into the page, so the script searches it without the specification being in the DOM.
/// </summary>
internal sealed class SearchIndex
{
    private readonly List<(string Id, int Feature, string Status, string Tags, string Text, int Details)> _items = new();
    private readonly IReadOnlyDictionary<string, int> _detailsChunks;

    /// <param name="detailsChunks">Per executed item, the number of the details block that holds its executions.</param>
    public SearchIndex(IReadOnlyDictionary<string, int> detailsChunks) => _detailsChunks = detailsChunks;
    private int _feature = -1;
    public string FeatureText { get; set; } = "";
    public string RuleText { get; set; } = "";

    /// <summary>Starts the next feature; its number.</summary>
    public int Feature()
    {
        FeatureText = RuleText = "";
        return ++_feature;
    }

    public void Add(ScenarioItem item, string text)
    {
        var tags = string.Join(' ', item.Tags).ToLowerInvariant();
        _items.Add((item.Id, _feature, item.Status.Slug(), tags, string.Join(' ', new[] { FeatureText, RuleText, text, tags }.Where(part => part.Length > 0)),
            _detailsChunks.TryGetValue(item.Id, out var chunk) ? chunk : -1));
    }

    /// <summary>The text a reader sees in a stretch of the page's HTML (tags dropped, entities decoded), lower-cased, spaces collapsed.</summary>
    public static string Text(StringBuilder html, int start, int length)
    {
        var markup = html.ToString(start, length);
        var text = new StringBuilder(markup.Length / 2);
        var space = true;
        var entities = false;
        for (var i = 0; i < markup.Length; i++)
        {
            var c = markup[i];
            if (c == '<')
            {
                var close = markup.IndexOf('>', i);
                if (close < 0) break;
                var name = i + 1;
                if (name < close && markup[name] == '/') name++;
                var end = name;
                while (end < close && char.IsAsciiLetterOrDigit(markup[end])) end++;
                // Block elements separate words; inline ones (a badge, a keyword) run on as textContent does.
                if (!Inline(markup.AsSpan(name, end - name)) && !space)
                {
                    text.Append(' ');
                    space = true;
                }
                i = close;
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                if (!space) text.Append(' ');
                space = true;
                continue;
            }
            if (c == '&') entities = true;
            text.Append(char.ToLowerInvariant(c));
            space = false;
        }
        var result = text.ToString().TrimEnd();
        return entities ? WebUtility.HtmlDecode(result) : result;
    }

    private static bool Inline(ReadOnlySpan<char> name) =>
        name is "span" or "a" or "q" or "code" or "em" or "strong" or "var" or "kbd" or "b" or "i";

    /// <summary>{"i":[[id, feature, status, tags, text, details block or -1], …]} gzipped, base64.</summary>
    public string Write()
    {
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("i");
            foreach (var (id, feature, status, tags, text, details) in _items)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(id);
                writer.WriteNumberValue(feature);
                writer.WriteStringValue(status);
                writer.WriteStringValue(tags);
                writer.WriteStringValue(text);
                writer.WriteNumberValue(details);
                writer.WriteEndArray();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Packing.Gzip(json);
    }
}
