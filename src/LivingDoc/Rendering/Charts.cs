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

    /// <summary>
    /// A load scenario's latency: per measure (first event, completion) p50/p95/p99 bars against the p95 budget,
    /// and a histogram of the samples; a table of the same numbers follows for screen readers and copying.
    /// </summary>
    public static string LoadLatency(LoadLatency load)
    {
        var html = new StringBuilder();
        html.Append("<div class=\"load\"><p>").Append(load.Users).Append(" users · ").Append(load.Errors).Append(load.Errors == 1 ? " error" : " errors").Append("</p>");
        foreach (var (title, figures, budget) in new[] { ("First event", load.FirstEvent, load.FirstEventBudgetP95), ("Completion", load.Completion, load.CompletionBudgetP95) })
        {
            if (figures is null) continue;
            html.Append("<figure class=\"chart load-chart\"><figcaption>").Append(E(title)).Append(" latency (ms)")
                .Append(budget is { } b ? $" · p95 budget {F(b)} ms · " + (figures.P95 <= b ? "within budget" : "OVER BUDGET") : "").Append("</figcaption>");
            Percentiles(html, title, figures, budget);
            Histogram(html, title, figures.Samples);
            html.Append("<table class=\"data\"><thead><tr><th scope=\"col\">p50</th><th scope=\"col\">p95</th><th scope=\"col\">p99</th><th scope=\"col\">p95 budget</th><th scope=\"col\">samples</th></tr></thead><tbody><tr>")
                .Append("<td class=\"num\">").Append(F(figures.P50)).Append("</td><td class=\"num\">").Append(F(figures.P95)).Append("</td><td class=\"num\">").Append(F(figures.P99))
                .Append("</td><td class=\"num\">").Append(budget is { } bb ? F(bb) : "–").Append("</td><td class=\"num\">").Append(figures.Samples.Count).Append("</td></tr></tbody></table></figure>");
        }
        html.Append("</div>");
        return html.ToString();
    }

    private static void Percentiles(StringBuilder svg, string title, LatencyFigures figures, double? budget)
    {
        const int width = 360, row = 22, left = 40, right = 10;
        var max = new[] { figures.P50, figures.P95, figures.P99, budget ?? 0 }.Max() * 1.1;
        if (max <= 0) max = 1;
        var plot = width - left - right;
        var height = row * 3 + 20;
        svg.Append("<svg class=\"latency\" viewBox=\"0 0 ").Append(width).Append(' ').Append(height).Append("\" role=\"img\" aria-label=\"")
            .Append(E($"{title}: p50 {F(figures.P50)} ms, p95 {F(figures.P95)} ms, p99 {F(figures.P99)} ms{(budget is { } b ? $", p95 budget {F(b)} ms" : "")}")).Append("\">");
        var values = new[] { ("p50", figures.P50), ("p95", figures.P95), ("p99", figures.P99) };
        for (var i = 0; i < values.Length; i++)
        {
            var (name, value) = values[i];
            var y = 4 + i * row;
            var over = budget is { } limit && name == "p95" && value > limit;
            svg.Append("<text class=\"axis\" x=\"").Append(left - 4).Append("\" y=\"").Append(y + 14).Append("\" text-anchor=\"end\">").Append(name).Append("</text>")
                .Append("<rect class=\"bar").Append(over ? " over" : "").Append("\" x=\"").Append(left).Append("\" y=\"").Append(y).Append("\" height=\"16\" width=\"")
                .Append(F(Math.Max(1, plot * value / max))).Append("\"><title>").Append(name).Append(' ').Append(F(value)).Append(" ms</title></rect>")
                .Append("<text class=\"axis\" x=\"").Append(F(left + Math.Max(1, plot * value / max) + 3)).Append("\" y=\"").Append(y + 13).Append("\">").Append(F(value)).Append("</text>");
        }
        if (budget is { } line)
        {
            var x = left + plot * line / max;
            svg.Append("<line class=\"budget\" x1=\"").Append(F(x)).Append("\" x2=\"").Append(F(x)).Append("\" y1=\"0\" y2=\"").Append(row * 3 + 4).Append("\" />")
                .Append("<text class=\"axis\" x=\"").Append(F(x)).Append("\" y=\"").Append(height - 2).Append("\" text-anchor=\"middle\">budget ").Append(F(line)).Append("</text>");
        }
        svg.Append("</svg>");
    }

    private static void Histogram(StringBuilder svg, string title, IReadOnlyList<double> samples)
    {
        if (samples.Count == 0) return;
        const int width = 360, height = 110, bins = 20, left = 30, bottom = 18;
        var min = samples.Min();
        var max = samples.Max();
        var span = Math.Max(max - min, 1e-9);
        var counts = new int[bins];
        foreach (var sample in samples) counts[Math.Min(bins - 1, (int)((sample - min) / span * bins))]++;
        var tallest = Math.Max(1, counts.Max());
        var slot = (width - left - 4) / (double)bins;
        svg.Append("<svg class=\"histogram\" viewBox=\"0 0 ").Append(width).Append(' ').Append(height).Append("\" role=\"img\" aria-label=\"")
            .Append(E($"{title}: histogram of {samples.Count} samples from {F(min)} to {F(max)} ms")).Append("\">");
        for (var i = 0; i < bins; i++)
        {
            if (counts[i] == 0) continue;
            var h = (height - bottom - 4) * counts[i] / (double)tallest;
            svg.Append("<rect class=\"bar\" x=\"").Append(F(left + i * slot)).Append("\" y=\"").Append(F(height - bottom - h)).Append("\" width=\"").Append(F(slot * 0.9))
                .Append("\" height=\"").Append(F(h)).Append("\"><title>").Append(counts[i]).Append(" samples from ").Append(F(min + span * i / bins)).Append(" ms</title></rect>");
        }
        svg.Append("<text class=\"axis\" x=\"").Append(left).Append("\" y=\"").Append(height - 4).Append("\">").Append(F(min)).Append(" ms</text>")
            .Append("<text class=\"axis\" x=\"").Append(width - 4).Append("\" y=\"").Append(height - 4).Append("\" text-anchor=\"end\">").Append(F(max)).Append(" ms</text></svg>");
    }
}
