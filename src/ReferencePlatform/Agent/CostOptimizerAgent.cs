using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Acceptance.ReferencePlatform.Agent;

/// <summary>Everything a run will say, worked out up front from the message text.</summary>
public sealed record AgentPlan(string StartMessage, string Reasoning, string ToolName, JsonObject Parameters, JsonObject Results, string FinalResponse);

/// <summary>
/// A deterministic cost-optimisation agent: no model, the same text always gives the same answer.
/// The service named in the text and the first amount in it drive the figures.
/// </summary>
public static partial class CostOptimizerAgent
{
    public const string Name = "cost_optimizer";
    public const string ToolName = "cost_analyzer";
    public const string ForceErrorMarker = "FORCE_ERROR";
    public const decimal DefaultMonthlySpend = 10_000m;

    private sealed record ServiceProfile(string Service, string[] Keywords, int SavingsPercent, string[] Recommendations);

    private static readonly ServiceProfile[] Profiles =
    [
        new("gpu", ["gpu", "training", "inference", "ml "], 38,
            ["Move batch training to spot instances", "Right-size inference GPUs to actual utilisation"]),
        new("database", ["database", "rds", "sql", "postgres", "mysql"], 28,
            ["Buy reserved capacity for steady database load", "Downsize over-provisioned replicas"]),
        new("storage", ["storage", "s3", "bucket", "blob"], 45,
            ["Move objects untouched for 30 days to infrequent-access tiers", "Expire old snapshots"]),
        new("serverless", ["lambda", "serverless", "function"], 18,
            ["Tune memory sizes per function", "Cut cold starts with provisioned concurrency only where needed"]),
        new("kubernetes", ["kubernetes", "k8s", "eks", "gke", "aks", "cluster"], 30,
            ["Enable cluster autoscaling", "Set resource requests from observed usage"]),
        new("network", ["network", "egress", "bandwidth", "cdn"], 22,
            ["Serve static content through a CDN", "Keep traffic within one region"]),
        new("compute", ["compute", "ec2", "vm", "instance", "server"], 32,
            ["Right-size idle instances", "Cover the steady baseline with savings plans"]),
    ];

    private static readonly ServiceProfile Overall = new("cloud", [], 25,
        ["Right-size idle resources", "Commit to savings plans for steady usage", "Delete unattached volumes"]);

    public static bool CannotHandle(string text) => text.Contains(ForceErrorMarker, StringComparison.Ordinal);

    public static AgentPlan Plan(string text)
    {
        var lower = text.ToLowerInvariant();
        var profile = Profiles.FirstOrDefault(p => p.Keywords.Any(lower.Contains)) ?? Overall;
        var spend = MonthlySpend(text);
        var savings = decimal.Round(spend * profile.SavingsPercent / 100m, 2);
        var projected = spend - savings;
        var parameters = new JsonObject
        {
            ["service"] = profile.Service,
            ["monthly_spend"] = spend,
            ["currency"] = "USD",
            ["period"] = "monthly",
        };
        var results = new JsonObject
        {
            ["service"] = profile.Service,
            ["current_monthly_cost"] = spend,
            ["projected_monthly_cost"] = projected,
            ["estimated_savings"] = savings,
            ["savings_percent"] = profile.SavingsPercent,
            ["recommendations"] = new JsonArray(profile.Recommendations.Select(r => (JsonNode)JsonValue.Create(r)!).ToArray()),
        };
        var culture = CultureInfo.InvariantCulture;
        var recommendations = string.Join("; ", profile.Recommendations.Select((r, i) => $"{i + 1}) {r}"));
        var final = string.Create(culture,
            $"For a {profile.Service} spend of ${spend:N0} per month, I estimate savings of ${savings:N0} ({profile.SavingsPercent}%), bringing the monthly cost to ${projected:N0}. Recommendations: {recommendations}.");
        return new AgentPlan(
            "Cost optimizer started",
            string.Create(culture, $"The request is about {profile.Service} costs; analysing a monthly spend of ${spend:N0} with {ToolName}."),
            ToolName, parameters, results, final);
    }

    /// <summary>The first amount in the text ("$12,500", "12.5k", "3000"), else a default.</summary>
    private static decimal MonthlySpend(string text)
    {
        var match = Amount().Match(text);
        if (!match.Success || !decimal.TryParse(match.Groups["number"].Value.Replace(",", ""), NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            return DefaultMonthlySpend;
        }
        value *= match.Groups["suffix"].Value.ToLowerInvariant() switch { "k" => 1_000m, "m" => 1_000_000m, _ => 1m };
        return value is > 0 and < 1_000_000_000m ? decimal.Round(value, 2) : DefaultMonthlySpend;
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9.])\$?(?<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?<suffix>[kKmM])?\b")]
    private static partial Regex Amount();
}
