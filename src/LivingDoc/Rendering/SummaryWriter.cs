using System.Text.Json;
using System.Text.Json.Nodes;
using Acceptance.LivingDoc.Model;

namespace Acceptance.LivingDoc.Rendering;

/// <summary>The small JSON summary for CI: the gate's verdict, counts, pass rate, durations, what failed and why, marks, warnings.</summary>
internal static class SummaryWriter
{
    public static string Write(LivingDocReport report, LivingDocResult result)
    {
        var counts = new JsonObject();
        foreach (var status in Statuses.All) counts[status.Slug()] = report.Count(status);
        var executed = report.Items.Where(i => i.Executions.Count > 0).ToList();
        var gate = report.Gate ?? QualityGate.Evaluate(report);
        var root = new JsonObject
        {
            ["schema"] = "acceptance-livingdoc-summary/1",
            ["generatedAt"] = report.GeneratedAt.ToString("O"),
            // The quality gate's verdict: passed, failed (product failures or gate rules), broken (only the environment
            // failed) or empty (nothing executed).
            ["verdict"] = gate.Verdict,
            ["html"] = result.HtmlPath,
            ["commit"] = report.Commit,
            ["startedAt"] = report.StartedAt?.ToString("O"),
            ["durationMs"] = report.StartedAt is { } s && report.FinishedAt is { } f ? Math.Round((f - s).TotalMilliseconds) : null,
            ["features"] = report.Features.Count,
            ["scenarios"] = report.Items.Count,
            ["executed"] = executed.Count,
            ["passRate"] = report.PassRate is { } rate ? Math.Round(rate, 4) : null,
            ["counts"] = counts,
            ["gate"] = new JsonObject
            {
                ["passed"] = gate.Passed,
                ["line"] = gate.Line,
                ["selected"] = gate.Selected,
                ["executed"] = gate.Executed,
                ["allowedNotRun"] = new JsonArray(gate.AllowedNotRun.Select(name => (JsonNode)JsonValue.Create(name)!).ToArray()),
                ["violations"] = new JsonArray(gate.Violations.Select(v => (JsonNode)new JsonObject
                {
                    ["rule"] = v.Rule, ["setting"] = v.Setting, ["message"] = v.Message, ["detail"] = v.Detail,
                    ["scenarios"] = new JsonArray(v.Scenarios.Select(name => (JsonNode)JsonValue.Create(name)!).ToArray()),
                }).ToArray()),
                ["checks"] = new JsonArray(gate.Checks.Select(c => (JsonNode)new JsonObject
                {
                    ["rule"] = c.Rule, ["setting"] = c.Setting, ["passed"] = c.Passed, ["message"] = c.Message,
                }).ToArray()),
            },
            ["runs"] = new JsonArray(report.Runs.Select(run => (JsonNode)new JsonObject
            {
                ["label"] = run.Label, ["file"] = run.File, ["startedAt"] = run.StartedAt?.ToString("O"), ["success"] = run.Success, ["testCases"] = run.TestCases,
            }).ToArray()),
            ["failures"] = new JsonArray(report.Items.Where(i => i.Status.IsProblem()).Select(i => (JsonNode)new JsonObject
            {
                ["id"] = i.Id, ["feature"] = i.Feature.Uri, ["scenario"] = i.Name, ["status"] = i.Status.Slug(),
                ["step"] = i.Latest?.FailingStep?.Display, ["error"] = i.Latest?.FailingStep?.Error is { } e ? (e.Length > 500 ? e[..500] + "…" : e) : null,
                ["brokenReason"] = i.Latest?.BrokenReason,
                ["newlyFailing"] = i.NewlyFailing, ["flaky"] = i.Flaky,
            }).ToArray()),
            ["newlyFailing"] = new JsonArray(report.Items.Where(i => i.NewlyFailing).Select(i => (JsonNode)JsonValue.Create(i.Name)!).ToArray()),
            ["fixed"] = new JsonArray(report.Items.Where(i => i.Fixed).Select(i => (JsonNode)JsonValue.Create(i.Name)!).ToArray()),
            ["flaky"] = new JsonArray(report.Items.Where(i => i.Flaky).Select(i => (JsonNode)JsonValue.Create(i.Name)!).ToArray()),
            ["slowest"] = new JsonArray(executed.OrderByDescending(i => i.DurationMs).Take(5).Select(i => (JsonNode)new JsonObject
            {
                ["scenario"] = i.Name, ["feature"] = i.Feature.Uri, ["durationMs"] = Math.Round(i.DurationMs),
            }).ToArray()),
            ["warnings"] = new JsonArray(report.Warnings.Take(100).Select(w => (JsonNode)JsonValue.Create(w)!).ToArray()),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
