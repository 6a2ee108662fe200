using System.Text;
using System.Text.Json;
using Acceptance.LivingDoc.Model;

namespace Acceptance.LivingDoc.Input;

/// <summary>
/// Reads a Cucumber messages ndjson file. Tolerant: a malformed or truncated line becomes a warning naming the
/// file and line, an unknown message type is ignored, and everything else is still read.
/// </summary>
public sealed class MessageReader
{
    /// <summary>Malformed lines reported one by one; the rest of a file's are counted in one warning.</summary>
    private const int MalformedShown = 5;
    private readonly EvidenceStore _store;
    private readonly List<string> _warnings;

    public MessageReader(EvidenceStore store, List<string> warnings)
    {
        _store = store;
        _warnings = warnings;
    }

    private sealed record AstNode(string Uri, int Line, string? Keyword, bool InBackground);
    private sealed record PickleStep(string Id, string Text, string? AstId);
    private sealed record Pickle(string Id, string Uri, string Name, List<string> Tags, List<string> AstIds, List<PickleStep> Steps);
    private sealed record TestStep(string Id, string? PickleStepId, string? HookId);
    private sealed record TestCase(string Id, string PickleId, List<TestStep> Steps);
    private sealed record Hook(string Id, string Name, string Type, string? TagExpression);

    private sealed class Started
    {
        public required string Id { get; init; }
        public required string TestCaseId { get; init; }
        public int Attempt { get; init; }
        public DateTimeOffset? At { get; init; }
        public DateTimeOffset? FinishedAt { get; set; }
        public bool WillBeRetried { get; set; }
        public Dictionary<string, StepOutcome?> StepResults { get; } = new();
        public Dictionary<string, DateTimeOffset?> StepStarts { get; } = new();
        public List<(string? StepId, Task<Action<Execution, StepResult?>> Attach)> Attachments { get; } = new();
    }

    /// <summary>What a testStepFinished said, taken out of its line so that no JsonDocument outlives its line.</summary>
    private sealed record StepOutcome(string? Status, double DurationMs, string? Message, string? ExceptionMessage, string? ExceptionType, string? StackTrace);

    public RunData Read(string path, string label)
    {
        var run = new RunInfo { Label = label, File = path };
        var data = new RunData { Run = run };
        var ast = new Dictionary<string, AstNode>();
        var pickles = new Dictionary<string, Pickle>();
        var testCases = new Dictionary<string, TestCase>();
        var hooks = new Dictionary<string, Hook>();
        var started = new Dictionary<string, Started>();
        var order = new List<Started>();
        var snippets = new Dictionary<string, string>();
        var runHooks = new Dictionary<string, string>();
        var failedRunHooks = new List<(Hook? Hook, string Message, string? Stack)>();
        var runAttachments = new List<(string? HookStartedId, Task<Action<Execution, StepResult?>> Attach)>();

        var number = 0;
        var malformed = 0;
        // The file is read as UTF-8 bytes, a line at a time, and each line parsed where it lies: no UTF-16 copy of
        // the (mostly base64) text, and nothing of a line kept once its message has been taken apart.
        foreach (var line in Lines(path))
        {
            number++;
            if (IsBlank(line.Span)) continue;
            run.Lines++;
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                malformed++;
                if (malformed <= MalformedShown) _warnings.Add($"{path}:{number}: malformed message skipped ({Shorten(e.Message)})");
                continue;
            }
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                _warnings.Add($"{path}:{number}: not a message object, skipped");
                document.Dispose();
                continue;
            }
            var known = 0;
            try
            {
                foreach (var message in root.EnumerateObject())
                {
                    var body = message.Value;
                    switch (message.Name)
                    {
                        case "meta":
                            run.ProtocolVersion = Str(body, "protocolVersion");
                            run.Implementation = NameVersion(body, "implementation");
                            run.Runtime = NameVersion(body, "runtime");
                            run.Os = NameVersion(body, "os");
                            run.Cpu = Str(body, "cpu", "name");
                            run.Ci = body.TryGetProperty("ci", out var ci) ? string.Join(" ", new[] { Str(ci, "name"), Str(ci, "url"), Str(ci, "buildNumber") }.Where(s => s is not null)) : null;
                            break;
                        case "source":
                            if (Str(body, "uri") is { } uri && Str(body, "data") is { } text) data.Sources[uri] = text;
                            break;
                        case "gherkinDocument":
                            IndexAst(body, Str(body, "uri") ?? "", ast, false);
                            if (GherkinDocumentReader.Read(body) is { } parsed && parsed.Uri.Length > 0) data.Documents[parsed.Uri] = parsed;
                            break;
                        case "pickle":
                            var pickle = new Pickle(Str(body, "id") ?? "", Str(body, "uri") ?? "", Str(body, "name") ?? "",
                                Array(body, "tags").Select(tag => Str(tag, "name") ?? "").ToList(),
                                Array(body, "astNodeIds").Select(id => id.GetString() ?? "").ToList(),
                                Array(body, "steps").Select(step => new PickleStep(Str(step, "id") ?? "", Str(step, "text") ?? "",
                                    Array(step, "astNodeIds").Select(id => id.GetString()).FirstOrDefault())).ToList());
                            pickles[pickle.Id] = pickle;
                            break;
                        case "hook":
                            var hook = new Hook(Str(body, "id") ?? "", HookName(body), Str(body, "type") ?? "", Str(body, "tagExpression"));
                            hooks[hook.Id] = hook;
                            break;
                        case "testCase":
                            var testCase = new TestCase(Str(body, "id") ?? "", Str(body, "pickleId") ?? "",
                                Array(body, "testSteps").Select(step => new TestStep(Str(step, "id") ?? "", Str(step, "pickleStepId"), Str(step, "hookId"))).ToList());
                            testCases[testCase.Id] = testCase;
                            break;
                        case "testRunStarted":
                            run.StartedAt ??= Time(body);
                            run.RunId ??= Str(body, "id");
                            break;
                        case "testRunFinished":
                            run.FinishedAt = Time(body);
                            if (body.TryGetProperty("success", out var success) && success.ValueKind is JsonValueKind.True or JsonValueKind.False)
                                run.Success = success.GetBoolean();
                            if ((Str(body, "message") ?? Str(body, "exception", "message")) is { } runMessage)
                                run.Problems.Add(new RunProblem("The run ended with an error", Masking.Text(Ansi.Strip(runMessage)),
                                    Masking.Text(Ansi.Strip(Str(body, "exception", "stackTrace")))));
                            break;
                        case "testCaseStarted":
                            var start = new Started
                            {
                                Id = Str(body, "id") ?? "",
                                TestCaseId = Str(body, "testCaseId") ?? "",
                                Attempt = body.TryGetProperty("attempt", out var attempt) && attempt.TryGetInt32(out var a) ? a : 0,
                                At = Time(body),
                            };
                            started[start.Id] = start;
                            order.Add(start);
                            break;
                        case "testCaseFinished":
                            if (Str(body, "testCaseStartedId") is { } finishedId && started.TryGetValue(finishedId, out var finished))
                            {
                                finished.FinishedAt = Time(body);
                                finished.WillBeRetried = body.TryGetProperty("willBeRetried", out var retried) && retried.ValueKind == JsonValueKind.True;
                            }
                            break;
                        case "testStepStarted":
                            if (Str(body, "testCaseStartedId") is { } sid && started.TryGetValue(sid, out var stepCase))
                                stepCase.StepStarts[Str(body, "testStepId") ?? ""] = Time(body);
                            break;
                        case "testStepFinished":
                            if (Str(body, "testCaseStartedId") is { } fid && started.TryGetValue(fid, out var resultCase))
                            {
                                resultCase.StepResults[Str(body, "testStepId") ?? ""] = body.TryGetProperty("testStepResult", out var stepResult) && stepResult.ValueKind == JsonValueKind.Object
                                    ? new StepOutcome(Str(stepResult, "status"), Duration(stepResult, "duration"), Str(stepResult, "message"), Str(stepResult, "exception", "message"),
                                        Str(stepResult, "exception", "type"), Str(stepResult, "exception", "stackTrace"))
                                    : null;
                            }
                            break;
                        case "attachment":
                            if (Str(body, "testCaseStartedId") is { Length: > 0 } aid && started.TryGetValue(aid, out var attachmentCase))
                                attachmentCase.Attachments.Add((Str(body, "testStepId"), Prepare(AttachmentData.From(body))));
                            else
                                runAttachments.Add((Str(body, "testRunHookStartedId"), Prepare(AttachmentData.From(body))));
                            break;
                        case "suggestion":
                            if (Str(body, "pickleStepId") is { } suggested)
                                snippets[suggested] = string.Join("\n", Array(body, "snippets").Select(snippet => Str(snippet, "code")).Where(code => code is not null));
                            break;
                        case "testRunHookStarted":
                            if (Str(body, "id") is { } hookStartedId) runHooks[hookStartedId] = Str(body, "hookId") ?? "";
                            break;
                        case "testRunHookFinished":
                            if (body.TryGetProperty("result", out var hookResult) && Str(hookResult, "status") is "FAILED" or "AMBIGUOUS" or "UNDEFINED" or "PENDING")
                            {
                                hooks.TryGetValue(runHooks.GetValueOrDefault(Str(body, "testRunHookStartedId") ?? "") ?? "", out var failedHook);
                                failedRunHooks.Add((failedHook, Str(hookResult, "message") ?? Str(hookResult, "exception", "message") ?? "failed",
                                    Str(hookResult, "exception", "stackTrace")));
                            }
                            break;
                        case "parseError":
                            run.Problems.Add(new RunProblem("Gherkin parse error in " + (Str(body, "source", "uri") ?? "a feature file"), Str(body, "message") ?? "", null));
                            break;
                        // Any other message type (stepDefinition, parameterType, undefinedParameterType, future ones) is not needed.
                        case "stepDefinition" or "parameterType" or "undefinedParameterType":
                            break;
                        default:
                            known--;
                            break;
                    }
                    known++;
                }
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or KeyNotFoundException)
            {
                _warnings.Add($"{path}:{number}: unexpected message shape skipped ({Shorten(e.Message)})");
            }
            if (known > 0) run.Messages++;
            document.Dispose();
        }

        foreach (var (hook, message, stack) in failedRunHooks)
            run.Problems.Add(new RunProblem($"{HookKind(hook?.Type, hook?.TagExpression)} hook {hook?.Name ?? "(unknown)"} failed", Masking.Text(Ansi.Strip(message)), Masking.Text(Ansi.Strip(stack))));
        if (runAttachments.Count > 0)
        {
            // What BeforeAll/AfterAll hooks attached: one pseudo-execution for the run, a step per hook.
            var evidence = new Execution { Run = run, Status = ScenarioStatus.Passed, StartedAt = run.StartedAt, FinishedAt = run.FinishedAt };
            var hookSteps = new Dictionary<string, StepResult>();
            foreach (var (hookStartedId, attach) in runAttachments)
            {
                var key = hookStartedId ?? "";
                if (!hookSteps.TryGetValue(key, out var step))
                {
                    var hook = hooks.GetValueOrDefault(runHooks.GetValueOrDefault(key) ?? "");
                    step = new StepResult
                    {
                        Text = hookStartedId is null ? "Outside any hook or scenario" : $"{HookKind(hook?.Type, hook?.TagExpression)} hook {hook?.Name ?? "(unknown)"}",
                        Hook = hook?.Name ?? "run", Finished = true, Status = ScenarioStatus.Passed,
                    };
                    hookSteps[key] = step;
                    evidence.Steps.Add(step);
                }
                attach.GetAwaiter().GetResult()(evidence, step);
            }
            run.RunEvidence = evidence;
        }

        var withTestCase = new HashSet<string>();
        var resolved = new List<(Started Start, TestCase TestCase, Pickle Pickle)>();
        foreach (var start in order)
        {
            if (!testCases.TryGetValue(start.TestCaseId, out var testCase) || !pickles.TryGetValue(testCase.PickleId, out var pickle))
            {
                _warnings.Add($"{path}: a test case ({start.TestCaseId}) has no pickle; skipped");
                continue;
            }
            withTestCase.Add(pickle.Id);
            resolved.Add((start, testCase, pickle));
        }
        // Each execution reads only its own messages (already taken out of their lines) and the shared, read-only
        // indexes, so they are built in parallel; the order of the run is kept.
        var built = new PickleExecution[resolved.Count];
        Parallel.For(0, resolved.Count, i =>
        {
            var (start, testCase, pickle) = resolved[i];
            built[i] = new PickleExecution(Locate(pickle, ast, null), BuildExecution(run, start, testCase, pickle, hooks, ast, snippets));
        });
        data.Executions.AddRange(built);
        foreach (var testCase in testCases.Values) withTestCase.Add(testCase.PickleId);
        foreach (var pickle in pickles.Values.Where(p => !withTestCase.Contains(p.Id)))
        {
            var blockedBy = failedRunHooks
                .Where(failed => failed.Hook?.TagExpression is { } expression && pickle.Tags.Contains(expression.Trim()))
                .Select(failed => $"{HookKind(failed.Hook!.Type, failed.Hook.TagExpression)} hook {failed.Hook.Name} failed: {failed.Message}")
                .FirstOrDefault();
            // A pickle with no test case was either kept from running by a failed hook (it was meant to run), or not
            // selected by the run's filter (runners compile every pickle of a feature they touch): only the first counts.
            data.NeverStarted.Add(Locate(pickle, ast, blockedBy ?? $"It never started in {label}.") with { Blocked = blockedBy is not null });
        }
        if (malformed > MalformedShown)
            _warnings.Add($"{path}: {malformed - MalformedShown} more malformed lines skipped ({malformed} in all)");
        run.TestCases = data.Executions.Count;
        return data;
    }

    /// <summary>
    /// An attachment's evidence worked out on another core while this one reads on (most of the file is attachments,
    /// and their evidence files need parsing); it is added to its execution, in the file's order, once that is built.
    /// </summary>
    private Task<Action<Execution, StepResult?>> Prepare(AttachmentData attachment) => Task.Run(() => _store.Prepare(attachment));

    private Execution BuildExecution(RunInfo run, Started start, TestCase testCase, Pickle pickle, Dictionary<string, Hook> hooks,
        Dictionary<string, AstNode> ast, Dictionary<string, string> snippets)
    {
        var execution = new Execution { Run = run, Attempt = start.Attempt, StartedAt = start.At, FinishedAt = start.FinishedAt, WillBeRetried = start.WillBeRetried };
        var pickleSteps = pickle.Steps.ToDictionary(step => step.Id);
        var byTestStep = new Dictionary<string, StepResult>();
        StepResult? previousGherkin = null;
        var hidden = new Dictionary<string, StepResult?>();
        foreach (var testStep in testCase.Steps)
        {
            StepResult step;
            if (testStep.PickleStepId is { } pickleStepId && pickleSteps.TryGetValue(pickleStepId, out var pickleStep))
            {
                var node = pickleStep.AstId is { } astId ? ast.GetValueOrDefault(astId) : null;
                step = new StepResult
                {
                    Keyword = node?.Keyword ?? "", Text = pickleStep.Text, AstLine = node?.Line, Background = node?.InBackground ?? false,
                    Snippet = snippets.GetValueOrDefault(pickleStepId),
                };
            }
            else
            {
                var hook = testStep.HookId is { } hookId ? hooks.GetValueOrDefault(hookId) : null;
                step = new StepResult { Text = $"{HookKind(hook?.Type, null)} hook {hook?.Name ?? "(unknown)"}", Hook = hook?.Name ?? "hook" };
                if (hook?.Type is "AFTER_TEST_STEP" or "BEFORE_TEST_STEP") hidden[testStep.Id] = previousGherkin;
            }
            step.StartedAt = start.StepStarts.GetValueOrDefault(testStep.Id);
            if (start.StepResults.TryGetValue(testStep.Id, out var result) && result is not null)
            {
                step.Finished = true;
                step.Status = Statuses.FromCucumber(result.Status);
                step.DurationMs = result.DurationMs;
                var message = Ansi.Strip(result.Message ?? result.ExceptionMessage);
                if (NotRunReason(message) is { } notRun)
                {
                    execution.NotRunReason ??= Masking.Text(notRun);
                    step.Error = Masking.Text(message);
                }
                else if (step.Status.IsProblem())
                {
                    step.Error = Masking.Text(message ?? step.Status switch
                    {
                        ScenarioStatus.Undefined => "No step definition matches this step.",
                        ScenarioStatus.Ambiguous => "More than one step definition matches this step.",
                        _ => null,
                    });
                    step.ErrorType = result.ExceptionType;
                    step.StackTrace = Masking.Text(Ansi.Strip(result.StackTrace));
                }
            }
            byTestStep[testStep.Id] = step;
            var isStepHook = hidden.ContainsKey(testStep.Id);
            if (!isStepHook || step.Status.IsProblem() || step.DurationMs >= 100)
            {
                execution.Steps.Add(step);
                hidden.Remove(testStep.Id);
            }
            if (step.Hook is null) previousGherkin = step;
        }

        foreach (var (stepId, attach) in start.Attachments)
        {
            var target = stepId is not null && byTestStep.TryGetValue(stepId, out var owner)
                ? (hidden.TryGetValue(stepId, out var moved) ? moved : owner)
                : null;
            attach.GetAwaiter().GetResult()(execution, target);
        }

        var ran = execution.Steps.Where(step => step.Finished).ToList();
        if (ran.Count == 0)
            execution.Status = pickle.Tags.Contains("@ignore", StringComparer.OrdinalIgnoreCase) ? ScenarioStatus.Ignored
                // A scenario without steps that ran finished without a problem (as cucumber-js counts it).
                : testCase.Steps.Count == 0 ? ScenarioStatus.Passed
                : ScenarioStatus.Skipped;
        else
            execution.Status = ran.Select(step => step.Status).MaxBy(status => status.Severity());
        if (execution.Status == ScenarioStatus.Skipped && ran.All(step => step.Status == ScenarioStatus.Skipped) &&
            pickle.Tags.Contains("@ignore", StringComparer.OrdinalIgnoreCase))
            execution.Status = ScenarioStatus.Ignored;
        // Stopped on purpose before it ran: its own status, never a failure.
        if (execution.NotRunReason is not null) execution.Status = ScenarioStatus.NotRun;
        return execution;
    }

    private static PickleInfo Locate(Pickle pickle, Dictionary<string, AstNode> ast, string? reason)
    {
        int? scenarioLine = pickle.AstIds.Count > 0 && ast.TryGetValue(pickle.AstIds[0], out var scenario) ? scenario.Line : null;
        int? rowLine = pickle.AstIds.Count > 1 && ast.TryGetValue(pickle.AstIds[^1], out var row) ? row.Line : null;
        return new PickleInfo(pickle.Uri, pickle.Name, pickle.Tags, scenarioLine, rowLine, reason);
    }

    /// <summary>"Not run: reason" in a step or hook result: the scenario was stopped on purpose; the reason.</summary>
    internal static string? NotRunReason(string? message) =>
        message is not null && message.StartsWith("Not run: ", StringComparison.Ordinal) ? message["Not run: ".Length..].Trim() : null;

    /// <summary>Every AST node with an id: scenarios, examples rows and steps, by line (and whether it is in a Background).</summary>
    private static void IndexAst(JsonElement element, string uri, Dictionary<string, AstNode> index, bool inBackground)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (element.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String &&
                    element.TryGetProperty("location", out var location) && location.TryGetProperty("line", out var line) && line.TryGetInt32(out var number))
                    index[id.GetString()!] = new AstNode(uri, number, Str(element, "keyword"), inBackground);
                foreach (var property in element.EnumerateObject())
                    if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                        IndexAst(property.Value, uri, index, inBackground || property.Name == "background");
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) IndexAst(item, uri, index, inBackground);
                break;
        }
    }

    private static string HookName(JsonElement hook)
    {
        if (Str(hook, "name") is { Length: > 0 } name) return name;
        var className = Str(hook, "sourceReference", "javaMethod", "className") ?? "";
        var method = Str(hook, "sourceReference", "javaMethod", "methodName") ?? "?";
        var shortClass = className.Contains('.') ? className[(className.LastIndexOf('.') + 1)..] : className;
        return shortClass.Length > 0 ? $"{shortClass}.{method}" : method;
    }

    private static string HookKind(string? type, string? tagExpression) => type switch
    {
        "BEFORE_TEST_CASE" => "BeforeScenario",
        "AFTER_TEST_CASE" => "AfterScenario",
        "BEFORE_TEST_STEP" => "BeforeStep",
        "AFTER_TEST_STEP" => "AfterStep",
        "BEFORE_TEST_RUN" => tagExpression is null ? "BeforeTestRun" : "BeforeFeature",
        "AFTER_TEST_RUN" => tagExpression is null ? "AfterTestRun" : "AfterFeature",
        _ => "A",
    };

    private static string? NameVersion(JsonElement meta, string property) =>
        meta.TryGetProperty(property, out var value) ? $"{Str(value, "name")} {Str(value, "version")}".Trim() : null;

    internal static string? Str(JsonElement element, params ReadOnlySpan<string> path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element)) return null;
        }
        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }

    private static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray()
            : [];

    internal static DateTimeOffset? Time(JsonElement element)
    {
        if (!element.TryGetProperty("timestamp", out var timestamp) || !timestamp.TryGetProperty("seconds", out var seconds)) return null;
        var nanos = timestamp.TryGetProperty("nanos", out var n) ? n.GetInt64() : 0;
        return DateTimeOffset.FromUnixTimeSeconds(seconds.GetInt64()).AddTicks(nanos / 100);
    }

    private static double Duration(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var duration)) return 0;
        var seconds = duration.TryGetProperty("seconds", out var s) ? s.GetInt64() : 0;
        var nanos = duration.TryGetProperty("nanos", out var n) ? n.GetInt64() : 0;
        return seconds * 1000.0 + nanos / 1_000_000.0;
    }

    /// <summary>The file's lines as UTF-8 bytes (without the line break and a leading byte-order mark); each is valid until the next is read.</summary>
    private static IEnumerable<ReadOnlyMemory<byte>> Lines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        var buffer = new byte[1 << 20];
        int start = 0, end = 0;
        var first = true;
        while (true)
        {
            var read = stream.Read(buffer, end, buffer.Length - end);
            end += read;
            if (first && end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF) start = 3;
            if (end >= 3 || read == 0) first = false;
            int newline;
            while ((newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n')) >= 0)
            {
                var length = newline > 0 && buffer[start + newline - 1] == (byte)'\r' ? newline - 1 : newline;
                yield return new ReadOnlyMemory<byte>(buffer, start, length);
                start += newline + 1;
            }
            if (read == 0)
            {
                if (end > start) yield return new ReadOnlyMemory<byte>(buffer, start, end - start);
                yield break;
            }
            // Keep the unfinished line: move it to the front, or grow the buffer for a line longer than it.
            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            else if (end == buffer.Length) System.Array.Resize(ref buffer, buffer.Length * 2);
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(" \t\r\f\v"u8) < 0;

    private static string Shorten(string text) => text.Length > 120 ? text[..120] + "…" : text;
}
