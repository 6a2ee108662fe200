using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Acceptance.LivingDoc.Bench;

/// <summary>
/// Writes a synthetic suite for the benchmark: N scenarios (default 1,000) in features of 20 (16 scenarios and an
/// outline of 4 rows, a rule, a table), 5 steps each, evidence like the real suite's (six ~400-byte HTTP log lines,
/// an HTTP exchanges file and a ~3 KB WebSocket transcript per scenario), 3 % failing, 2 % with a screenshot.
/// </summary>
public static class FixtureGenerator
{
    public static int Run(string[] args)
    {
        var output = Arg(args, "--out") ?? throw new ArgumentException("fixture needs --out DIR");
        var scenarios = int.Parse(Arg(args, "--scenarios") ?? "1000", CultureInfo.InvariantCulture);
        var (messages, features) = Write(output, scenarios);
        Console.WriteLine($"Fixture: {messages} ({new FileInfo(messages).Length / 1024 / 1024.0:0.0} MB), features in {features}");
        return 0;
    }

    internal static string? Arg(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    public static (string Messages, string Features) Write(string folder, int scenarioCount)
    {
        var featuresFolder = Path.Combine(folder, "Features");
        if (Directory.Exists(featuresFolder)) Directory.Delete(featuresFolder, true);
        Directory.CreateDirectory(featuresFolder);
        var messagesPath = Path.Combine(folder, "messages.ndjson");
        using var output = new StreamWriter(messagesPath, false, new UTF8Encoding(false));
        var random = new Random(42);
        var clock = new DateTimeOffset(2026, 11, 26, 6, 0, 0, TimeSpan.Zero);
        var ids = 0;
        string Id() => "id-" + (++ids).ToString(CultureInfo.InvariantCulture);
        void Emit(string type, JsonObject body) => output.WriteLine(new JsonObject { [type] = body }.ToJsonString());
        JsonObject Ts(DateTimeOffset at) => new() { ["seconds"] = at.ToUnixTimeSeconds(), ["nanos"] = at.Millisecond * 1_000_000 };
        JsonObject Dur(double ms) => new() { ["seconds"] = (long)(ms / 1000), ["nanos"] = (long)(ms % 1000 * 1_000_000) };

        var runId = Id();
        Emit("meta", new JsonObject
        {
            ["protocolVersion"] = "30.1.0", ["implementation"] = new JsonObject { ["name"] = "Reqnroll", ["version"] = "3.3.4" },
            ["runtime"] = new JsonObject { ["name"] = "dotNet", ["version"] = "10.0" }, ["os"] = new JsonObject { ["name"] = "Linux" }, ["cpu"] = new JsonObject { ["name"] = "x64" },
        });
        Emit("testRunStarted", new JsonObject { ["id"] = runId, ["timestamp"] = Ts(clock) });
        var hookId = Id();
        Emit("hook", new JsonObject { ["id"] = hookId, ["type"] = "AFTER_TEST_CASE", ["sourceReference"] = new JsonObject { ["javaMethod"] = new JsonObject { ["className"] = "Bench.Hooks", ["methodName"] = "SaveEvidence" } } });

        var png = Screenshot();
        var featureCount = (scenarioCount + 19) / 20;
        var made = 0;
        for (var f = 1; f <= featureCount && made < scenarioCount; f++)
        {
            var uri = $"Features/Area{(f - 1) / 10 + 1}/Capability{f:000}.feature";
            var text = new StringBuilder();
            var line = 0;
            int Line(string content) { text.Append(content).Append('\n'); return ++line; }
            var tagLine = Line($"@area{(f - 1) / 10 + 1} @generated");
            var featureLine = Line($"Feature: Capability {f:000}");
            Line("  Why this capability matters, in **Markdown**: a user *expects* it, `code` shows values,");
            Line("  and [the contract](https://example.test/contract) says so.");
            Line("");
            var ruleLine = Line($"  Rule: Capability {f:000} keeps its promise");
            Line("");
            var scenarios = new List<(int Line, string Name, List<(int Line, string Keyword, string Text)> Steps, List<(int Line, string[] Cells)> Rows, string[] Tags)>();
            for (var s = 1; s <= 16 && made < scenarioCount; s++, made++)
            {
                var tags = s % 5 == 0 ? new[] { "@smoke" } : s % 7 == 0 ? new[] { "@websocket" } : [];
                if (tags.Length > 0) Line("    " + string.Join(' ', tags));
                var scenarioLine = Line($"    Scenario: Alice does thing {s} of capability {f:000}");
                var steps = new List<(int, string, string)>
                {
                    (Line("      Given Alice is signed in"), "Given ", "Alice is signed in"),
                    (Line($"      And Alice has {s} conversations"), "And ", $"Alice has {s} conversations"),
                };
                if (s == 1)
                {
                    Line("        | title   | messages |");
                    Line("        | Weather | 3        |");
                    Line("        | Travel  | 5        |");
                }
                steps.Add((Line($"      When Alice asks the agent about topic {s}"), "When ", $"Alice asks the agent about topic {s}"));
                steps.Add((Line("      Then the agent answers within the time limit"), "Then ", "the agent answers within the time limit"));
                steps.Add((Line("      And Alice sees the five agent events in order"), "And ", "Alice sees the five agent events in order"));
                Line("");
                scenarios.Add((scenarioLine, $"Alice does thing {s} of capability {f:000}", steps, [], tags));
            }
            if (made < scenarioCount)
            {
                var outlineLine = Line("    Scenario Outline: Alice sends <count> messages");
                var steps = new List<(int, string, string)>
                {
                    (Line("      Given Alice is signed in"), "Given ", "Alice is signed in"),
                    (Line("      And Alice has a conversation"), "And ", "Alice has a conversation"),
                    (Line("      When Alice sends <count> messages"), "When ", "Alice sends <count> messages"),
                    (Line("      Then the conversation holds <count> messages"), "Then ", "the conversation holds <count> messages"),
                    (Line("      And the agent answered each"), "And ", "the agent answered each"),
                };
                Line("");
                Line("      Examples:");
                Line("        | count |");
                var rows = new List<(int, string[])>();
                for (var r = 1; r <= 4 && made < scenarioCount; r++, made++) rows.Add((Line($"        | {r * 2,-5} |"), [(r * 2).ToString(CultureInfo.InvariantCulture)]));
                scenarios.Add((outlineLine, "Alice sends <count> messages", steps, rows, []));
            }
            var path = Path.Combine(folder, uri);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text.ToString());
            Emit("source", new JsonObject { ["uri"] = uri, ["data"] = text.ToString(), ["mediaType"] = "text/x.cucumber.gherkin+plain" });

            // A gherkinDocument with the ids and lines the generator reads (scenario, step and row ids).
            var children = new JsonArray();
            var astIds = new Dictionary<int, string>();
            foreach (var scenario in scenarios)
            {
                var id = astIds[scenario.Line] = Id();
                var stepNodes = new JsonArray(scenario.Steps.Select(step => (JsonNode)new JsonObject
                {
                    ["id"] = astIds[step.Line] = Id(), ["location"] = new JsonObject { ["line"] = step.Line, ["column"] = 7 }, ["keyword"] = step.Keyword, ["text"] = step.Text,
                }).ToArray());
                var rowNodes = new JsonArray(scenario.Rows.Select(row => (JsonNode)new JsonObject { ["id"] = astIds[row.Line] = Id(), ["location"] = new JsonObject { ["line"] = row.Line, ["column"] = 9 } }).ToArray());
                children.Add(new JsonObject
                {
                    ["scenario"] = new JsonObject
                    {
                        ["id"] = id, ["location"] = new JsonObject { ["line"] = scenario.Line, ["column"] = 5 }, ["keyword"] = scenario.Rows.Count > 0 ? "Scenario Outline" : "Scenario",
                        ["name"] = scenario.Name, ["steps"] = stepNodes, ["examples"] = new JsonArray(new JsonObject { ["tableBody"] = rowNodes }),
                    },
                });
            }
            Emit("gherkinDocument", new JsonObject
            {
                ["uri"] = uri,
                ["feature"] = new JsonObject
                {
                    ["location"] = new JsonObject { ["line"] = featureLine, ["column"] = 1 }, ["keyword"] = "Feature", ["name"] = $"Capability {f:000}",
                    ["children"] = new JsonArray(new JsonObject { ["rule"] = new JsonObject { ["location"] = new JsonObject { ["line"] = ruleLine, ["column"] = 3 }, ["children"] = children } }),
                },
            });

            foreach (var scenario in scenarios)
            {
                var instances = scenario.Rows.Count == 0 ? [(Row: (Line: 0, Cells: Array.Empty<string>()), Index: 0)] : scenario.Rows.Select((row, index) => (Row: row, Index: index)).ToList();
                foreach (var (row, _) in instances)
                {
                    string Fill(string value) => row.Cells.Length == 0 ? value : value.Replace("<count>", row.Cells[0], StringComparison.Ordinal);
                    var pickleId = Id();
                    var pickleSteps = scenario.Steps.Select(step => (Id: Id(), step.Keyword, Text: Fill(step.Text), AstId: astIds[step.Line])).ToList();
                    var tags = new[] { $"@area{(f - 1) / 10 + 1}", "@generated" }.Concat(scenario.Tags).ToArray();
                    Emit("pickle", new JsonObject
                    {
                        ["id"] = pickleId, ["uri"] = uri, ["name"] = Fill(scenario.Name), ["language"] = "en",
                        ["steps"] = new JsonArray(pickleSteps.Select(step => (JsonNode)new JsonObject { ["id"] = step.Id, ["text"] = step.Text, ["astNodeIds"] = new JsonArray(step.AstId) }).ToArray()),
                        ["tags"] = new JsonArray(tags.Select(tag => (JsonNode)new JsonObject { ["name"] = tag }).ToArray()),
                        ["astNodeIds"] = row.Line == 0 ? new JsonArray(astIds[scenario.Line]) : new JsonArray(astIds[scenario.Line], astIds[row.Line]),
                    });
                    var testCaseId = Id();
                    var testSteps = pickleSteps.Select(step => (TestStepId: Id(), step)).ToList();
                    var hookStepId = Id();
                    Emit("testCase", new JsonObject
                    {
                        ["id"] = testCaseId, ["pickleId"] = pickleId,
                        ["testSteps"] = new JsonArray(testSteps.Select(t => (JsonNode)new JsonObject { ["id"] = t.TestStepId, ["pickleStepId"] = t.step.Id })
                            .Append(new JsonObject { ["id"] = hookStepId, ["hookId"] = hookId }).ToArray()),
                    });
                    var startedId = Id();
                    var fails = random.NextDouble() < 0.03;
                    var failAt = fails ? random.Next(2, 5) : -1;
                    Emit("testCaseStarted", new JsonObject { ["id"] = startedId, ["testCaseId"] = testCaseId, ["attempt"] = 0, ["timestamp"] = Ts(clock) });
                    var http = new List<string>();
                    for (var i = 0; i < testSteps.Count; i++)
                    {
                        var (testStepId, step) = testSteps[i];
                        Emit("testStepStarted", new JsonObject { ["testCaseStartedId"] = startedId, ["testStepId"] = testStepId, ["timestamp"] = Ts(clock) });
                        var ms = 20 + random.Next(400);
                        if (i < 2 || i == 2)
                        {
                            for (var k = 0; k < (i == 2 ? 2 : 2); k++)
                            {
                                var at = clock.AddMilliseconds(ms * (k + 1) / 3.0);
                                var logLine = $"[http] Alice: {step.Text}: POST http://127.0.0.1:5000/api/threads/{random.Next(100000, 999999)}/messages → 201 in {random.Next(5, 90)} ms; " +
                                           $"request {{\"content\":\"{new string('x', 120)}\"}}; response {{\"id\":\"{Guid.NewGuid():N}\",\"status\":\"queued\",\"role\":\"user\"}}";
                                Emit("attachment", new JsonObject
                                {
                                    ["body"] = logLine, ["contentEncoding"] = "IDENTITY", ["mediaType"] = "text/x.cucumber.log+plain", ["testCaseStartedId"] = startedId, ["testStepId"] = testStepId, ["timestamp"] = Ts(at),
                                });
                                http.Add(new JsonObject
                                {
                                    ["started_at"] = at.ToString("O"), ["actor"] = "Alice", ["intent"] = step.Text, ["method"] = "POST", ["url"] = "http://127.0.0.1:5000/api/threads/1/messages",
                                    ["status"] = 201, ["duration_ms"] = 12.5, ["request_headers"] = new JsonObject { ["Authorization"] = "[REDACTED]", ["Content-Type"] = "application/json" },
                                    ["request_body"] = "{\"content\":\"hello\"}", ["response_headers"] = new JsonObject { ["Content-Type"] = "application/json" },
                                    ["response_body"] = $"{{\"id\":\"{Guid.NewGuid():N}\",\"status\":\"queued\"}}", ["transport_error"] = null,
                                }.ToJsonString());
                            }
                        }
                        clock = clock.AddMilliseconds(ms);
                        var result = new JsonObject { ["duration"] = Dur(ms), ["status"] = i < failAt || failAt < 0 ? "PASSED" : i == failAt ? "FAILED" : "SKIPPED" };
                        if (i == failAt)
                        {
                            var message = random.Next(3) switch
                            {
                                0 => $"Timed out after {random.Next(5, 30)} s waiting for agent_completed on run {Guid.NewGuid()}; received 3 frames",
                                1 => $"Expected status 201 but was 500 for POST /api/threads/{random.Next(1000)}/messages at {clock:O}",
                                _ => $"  Expected: 5\n  But was:  {random.Next(0, 4)}\n",
                            };
                            result["message"] = message;
                            result["exception"] = new JsonObject { ["type"] = "NUnit.Framework.AssertionException", ["message"] = message, ["stackTrace"] = string.Join("\n", Enumerable.Range(0, 12).Select(n => $"   at Acceptance.StepDefinitions.Frame{n}.Method() in /work/StepDefinitions/File{n}.cs:line {n * 7}")) };
                        }
                        Emit("testStepFinished", new JsonObject { ["testCaseStartedId"] = startedId, ["testStepId"] = testStepId, ["testStepResult"] = result, ["timestamp"] = Ts(clock) });
                    }
                    Emit("testStepStarted", new JsonObject { ["testCaseStartedId"] = startedId, ["testStepId"] = hookStepId, ["timestamp"] = Ts(clock) });
                    var frames = new StringBuilder();
                    foreach (var (kind, n) in new[] { ("agent_started", 0), ("agent_thinking", 1), ("tool_executing", 2), ("tool_completed", 3), ("agent_thinking", 4), ("agent_completed", 5) })
                        frames.Append(new JsonObject
                        {
                            ["channel"] = "Alice", ["direction"] = "received", ["offset_ms"] = 100 + n * 180.5,
                            ["payload"] = $"{{\"type\":\"{kind}\",\"run_id\":\"{Guid.NewGuid():N}\",\"thread_id\":\"{Guid.NewGuid():N}\",\"timestamp\":\"{clock:O}\",\"data\":{{\"message\":\"{new string('y', 260)}\"}}}}",
                        }.ToJsonString()).Append('\n');
                    Attach(output, startedId, hookStepId, "websocket-frames.jsonl", "application/octet-stream", Encoding.UTF8.GetBytes(frames.ToString()), clock, Ts);
                    Attach(output, startedId, hookStepId, "http-exchanges.jsonl", "application/octet-stream", Encoding.UTF8.GetBytes(string.Join("\n", http) + "\n"), clock, Ts);
                    if (random.NextDouble() < 0.02) Attach(output, startedId, hookStepId, "final-screen.png", "image/png", png, clock, Ts);
                    clock = clock.AddMilliseconds(15);
                    Emit("testStepFinished", new JsonObject { ["testCaseStartedId"] = startedId, ["testStepId"] = hookStepId, ["testStepResult"] = new JsonObject { ["duration"] = Dur(15), ["status"] = "PASSED" }, ["timestamp"] = Ts(clock) });
                    Emit("testCaseFinished", new JsonObject { ["testCaseStartedId"] = startedId, ["timestamp"] = Ts(clock), ["willBeRetried"] = false });
                }
            }
        }
        Emit("testRunFinished", new JsonObject { ["testRunStartedId"] = runId, ["success"] = false, ["timestamp"] = Ts(clock) });
        return (messagesPath, featuresFolder);
    }

    private static void Attach(StreamWriter output, string startedId, string stepId, string name, string mediaType, byte[] content, DateTimeOffset at, Func<DateTimeOffset, JsonObject> ts) =>
        output.WriteLine(new JsonObject
        {
            ["attachment"] = new JsonObject
            {
                ["body"] = Convert.ToBase64String(content), ["contentEncoding"] = "BASE64", ["fileName"] = name, ["mediaType"] = mediaType,
                ["testCaseStartedId"] = startedId, ["testStepId"] = stepId, ["timestamp"] = ts(at),
            },
        }.ToJsonString());

    /// <summary>A valid 1×1 PNG padded to the size of a real screenshot (~60 KB); viewers ignore what follows IEND.</summary>
    private static byte[] Screenshot()
    {
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
        var padded = new byte[60 * 1024];
        png.CopyTo(padded, 0);
        new Random(7).NextBytes(padded.AsSpan(png.Length));
        return padded;
    }
}
