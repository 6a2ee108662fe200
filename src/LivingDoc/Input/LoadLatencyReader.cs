using System.Text.Json;
using Acceptance.LivingDoc.Model;

namespace Acceptance.LivingDoc.Input;

/// <summary>
/// A load scenario's latency figures (its load-latency.json):
/// {"users":25,"errors":0,"first_event_ms":{"p50":…,"p95":…,"p99":…,"samples":[…]},"completion_ms":{…},
///  "budgets":{"first_event_p95_ms":1000,"completion_p95_ms":10000}} (budgets optional).
/// </summary>
public static class LoadLatencyReader
{
    public static LoadLatency? TryRead(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            var firstEvent = Figures(root, "first_event_ms");
            var completion = Figures(root, "completion_ms");
            if (firstEvent is null && completion is null) return null;
            root.TryGetProperty("budgets", out var budgets);
            return new LoadLatency(Int(root, "users"), Int(root, "errors"), firstEvent, completion,
                Number(budgets, "first_event_p95_ms"), Number(budgets, "completion_p95_ms"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static LatencyFigures? Figures(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var figures) || figures.ValueKind != JsonValueKind.Object) return null;
        var samples = figures.TryGetProperty("samples", out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Number).Select(x => x.GetDouble()).ToList()
            : [];
        return new LatencyFigures(Number(figures, "p50") ?? 0, Number(figures, "p95") ?? 0, Number(figures, "p99") ?? 0, samples);
    }

    private static double? Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static int Int(JsonElement element, string name) => (int)(Number(element, name) ?? 0);
}
