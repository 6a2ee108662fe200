using System.Text.Json.Nodes;

namespace Acceptance.Runner.Tests;

/// <summary>Reads what a Cucumber messages (ndjson) stream says about each scenario.</summary>
public sealed class CucumberMessages(IReadOnlyList<JsonObject> envelopes)
{
    public IEnumerable<JsonObject> OfType(string type) =>
        envelopes.Where(e => e.ContainsKey(type)).Select(e => e[type]!.AsObject());

    public IReadOnlyList<string> PickleNames => OfType("pickle").Select(p => (string)p["name"]!).ToList();

    /// <summary>Scenario name → the statuses of its Gherkin steps (not its hooks), in order, for every test case that ran.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> StepStatusesByScenario()
    {
        var pickleNames = OfType("pickle").ToDictionary(p => (string)p["id"]!, p => (string)p["name"]!);
        var caseToPickle = OfType("testCase").ToDictionary(c => (string)c["id"]!, c => (string)c["pickleId"]!);
        var gherkinSteps = OfType("testCase").SelectMany(c => c["testSteps"]!.AsArray())
            .Where(s => s!["pickleStepId"] is not null).Select(s => (string)s!["id"]!).ToHashSet();
        var startedToCase = OfType("testCaseStarted").ToDictionary(s => (string)s["id"]!, s => (string)s["testCaseId"]!);
        var result = new Dictionary<string, List<string>>();
        foreach (var finished in OfType("testStepFinished").Where(f => gherkinSteps.Contains((string)f["testStepId"]!)))
        {
            var name = pickleNames[caseToPickle[startedToCase[(string)finished["testCaseStartedId"]!]]];
            if (!result.TryGetValue(name, out var list)) result[name] = list = [];
            list.Add((string)finished["testStepResult"]!["status"]!);
        }

        return result.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value);
    }

    /// <summary>The number of steps in the test case of each scenario.</summary>
    public int StepCountOf(string scenario)
    {
        var pickleId = OfType("pickle").Single(p => (string)p["name"]! == scenario)["id"]!.ToString();
        return OfType("testCase").Single(c => (string)c["pickleId"]! == pickleId)["testSteps"]!.AsArray().Count;
    }

    /// <summary>The attachments of the test case of the scenario <paramref name="scenario"/>.</summary>
    public IReadOnlyList<JsonObject> AttachmentsOf(string scenario)
    {
        var pickleIds = OfType("pickle").Where(p => (string)p["name"]! == scenario).Select(p => (string)p["id"]!).ToHashSet();
        var caseIds = OfType("testCase").Where(c => pickleIds.Contains((string)c["pickleId"]!)).Select(c => (string)c["id"]!).ToHashSet();
        var startedIds = OfType("testCaseStarted").Where(s => caseIds.Contains((string)s["testCaseId"]!)).Select(s => (string)s["id"]!).ToHashSet();
        return OfType("attachment").Where(a => a["testCaseStartedId"] is { } id && startedIds.Contains((string)id!)).ToList();
    }
}
