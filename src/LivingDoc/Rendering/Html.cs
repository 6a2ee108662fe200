using System.Globalization;
using System.Text;

namespace Acceptance.LivingDoc.Rendering;

internal static class Html
{
    /// <summary>Escapes text for element content and quoted attribute values.</summary>
    public static string E(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var index = text.AsSpan().IndexOfAny("&<>\"'");
        if (index < 0) return text;
        var builder = new StringBuilder(text.Length + 16);
        builder.Append(text, 0, index);
        for (var i = index; i < text.Length; i++)
        {
            var c = text[i];
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => null,
            } ?? c.ToString());
        }
        return builder.ToString();
    }

    public static string Duration(double ms) => ms switch
    {
        < 1 => "<1 ms",
        < 1000 => ms.ToString("0", CultureInfo.InvariantCulture) + " ms",
        < 60_000 => (ms / 1000).ToString("0.0#", CultureInfo.InvariantCulture) + " s",
        _ => $"{(int)(ms / 60_000)} min {(ms % 60_000 / 1000).ToString("0", CultureInfo.InvariantCulture)} s",
    };

    public static string Time(DateTimeOffset? at) =>
        at is null ? "" : at.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Percent(double? rate) =>
        rate is null ? "–" : (rate.Value * 100).ToString(rate.Value is > 0.995 and < 1 ? "0.0" : "0", CultureInfo.InvariantCulture) + " %";

    public static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
