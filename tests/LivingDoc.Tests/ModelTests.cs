using System.Text;
using System.Text.Json;
using Acceptance.LivingDoc.Model;
using Acceptance.LivingDoc.Rendering;
using NUnit.Framework;
using static Acceptance.LivingDoc.Tests.MessagesBuilder;

namespace Acceptance.LivingDoc.Tests;

[TestFixture]
public sealed class ModelTests : FolderPerTest
{
    internal const string BasketUri = "Features/Shop/Basket.feature";
    internal const string Basket = """
        @shop
        Feature: Basket
          Customers keep what they *want* in a basket.

          Scenario: Adding an item
            Given an empty basket
            When an apple is added
            Then the basket holds 1 item

          @ignore
          Scenario: Never ready
            Given an empty basket

          Scenario Outline: Adding <n> items
            When <n> items are added
            Then the basket holds <n> items

            Examples:
              | n |
              | 2 |
              | 3 |

          Scenario: Not in the run
            Given an empty basket
        """;

    private string Features(params (string Uri, string Text)[] files)
    {
        var folder = Path.Combine(Dir, "spec", "Features");
        foreach (var (uri, text) in files)
        {
            var path = Path.Combine(Dir, "spec", uri);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }
        Directory.CreateDirectory(folder);
        return folder;
    }

    private LivingDocOptions Options(params string[] inputs) => new()
    {
        Inputs = inputs.ToList(),
        OutputHtml = Path.Combine(Dir, "out", "LivingDoc.html"),
        OutputSummary = Path.Combine(Dir, "out", "LivingDoc.summary.json"),
        Commit = "c0ffee0000",
    };

    private static MessagesBuilder BasketRun(DateTimeOffset? start = null, bool failThree = true) => new MessagesBuilder(start)
        .Source(BasketUri, Basket)
        .Scenario(BasketUri, "Adding an item", 5, [Passed("Given ", "an empty basket", 6), Passed("When ", "an apple is added", 7), Passed("Then ", "the basket holds 1 item", 8)], ["@shop"])
        .Scenario(BasketUri, "Never ready", 11, [], ["@shop", "@ignore"])
        .Scenario(BasketUri, "Adding 2 items", 14, [Passed("When ", "2 items are added", 15), Passed("Then ", "the basket holds 2 items", 16)], ["@shop"], rowLine: 20)
        .Scenario(BasketUri, "Adding 3 items", 14, failThree
            ? [Passed("When ", "3 items are added", 15), Failed("Then ", "the basket holds 3 items", 16, "Expected: 3\n But was: 2")]
            : [Passed("When ", "3 items are added", 15), Passed("Then ", "the basket holds 3 items", 16)], ["@shop"], rowLine: 21);

    [Test]
    public void Every_scenario_of_the_specification_appears_whether_it_ran_or_not()
    {
        var other = "Feature: Checkout\n\n  Scenario: Paying by card\n    Given a full basket\n";
        var options = Options(BasketRun().Write(Path.Combine(Dir, "run.ndjson")));
        options.FeaturesFolder = Features((BasketUri, Basket), ("Features/Checkout.feature", other));

        var result = LivingDocGenerator.Generate(options);

        Assert.That(result.Success, Is.True, string.Join("; ", result.Errors));
        var items = result.Report!.Items.ToDictionary(i => i.Name, i => i.Status);
        Assert.That(items, Is.EquivalentTo(new Dictionary<string, ScenarioStatus>
        {
            ["Adding an item"] = ScenarioStatus.Passed,
            ["Never ready"] = ScenarioStatus.Ignored,
            ["Adding 2 items"] = ScenarioStatus.Passed,
            ["Adding 3 items"] = ScenarioStatus.Failed,
            ["Not in the run"] = ScenarioStatus.NotRun,
            ["Paying by card"] = ScenarioStatus.NotRun,
        }));
        var outline = result.Report.Features.Single(f => f.Uri == BasketUri).AllScenarios.Single(s => s.IsOutline);
        Assert.That(outline.Items.Select(i => i.Row!.Cells[0]), Is.EqualTo(new[] { "2", "3" }));
        var failed = result.Report.Items.Single(i => i.Name == "Adding 3 items");
        Assert.That(failed.Latest!.FailingStep!.Display, Is.EqualTo("Then the basket holds 3 items"));
        Assert.That(failed.Latest.FailingStep.Error, Does.Contain("But was: 2"));
        var html = File.ReadAllText(result.HtmlPath!);
        Assert.That(html, Does.Contain("Paying by card").And.Contain("<em>want</em>"));
        Assert.That(html, Does.Not.Contain("http://").And.Not.Contain("https://cdn"), "the page loads nothing from the network");
    }

    [Test]
    public void Shards_merge_into_one_document_and_each_scenario_remembers_its_shard()
    {
        var shardA = new MessagesBuilder().Source(BasketUri, Basket)
            .Scenario(BasketUri, "Adding an item", 5, [Passed("Given ", "an empty basket", 6)], ["@shop"])
            .Write(Path.Combine(Dir, "shard-a.ndjson"));
        var shardB = new MessagesBuilder(new DateTimeOffset(2026, 11, 20, 10, 5, 0, TimeSpan.Zero)).Source(BasketUri, Basket)
            .Scenario(BasketUri, "Adding 2 items", 14, [Passed("When ", "2 items are added", 15)], ["@shop"], rowLine: 20)
            .Scenario(BasketUri, "Adding an item", 5, [Failed("Given ", "an empty basket", 6, "boom")], ["@shop"])
            .Write(Path.Combine(Dir, "shard-b.ndjson"));

        var result = LivingDocGenerator.Generate(Options(shardA, shardB));

        var report = result.Report!;
        Assert.That(report.Runs.Select(r => r.Label), Is.EqualTo(new[] { "shard-a", "shard-b" }));
        var row = report.Items.Single(i => i.Name == "Adding 2 items");
        Assert.That(row.Executions.Single().Run.Label, Is.EqualTo("shard-b"));
        var both = report.Items.Single(i => i.Name == "Adding an item");
        Assert.That(both.Executions.Select(e => e.Run.Label), Is.EqualTo(new[] { "shard-a", "shard-b" }));
        Assert.That(both.Status, Is.EqualTo(ScenarioStatus.Failed), "the latest execution decides");
        Assert.That(both.Flaky, Is.True);
        Assert.That(both.FlakyReason, Does.Contain("shard-a").And.Contain("shard-b"));
    }

    [Test]
    public void History_keeps_the_last_runs_and_marks_newly_failing_fixed_and_flaky()
    {
        var history = Path.Combine(Dir, "history");
        LivingDocResult Run(int day, bool failThree, string commit)
        {
            var options = Options(BasketRun(new DateTimeOffset(2026, 11, day, 10, 0, 0, TimeSpan.Zero), failThree).Write(Path.Combine(Dir, $"run{day}.ndjson")));
            options.HistoryFolder = history;
            options.HistorySize = 3;
            options.Commit = commit;
            return LivingDocGenerator.Generate(options);
        }

        Run(1, failThree: false, "aaaa1111");
        var second = Run(2, failThree: true, "bbbb2222");
        Assert.That(second.Report!.Items.Single(i => i.Name == "Adding 3 items").NewlyFailing, Is.True);
        var third = Run(3, failThree: false, "bbbb2222");
        var three = third.Report!.Items.Single(i => i.Name == "Adding 3 items");
        Assert.That(three.Fixed, Is.True);
        Assert.That(three.Flaky, Is.True, "passed and failed on the same commit");
        Assert.That(three.Trend.Select(p => p.Status), Is.EqualTo(new[] { ScenarioStatus.Passed, ScenarioStatus.Failed, ScenarioStatus.Passed }));
        Run(4, failThree: false, "cccc3333");
        var again = Run(4, failThree: false, "cccc3333");

        var files = Directory.GetFiles(history, "run-*.json");
        Assert.That(files, Has.Length.EqualTo(3), "the same run regenerated replaces its file; older runs are pruned");
        Assert.That(again.Report!.History.Count, Is.EqualTo(3));
        using var newest = JsonDocument.Parse(File.ReadAllText(files.Order().Last()));
        Assert.That(newest.RootElement.GetProperty("commit").GetString(), Is.EqualTo("cccc3333"));
        var id = again.Report.Items.Single(i => i.Name == "Adding an item").Id;
        Assert.That(newest.RootElement.GetProperty("scenarios").GetProperty(id)[0].GetString(), Is.EqualTo("P"));
    }

    [Test]
    public void Redaction_is_kept_and_secrets_left_in_evidence_are_masked()
    {
        const string jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlc2lnbmF0dXJl";
        var http = "{\"started_at\":\"2026-11-20T10:00:00Z\",\"actor\":\"Alice\",\"intent\":\"signs in\",\"method\":\"POST\"," +
                   "\"url\":\"https://alice:hunter2@api.example.test/login?token=abc123&page=2\",\"status\":200,\"duration_ms\":12," +
                   "\"request_headers\":{\"Authorization\":\"Bearer " + jwt + "\"},\"request_body\":\"{\\\"password\\\":\\\"[REDACTED]\\\"}\"," +
                   "\"response_headers\":{},\"response_body\":\"{\\\"access_token\\\":\\\"" + jwt + "\\\"}\",\"transport_error\":null}\n";
        var run = new MessagesBuilder().Source(BasketUri, Basket)
            .Scenario(BasketUri, "Adding an item", 5,
                [Passed("Given ", "an empty basket", 6, "[http] Alice signs in with password=hunter2 and Authorization: Bearer abcdefghijklmnopqrstuvwxyz", "kept: [REDACTED]")],
                ["@shop"], attachments: [FileAttachment("http-exchanges.jsonl", "application/octet-stream", Encoding.UTF8.GetBytes(http)),
                    FileAttachment("notes.txt", "text/plain", Encoding.UTF8.GetBytes("secret=s3cr3t-value jwt " + jwt))])
            .Write(Path.Combine(Dir, "run.ndjson"));
        File.WriteAllText(Path.Combine(Dir, "environment.json"),
            "{\"environment\":\"staging\",\"endpoints\":{\"api\":\"https://bob:pa55word@api.example.test/v1?apiKey=XYZ&region=eu\"},\"jwtSecret\":\"do-not-show\"}");
        var options = Options(run);
        options.EnvironmentFile = Path.Combine(Dir, "environment.json");

        var result = LivingDocGenerator.Generate(options);

        var execution = result.Report!.Items.Single(i => i.Name == "Adding an item").Latest!;
        var exchange = execution.Http.Single();
        Assert.That(exchange.Url, Is.EqualTo("https://api.example.test/login?token=[REDACTED]&page=2"));
        Assert.That(exchange.RequestHeaders.Single().Value, Is.EqualTo("[REDACTED]"));
        Assert.That(exchange.RequestBody, Is.EqualTo("{\"password\":\"[REDACTED]\"}"), "already redacted stays redacted");
        Assert.That(exchange.ResponseBody, Does.Not.Contain("eyJ"));
        Assert.That(execution.Steps[0].Output.Select(o => o.Text), Has.Some.Contains("password=[REDACTED]").And.Some.EqualTo("kept: [REDACTED]"));
        Assert.That(result.Report.Environment.Endpoints.Single().Value, Is.EqualTo("https://api.example.test/v1?apiKey=[REDACTED]&region=eu"));
        Assert.That(result.Report.Environment.Facts.Select(f => f.Key), Has.None.EqualTo("jwtSecret"));

        // The details are packed in the page; unpack them to check nothing leaked there either.
        var page = File.ReadAllText(result.HtmlPath!);
        var everything = page + Unpack(page);
        foreach (var secret in new[] { "hunter2", "pa55word", "s3cr3t-value", "abc123", "XYZ", "do-not-show", "eyJhbGciOiJIUzI1NiJ9", "abcdefghijklmnopqrstuvwxyz" })
            Assert.That(everything, Does.Not.Contain(secret));
    }

    [Test]
    public void A_malformed_or_truncated_line_is_a_warning_naming_file_and_line_and_the_rest_is_rendered()
    {
        var path = new MessagesBuilder().Source(BasketUri, Basket)
            .Scenario(BasketUri, "Adding an item", 5, [Passed("Given ", "an empty basket", 6)], ["@shop"])
            .Raw("{this is not json")
            .Write(Path.Combine(Dir, "run.ndjson"));
        File.AppendAllText(path, "{\"testCaseStarted\":{\"id\":\"x\",\"testCaseId\":\"y\",\"timest");

        var result = LivingDocGenerator.Generate(Options(path));

        Assert.That(result.Success, Is.True);
        var lines = File.ReadAllLines(path);
        var bad = Array.FindIndex(lines, l => l.StartsWith("{this", StringComparison.Ordinal)) + 1;
        Assert.That(result.Warnings, Has.Some.StartsWith($"{path}:{bad}: malformed"));
        Assert.That(result.Warnings, Has.Some.StartsWith($"{path}:{lines.Length}: malformed"));
        Assert.That(result.Report!.Items.Single(i => i.Name == "Adding an item").Status, Is.EqualTo(ScenarioStatus.Passed));
        Assert.That(File.ReadAllText(result.HtmlPath!), Does.Contain("malformed message skipped"));
    }

    [Test]
    public void An_empty_run_gives_a_document_that_says_so()
    {
        var path = Path.Combine(Dir, "empty.ndjson");
        File.WriteAllText(path, "");
        var options = Options(path);
        options.FeaturesFolder = Features((BasketUri, Basket));

        var result = LivingDocGenerator.Generate(options);

        Assert.That(result.Success, Is.True);
        Assert.That(result.Executed, Is.Zero);
        Assert.That(result.Report!.Items, Has.Count.EqualTo(5).And.All.Matches<ScenarioItem>(i => i.Status is ScenarioStatus.NotRun or ScenarioStatus.Ignored));
        Assert.That(File.ReadAllText(result.HtmlPath!), Does.Contain("This run executed no scenarios."));
        using var summary = JsonDocument.Parse(File.ReadAllText(result.SummaryPath!));
        Assert.That(summary.RootElement.GetProperty("verdict").GetString(), Is.EqualTo("empty"));
    }

    [Test]
    public void An_unknown_message_type_is_ignored()
    {
        var path = new MessagesBuilder().Source(BasketUri, Basket)
            .Raw("{\"somethingFromTheFuture\":{\"id\":\"1\",\"value\":[1,2,3]}}")
            .Scenario(BasketUri, "Adding an item", 5, [Passed("Given ", "an empty basket", 6)], ["@shop"])
            .Write(Path.Combine(Dir, "run.ndjson"));

        var result = LivingDocGenerator.Generate(Options(path));

        Assert.That(result.Warnings, Is.Empty);
        Assert.That(result.Report!.Items.Single(i => i.Name == "Adding an item").Status, Is.EqualTo(ScenarioStatus.Passed));
    }

    [Test]
    public void A_missing_input_file_is_a_clear_error_and_a_non_zero_exit_code()
    {
        var missing = Path.Combine(Dir, "nope.ndjson");
        var result = LivingDocGenerator.Generate(Options(missing));
        Assert.That(result.Success, Is.False);
        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.Errors.Single(), Is.EqualTo($"Input file not found: {missing}"));

        var exit = Cli.Run(["--input", missing, "--output", Path.Combine(Dir, "x.html"), "--no-history", "--no-features"]);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(File.Exists(Path.Combine(Dir, "x.html")), Is.False);
    }

    [Test]
    public void Screenshots_are_files_beside_the_report_unless_embedded()
    {
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
        var path = new MessagesBuilder().Source(BasketUri, Basket)
            .Scenario(BasketUri, "Adding an item", 5, [Passed("Given ", "an empty basket", 6)], ["@shop"],
                attachments: [FileAttachment("final-screen.png", "image/png", png), FileAttachment("playwright-trace.zip", "application/zip", [80, 75, 3, 4])])
            .Write(Path.Combine(Dir, "run.ndjson"));

        var beside = LivingDocGenerator.Generate(Options(path));
        var files = beside.Report!.Items.Single(i => i.Name == "Adding an item").Latest!.Files;
        Assert.That(files.Select(f => (f.Kind, f.Href!.Split('/')[0])), Is.EqualTo(new[] { (FileKind.Image, "LivingDoc.files"), (FileKind.Trace, "LivingDoc.files") }));
        Assert.That(File.Exists(Path.Combine(Dir, "out", Uri.UnescapeDataString(files[0].Href!))), Is.True);

        var options = Options(path);
        options.EmbedImages = true;
        var embedded = LivingDocGenerator.Generate(options);
        Assert.That(embedded.Report!.Items.Single(i => i.Name == "Adding an item").Latest!.Files[0].Href, Does.StartWith("data:image/png;base64,"));
    }

    [Test]
    public void Every_outcome_of_a_real_Reqnroll_run_is_mapped()
    {
        var root = RepositoryRoot();
        var options = Options(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "runner-full.ndjson"));
        options.FeaturesFolder = Path.Combine(root, "tests", "LivingDoc.Tests", "Fixtures", "RunnerSamples", "Features") /* the feature files of runner-full.ndjson */;

        var result = LivingDocGenerator.Generate(options);

        var report = result.Report!;
        Assert.That(result.Warnings, Is.Empty);
        Assert.That(report.Items.Single(i => i.Name == "A failing step").Latest!.FailingStep!.Error, Does.Contain("Expected: 5"));
        Assert.That(report.Items.Single(i => i.Name == "An undefined step").Status, Is.EqualTo(ScenarioStatus.Undefined));
        Assert.That(report.Items.Single(i => i.Name == "An undefined step").Latest!.FailingStep!.Snippet, Does.Contain("WhenTheBasketIsWeighedOnTheMoon"));
        Assert.That(report.Items.Single(i => i.Name == "A pending step").Status, Is.EqualTo(ScenarioStatus.Pending));
        Assert.That(report.Items.Single(i => i.Name == "An ignored scenario").Status, Is.EqualTo(ScenarioStatus.Ignored));
        Assert.That(report.Items.Where(i => i.Scenario.Name == "Some examples are ignored").Select(i => i.Status),
            Is.EqualTo(new[] { ScenarioStatus.Passed, ScenarioStatus.Ignored }));
        Assert.That(report.Items.Single(i => i.Name == "A failing BeforeScenario hook").Latest!.FailingStep!.Display, Is.EqualTo("BeforeScenario hook Hooks.BreakBeforeScenario"));
        var neverStarted = report.Items.Single(i => i.Feature.Uri == "Features/FeatureHookFails.feature");
        Assert.That(neverStarted.Status, Is.EqualTo(ScenarioStatus.NotRun));
        Assert.That(neverStarted.NotRunReason, Is.EqualTo("BeforeFeature hook Hooks.BreakBeforeFeature failed: the shared test account is locked"));
        Assert.That(report.Features.Where(f => f.Problem is not null).Select(f => f.Uri),
            Is.EquivalentTo(new[] { "Features/Bad/Broken.feature", "Features/Bad/Empty.feature", "Features/Bad/NoScenarios.feature" }));
        Assert.That(report.Items.Where(i => i.Scenario.IsOutline && i.Feature.Uri == "Features/Basics.feature").Select(i => i.Name),
            Is.EqualTo(new[] { "Adding 1 items", "Adding 2 items", "Adding 10 items" }));
        Assert.That(report.Items.Single(i => i.Name == "Output and an attachment are recorded").Latest!.Steps.SelectMany(s => s.Output).Select(o => o.Text),
            Has.Some.EqualTo("evidence: the courier signed at 10:42"));
    }

    [Test]
    public void Failures_group_by_their_cause_without_numbers_ids_or_times()
    {
        Assert.That(FailureCauses.Normalise("Timed out after 12 s waiting for run 3f2b1c9e-1a2b-4c3d-8e9f-001122334455 at 2026-11-20T10:00:01Z"),
            Is.EqualTo(FailureCauses.Normalise("Timed out after 30 s waiting for run 9a8b7c6d-1a2b-4c3d-8e9f-aabbccddeeff at 2026-11-21T11:30:00Z")));
        Assert.That(FailureCauses.Normalise("GET http://127.0.0.1:42565/api/threads/abc123def4567 → 500"),
            Is.EqualTo(FailureCauses.Normalise("GET http://127.0.0.1:39001/api/threads/ffe8d9a0b1c2d → 500")));
        Assert.That(FailureCauses.Normalise("Expected 401"), Is.Not.EqualTo(FailureCauses.Normalise("Timed out")));
    }

    [Test]
    public void Descriptions_are_safe_markdown()
    {
        var html = Markdown.ToHtml("Why it *matters*, **really**, with `a<b>` and [docs](https://example.test/x?a=1&b=2).\n\n- one\n- two\n\n<script>alert(1)</script> [bad](javascript:alert(1))");
        Assert.That(html, Does.Contain("<em>matters</em>").And.Contain("<strong>really</strong>").And.Contain("<code>a&lt;b&gt;</code>"));
        Assert.That(html, Does.Contain("<a href=\"https://example.test/x?a=1&amp;b=2\" rel=\"noopener noreferrer\">docs</a>"));
        Assert.That(html, Does.Contain("<ul><li>one</li><li>two</li></ul>"));
        Assert.That(html, Does.Contain("&lt;script&gt;").And.Not.Contain("<script>").And.Not.Contain("href=\"javascript"));
    }

    internal static string RepositoryRoot() =>
        typeof(ModelTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    /// <summary>The scenario details packed into the page (blocks of gzip + base64 JSON), merged into one JSON object, as text.</summary>
    internal static string Unpack(string page)
    {
        var merged = new System.Text.Json.Nodes.JsonObject();
        foreach (System.Text.RegularExpressions.Match block in System.Text.RegularExpressions.Regex.Matches(page, "id=\"ld-details-[a-z0-9]+\" data-encoding=\"gzip\\+base64\">([^<]*)</script>"))
        {
            using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(Convert.FromBase64String(block.Groups[1].Value)), System.IO.Compression.CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            foreach (var (key, value) in System.Text.Json.Nodes.JsonNode.Parse(reader.ReadToEnd())!.AsObject().ToList())
                merged[key] = value?.DeepClone();
        }
        return merged.ToJsonString();
    }
}
