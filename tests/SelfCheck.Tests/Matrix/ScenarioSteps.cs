using System.Text.Json;

namespace Acceptance.SelfCheck.Tests.Matrix;

/// <summary>The step of a scenario that did not pass: a Gherkin step (with the binding that ran it) or a hook.</summary>
/// <param name="Keyword">Given, When or Then as the pickle says (Context, Action, Outcome); "Hook" for a hook.</param>
/// <param name="Text">The step's text, or the hook's method.</param>
/// <param name="Binding">"Class.Method" of the step definition or hook that ran, or null (undefined step).</param>
/// <param name="Status">The Cucumber status: FAILED, UNDEFINED, AMBIGUOUS, PENDING, SKIPPED.</param>
/// <param name="Message">What the step reported (the exception's message), or "".</param>
public sealed record StepFailure(string Keyword, string Text, string? Binding, string Status, string Message)
{
    /// <summary>The first non-empty line of the message, trimmed.</summary>
    public string FirstLine => Lines.FirstOrDefault() ?? "";

    /// <summary>
    /// What the message says, in short: its first line, and when that only introduces what follows (it ends with a
    /// colon: the next two lines; or is shorter than 40 characters: the next one or two), the lines that say it; NUnit's echo of the assertion and its string-diff
    /// bookkeeping are left out.
    /// </summary>
    public string Summary
    {
        get
        {
            var lines = Lines.Where(line => !line.StartsWith("Assert.That(", StringComparison.Ordinal) && !line.StartsWith("Expected string length", StringComparison.Ordinal)
                                            && !line.StartsWith("String lengths are both", StringComparison.Ordinal) && !line.StartsWith("Values differ at", StringComparison.Ordinal)
                                            && !line.StartsWith("Call log:", StringComparison.Ordinal) && !line.StartsWith('-') && !line.StartsWith('^')).ToList();
            if (lines.Count == 0) return "";
            var summary = lines[0];
            foreach (var next in lines.Skip(1).Take(2))
            {
                if (!lines[0].EndsWith(':') && !summary.EndsWith(':') && summary.Length >= (summary == lines[0] ? 40 : 60)) break;
                summary += " " + next;
            }
            return summary;
        }
    }

    private IEnumerable<string> Lines => Message.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0);

    public override string ToString() => $"{Keyword} {Text} [{Binding ?? "no binding"}] {Status}: {FirstLine}";
}

/// <summary>One scenario case as the child run's Cucumber messages tell it: where it is, and the first step that did not pass.</summary>
public sealed record ScenarioCase(string Feature, string Name, bool Passed, StepFailure? Failure)
{
    public override string ToString() => $"{(Passed ? "passed" : "FAILED")} {Name} ({Feature}){(Failure is null ? "" : " at " + Failure)}";
}

/// <summary>
/// Reads a child run's Cucumber messages (reqnroll-report.ndjson): pickles, test cases, step definitions and hooks,
/// and the results of each step, so the self-check can tell at which step and in which binding a scenario failed.
/// </summary>
public static class ScenarioSteps
{
    public static IReadOnlyList<ScenarioCase> Read(string ndjsonPath)
    {
        var pickles = new Dictionary<string, JsonElement>();
        var definitions = new Dictionary<string, string>();
        var hooks = new Dictionary<string, string>();
        var testCases = new Dictionary<string, JsonElement>();
        var started = new List<(string Id, string TestCaseId)>();
        var results = new Dictionary<string, List<(string StepId, string Status, string Message)>>();

        foreach (var line in File.ReadLines(ndjsonPath))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var document = JsonDocument.Parse(line);
            var property = document.RootElement.EnumerateObject().First();
            var body = property.Value.Clone();
            switch (property.Name)
            {
                case "pickle":
                    pickles[Str(body, "id")] = body;
                    break;
                case "stepDefinition":
                    definitions[Str(body, "id")] = MethodOf(body);
                    break;
                case "hook":
                    hooks[Str(body, "id")] = MethodOf(body);
                    break;
                case "testCase":
                    testCases[Str(body, "id")] = body;
                    break;
                case "testCaseStarted":
                    started.Add((Str(body, "id"), Str(body, "testCaseId")));
                    break;
                case "testStepFinished":
                    var result = body.GetProperty("testStepResult");
                    var message = result.TryGetProperty("message", out var m) ? m.GetString() ?? "" :
                        result.TryGetProperty("exception", out var e) && e.TryGetProperty("message", out var em) ? em.GetString() ?? "" : "";
                    var id = Str(body, "testCaseStartedId");
                    if (!results.TryGetValue(id, out var list)) results[id] = list = [];
                    list.Add((Str(body, "testStepId"), Str(result, "status"), message));
                    break;
            }
        }

        var cases = new List<ScenarioCase>();
        foreach (var (startedId, testCaseId) in started)
        {
            var testCase = testCases[testCaseId];
            var pickle = pickles[Str(testCase, "pickleId")];
            var steps = testCase.GetProperty("testSteps").EnumerateArray().ToDictionary(s => Str(s, "id"));
            var pickleSteps = pickle.GetProperty("steps").EnumerateArray().ToDictionary(s => Str(s, "id"));
            var finished = results.GetValueOrDefault(startedId) ?? [];
            var notPassed = finished.FirstOrDefault(r => r.Status != "PASSED");
            StepFailure? failure = null;
            if (notPassed.StepId is not null)
            {
                var step = steps[notPassed.StepId];
                if (step.TryGetProperty("pickleStepId", out var pickleStepId))
                {
                    var pickleStep = pickleSteps[pickleStepId.GetString()!];
                    var definition = step.TryGetProperty("stepDefinitionIds", out var ids) && ids.GetArrayLength() == 1
                        ? definitions.GetValueOrDefault(ids[0].GetString()!) : null;
                    failure = new StepFailure(KeywordOf(Str(pickleStep, "type")), Str(pickleStep, "text"), definition, notPassed.Status, notPassed.Message);
                }
                else
                {
                    var hook = hooks.GetValueOrDefault(Str(step, "hookId"));
                    failure = new StepFailure("Hook", hook ?? "a hook", hook, notPassed.Status, notPassed.Message);
                }
            }
            // A scenario passed when every one of its steps finished and passed.
            var passed = failure is null && finished.Count == steps.Count;
            cases.Add(new ScenarioCase(Str(pickle, "uri"), Str(pickle, "name"), passed, failure));
        }
        return cases;
    }

    private static string KeywordOf(string pickleStepType) => pickleStepType switch
    {
        "Context" => "Given",
        "Action" => "When",
        "Outcome" => "Then",
        _ => pickleStepType,
    };

    /// <summary>"Class.Method" from a step definition's or hook's source reference (the class without its namespace).</summary>
    private static string MethodOf(JsonElement definition)
    {
        if (!definition.TryGetProperty("sourceReference", out var source) || !source.TryGetProperty("javaMethod", out var method)) return "?";
        var className = Str(method, "className");
        return $"{className[(className.LastIndexOf('.') + 1)..]}.{Str(method, "methodName")}";
    }

    private static string Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}
