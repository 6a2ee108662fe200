using System.Globalization;
using System.Text;
using Acceptance.LivingDoc.History;
using Acceptance.LivingDoc.Model;
using static Acceptance.LivingDoc.Rendering.Html;

namespace Acceptance.LivingDoc.Rendering;

/// <summary>Inline SVG charts; each has a text alternative, and the numbers are also in a table beside it.</summary>
internal static class Charts
{
    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string StatusDonut(LivingDocReport report)
    {
        const double radius = 60, circumference = 2 * Math.PI * radius;
        var total = report.Items.Count;
        var svg = new StringBuilder();
        svg.Append("<svg class=\"donut\" viewBox=\"0 0 160 160\" width=\"160\" height=\"160\" role=\"img\" aria-label=\"")
            .Append(E(string.Join(", ", Statuses.All.Select(s => (s, n: report.Count(s))).Where(x => x.n > 0).Select(x => $"{x.n} {x.s.Label().ToLowerInvariant()}"))))
            .Append("\"><circle class=\"track\" cx=\"80\" cy=\"80\" r=\"60\" />");
        var offset = 0.0;
        foreach (var status in Statuses.All)
        {
            var count = report.Count(status);
            if (count == 0 || total == 0) continue;
            var length = circumference * count / total;
            svg.Append("<circle class=\"seg st-").Append(status.Slug()).Append("\" cx=\"80\" cy=\"80\" r=\"60\" stroke-dasharray=\"")
                .Append(F(length)).Append(' ').Append(F(circumference - length)).Append("\" stroke-dashoffset=\"").Append(F(-offset))
                .Append("\" transform=\"rotate(-90 80 80)\"><title>").Append(count).Append(' ').Append(status.Label().ToLowerInvariant()).Append("</title></circle>");
            offset += length;
        }
        svg.Append("<text x=\"80\" y=\"78\" class=\"donut-value\" text-anchor=\"middle\">").Append(E(Percent(report.PassRate))).Append("</text>")
            .Append("<text x=\"80\" y=\"98\" class=\"donut-label\" text-anchor=\"middle\">passed</text></svg>");
        return svg.ToString();
    }

    public static string PassRateTrend(IReadOnlyList<HistoryRun> runs)
    {
        if (runs.Count == 0) return "<p class=\"hint\">No history yet: the trend appears from the next run on.</p>";
        const int width = 420, height = 180, left = 36, bottom = 34, top = 14;
        var plotWidth = width - left - 8;
        var plotHeight = height - top - bottom;
        var slot = plotWidth / (double)Math.Max(runs.Count, 1);
        var bar = Math.Min(36, slot * 0.7);
        var svg = new StringBuilder();
        svg.Append("<svg class=\"trend-chart\" viewBox=\"0 0 ").Append(width).Append(' ').Append(height).Append("\" role=\"img\" aria-label=\"Pass rate per run, oldest first: ")
            .Append(E(string.Join(", ", runs.Select(r => Percent(r.PassRate)))))
            .Append("\">");
        foreach (var tick in new[] { 0, 50, 100 })
        {
            var y = top + plotHeight * (1 - tick / 100.0);
            svg.Append("<line class=\"grid\" x1=\"").Append(left).Append("\" x2=\"").Append(width - 8).Append("\" y1=\"").Append(F(y)).Append("\" y2=\"").Append(F(y)).Append("\" />")
                .Append("<text class=\"axis\" x=\"").Append(left - 4).Append("\" y=\"").Append(F(y + 4)).Append("\" text-anchor=\"end\">").Append(tick).Append("%</text>");
        }
        for (var i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            var rate = run.PassRate ?? 0;
            var x = left + slot * i + (slot - bar) / 2;
            var h = Math.Max(1, plotHeight * rate);
            svg.Append("<rect class=\"bar").Append(run.Current ? " cur" : "").Append(rate < 1 ? " partial" : "").Append("\" x=\"").Append(F(x)).Append("\" y=\"").Append(F(top + plotHeight - h))
                .Append("\" width=\"").Append(F(bar)).Append("\" height=\"").Append(F(h)).Append("\"><title>")
                .Append(E($"{Time(run.StartedAt)}{(run.Commit is null ? "" : " · " + HistoryStore.Short(run.Commit))}: {Percent(run.PassRate)} passed of {run.Scenarios.Count}"))
                .Append("</title></rect>");
            if (runs.Count <= 12)
                svg.Append("<text class=\"axis\" x=\"").Append(F(x + bar / 2)).Append("\" y=\"").Append(height - bottom + 14).Append("\" text-anchor=\"middle\">")
                    .Append(E(run.Current ? "now" : run.StartedAt.UtcDateTime.ToString("dd MMM", CultureInfo.InvariantCulture))).Append("</text>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }
}
