namespace Acceptance.Support.Drivers.Load;

/// <summary>A latency distribution in milliseconds: its samples and the 50th, 95th and 99th percentiles (nearest rank).</summary>
public sealed record Latency(double P50, double P95, double P99, IReadOnlyList<double> Samples)
{
    public static Latency Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Select(m => Math.Round(m, 1)).OrderBy(m => m).ToList();
        return new Latency(Percentile(sorted, 50), Percentile(sorted, 95), Percentile(sorted, 99), sorted);
    }

    /// <summary>The nearest-rank percentile of sorted samples; NaN when there are none.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percent)
    {
        if (sorted.Count == 0) return double.NaN;
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public override string ToString() =>
        Samples.Count == 0 ? "no samples" : $"p50 {P50:0} ms, p95 {P95:0} ms, p99 {P99:0} ms over {Samples.Count} runs";
}
