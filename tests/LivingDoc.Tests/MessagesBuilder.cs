using System.Text;
using System.Text.Json.Nodes;

namespace Acceptance.LivingDoc.Tests;

/// <summary>
/// Writes small Cucumber messages files the way Reqnroll does: source, a gherkinDocument whose node ids carry
/// their line, pickles, test cases and their steps, results and attachments.
/// </summary>
internal sealed class MessagesBuilder
{
    private readonly List<string> _lines = new();
    private readonly Dictionary<string, List<int>> _astLines = new();
    private readonly HashSet<(string Uri, int Line)> _backgroundLines = new();
    private readonly List<string> _body = new();
    private readonly DateTimeOffset _start;
    private DateTimeOffset _clock;
    private int _ids;
    private readonly Dictionary<string, string> _hooks = new();

    public MessagesBuilder(DateTimeOffset? start = null)
    {
        _start = _clock = start ?? new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
    }

    /// <param name="ErrorType">The exception's type, as Reqnroll writes it (its short name); null: the exception carries no type.</param>
    /// <param name="Hook">A hook's name: the step is that hook (of type <paramref name="Keyword"/>, e.g. BEFORE_TEST_CASE), not a Gherkin step.</param>
    public sealed record Step(string Keyword, string Text, int Line, string Status = "PASSED", string? Error = null, double Ms = 10, string[]? Output = null,
        string? ErrorType = "AssertionException", string? Hook = null);

    public static Step Passed(string keyword, string text, int line, params string[] output) => new(keyword, text, line, Output: output);
    public static Step Failed(string keyword, string text, int line, string error) => new(keyword, text, line, "FAILED", error);
    public static Step Skipped(string keyword, string text, int line) => new(keyword, text, line, "SKIPPED");
    public static Step Undefined(string keyword, string text, int line) => new(keyword, text, line, "UNDEFINED");
    /// <summary>A step that failed with an exception of the given type (null: a message without a type).</summary>
    public static Step FailedWith(string keyword, string text, int line, string error, string? type) => new(keyword, text, line, "FAILED", error, ErrorType: type);
    /// <summary>A Before (BEFORE_TEST_CASE) or After (AFTER_TEST_CASE) hook that failed.</summary>
    public static Step HookFailed(string type, string name, string error, string? errorType = "InvalidOperationException") =>
        new(type, "", 0, "FAILED", error, ErrorType: errorType, Hook: name);
    public static Step HookPassed(string type, string name) => new(type, "", 0, Hook: name);

    private string Id() => "m" + (++_ids);
    private static JsonObject Ts(DateTimeOffset at) => new() { ["seconds"] = at.ToUnixTimeSeconds(), ["nanos"] = at.Millisecond * 1_000_000 };

    public MessagesBuilder Source(string uri, string text)
    {
        _lines.Add(new JsonObject { ["source"] = new JsonObject { ["uri"] = uri, ["data"] = text, ["mediaType"] = "text/x.cucumber.gherkin+plain" } }.ToJsonString());
        _astLines[uri] = new List<int>();
        return this;
    }

    private string Ast(string uri, int line)
    {
        if (!_astLines.TryGetValue(uri, out var lines)) _astLines[uri] = lines = new List<int>();
        if (!lines.Contains(line)) lines.Add(line);
        return $"{uri}:{line}";
    }

    /// <summary>A scenario (or, with a row line, an examples row) and its execution.</summary>
    public MessagesBuilder Scenario(string uri, string name, int line, Step[] steps, string[]? tags = null, int? rowLine = null,
        JsonObject[]? attachments = null, int attempt = 0)
    {
        var pickleId = Id();
        var pickleSteps = steps.Select(step => (Id: Id(), step)).ToList();
        foreach (var hook in steps.Where(step => step.Hook is not null && !_hooks.ContainsKey(step.Hook)))
        {
            _hooks[hook.Hook!] = Id();
            _lines.Add(new JsonObject { ["hook"] = new JsonObject { ["id"] = _hooks[hook.Hook!], ["name"] = hook.Hook, ["type"] = hook.Keyword, ["sourceReference"] = new JsonObject() } }.ToJsonString());
        }
        _body.Add(new JsonObject
        {
            ["pickle"] = new JsonObject
            {
                ["id"] = pickleId, ["uri"] = uri, ["name"] = name, ["language"] = "en",
                ["steps"] = new JsonArray(pickleSteps.Where(s => s.step.Hook is null).Select(s => (JsonNode)new JsonObject { ["id"] = s.Id, ["text"] = s.step.Text, ["astNodeIds"] = new JsonArray(Ast(uri, s.step.Line)) }).ToArray()),
                ["tags"] = new JsonArray((tags ?? []).Select(t => (JsonNode)new JsonObject { ["name"] = t }).ToArray()),
                ["astNodeIds"] = rowLine is null ? new JsonArray(Ast(uri, line)) : new JsonArray(Ast(uri, line), Ast(uri, rowLine.Value)),
            },
        }.ToJsonString());
        var testCaseId = Id();
        var testSteps = pickleSteps.Select(s => (TestStepId: Id(), s.Id, s.step)).ToList();
        _body.Add(new JsonObject
        {
            ["testCase"] = new JsonObject
            {
                ["id"] = testCaseId, ["pickleId"] = pickleId,
                ["testSteps"] = new JsonArray(testSteps.Select(t => (JsonNode)(t.step.Hook is { } hook
                    ? new JsonObject { ["id"] = t.TestStepId, ["hookId"] = _hooks[hook] }
                    : new JsonObject { ["id"] = t.TestStepId, ["pickleStepId"] = t.Id })).ToArray()),
            },
        }.ToJsonString());
        var started = Id();
        _body.Add(new JsonObject { ["testCaseStarted"] = new JsonObject { ["id"] = started, ["testCaseId"] = testCaseId, ["attempt"] = attempt, ["timestamp"] = Ts(_clock) } }.ToJsonString());
        foreach (var (testStepId, _, step) in testSteps)
        {
            _body.Add(new JsonObject { ["testStepStarted"] = new JsonObject { ["testCaseStartedId"] = started, ["testStepId"] = testStepId, ["timestamp"] = Ts(_clock) } }.ToJsonString());
            foreach (var output in step.Output ?? [])
                _body.Add(new JsonObject
                {
                    ["attachment"] = new JsonObject
                    {
                        ["body"] = output, ["contentEncoding"] = "IDENTITY", ["mediaType"] = "text/x.cucumber.log+plain",
                        ["testCaseStartedId"] = started, ["testStepId"] = testStepId, ["timestamp"] = Ts(_clock),
                    },
                }.ToJsonString());
            _clock = _clock.AddMilliseconds(step.Ms);
            var result = new JsonObject { ["duration"] = new JsonObject { ["seconds"] = 0, ["nanos"] = (long)(step.Ms * 1_000_000) }, ["status"] = step.Status };
            if (step.Error is not null)
            {
                result["message"] = step.Error;
                var exception = new JsonObject { ["message"] = step.Error, ["stackTrace"] = "   at Steps.Then() in Steps.cs:line 12" };
                if (step.ErrorType is not null) exception["type"] = step.ErrorType;
                result["exception"] = exception;
            }
            _body.Add(new JsonObject { ["testStepFinished"] = new JsonObject { ["testCaseStartedId"] = started, ["testStepId"] = testStepId, ["testStepResult"] = result, ["timestamp"] = Ts(_clock) } }.ToJsonString());
        }
        foreach (var attachment in attachments ?? [])
        {
            attachment["testCaseStartedId"] = started;
            attachment["testStepId"] = testSteps[^1].TestStepId;
            attachment["timestamp"] = Ts(_clock);
            _body.Add(new JsonObject { ["attachment"] = attachment }.ToJsonString());
        }
        _body.Add(new JsonObject { ["testCaseFinished"] = new JsonObject { ["testCaseStartedId"] = started, ["timestamp"] = Ts(_clock), ["willBeRetried"] = false } }.ToJsonString());
        return this;
    }

    public static JsonObject FileAttachment(string name, string mediaType, byte[] content) => new()
    {
        ["body"] = Convert.ToBase64String(content), ["contentEncoding"] = "BASE64", ["fileName"] = name, ["mediaType"] = mediaType,
    };

    /// <summary>Lines of a feature's Background steps: their nodes go under "background" in the gherkinDocument.</summary>
    public MessagesBuilder Background(string uri, params int[] lines)
    {
        foreach (var line in lines) _backgroundLines.Add((uri, line));
        return this;
    }

    public MessagesBuilder Raw(string line)
    {
        _body.Add(line);
        return this;
    }

    public string Write(string path)
    {
        var all = new List<string>
        {
            new JsonObject { ["meta"] = new JsonObject { ["protocolVersion"] = "30.1.0", ["implementation"] = new JsonObject { ["name"] = "Reqnroll", ["version"] = "3.3.4" } } }.ToJsonString(),
            new JsonObject { ["testRunStarted"] = new JsonObject { ["id"] = "run-" + _start.ToUnixTimeSeconds(), ["timestamp"] = Ts(_start) } }.ToJsonString(),
        };
        all.AddRange(_lines);
        foreach (var (uri, lines) in _astLines)
            all.Add(new JsonObject
            {
                ["gherkinDocument"] = new JsonObject
                {
                    ["uri"] = uri,
                    ["feature"] = new JsonObject
                    {
                        ["children"] = new JsonArray(lines.Where(line => !_backgroundLines.Contains((uri, line)))
                            .Select(line => (JsonNode)new JsonObject { ["id"] = $"{uri}:{line}", ["location"] = new JsonObject { ["line"] = line, ["column"] = 1 } })
                            .Append(new JsonObject
                            {
                                ["background"] = new JsonObject
                                {
                                    ["steps"] = new JsonArray(lines.Where(line => _backgroundLines.Contains((uri, line)))
                                        .Select(line => (JsonNode)new JsonObject { ["id"] = $"{uri}:{line}", ["location"] = new JsonObject { ["line"] = line, ["column"] = 1 } }).ToArray()),
                                },
                            }).ToArray()),
                    },
                },
            }.ToJsonString());
        all.AddRange(_body);
        all.Add(new JsonObject { ["testRunFinished"] = new JsonObject { ["success"] = true, ["timestamp"] = Ts(_clock) } }.ToJsonString());
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, all, new UTF8Encoding(false));
        return path;
    }
}
