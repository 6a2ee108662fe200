using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NUnit.Framework;
using static Microsoft.Playwright.Assertions;

namespace Acceptance.LivingDoc.Tests;

/// <summary>Opens generated documents in Debian's Chromium (file:// URL, no network) and uses them as a reader would.</summary>
[TestFixture]
[NonParallelizable]
public sealed class BrowserTests
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private string _dir = "";
    private string _samplesReport = "";

    [OneTimeSetUp]
    public async Task StartBrowserAndGenerate()
    {
        _dir = Path.Combine(Path.GetTempPath(), "livingdoc-browser-" + Guid.NewGuid().ToString("N")[..6]);
        var root = ModelTests.RepositoryRoot();
        var result = LivingDocGenerator.Generate(new LivingDocOptions
        {
            Inputs = [Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "runner-full.ndjson")],
            FeaturesFolder = Path.Combine(root, "tests", "LivingDoc.Tests", "Fixtures", "RunnerSamples", "Features") /* the feature files of runner-full.ndjson */,
            OutputHtml = Path.Combine(_dir, "samples", "LivingDoc.html"),
            Commit = "0123456789abcdef",
            Title = "Runner samples",
        });
        Assert.That(result.Success, Is.True, string.Join("; ", result.Errors));
        _samplesReport = result.HtmlPath!;

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            // Playwright cannot download its own browser here: Debian's Chromium it is.
            ExecutablePath = "/usr/lib/chromium/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"],
        });
    }

    [OneTimeTearDown]
    public async Task StopBrowser()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private async Task<IPage> Open(string html, string fragment = "", int width = 1400, int height = 1000)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(html).AbsoluteUri + fragment);
        return page;
    }

    [Test]
    public async Task A_reader_searches_filters_and_reopens_the_same_view_from_its_link()
    {
        var page = await Open(_samplesReport);
        var spec = page.Locator("#view-spec");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Specification", Exact = true })).ToBeVisibleAsync();
        await Expect(spec.GetByRole(AriaRole.Heading, new() { Name = "Feature: Outcomes" })).ToBeVisibleAsync();

        await page.Keyboard.PressAsync("/");
        await Expect(page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" })).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("weighed on the moon");
        await Expect(page.Locator("#shown")).ToHaveTextAsync("Showing 1 of 27 scenarios");
        await Expect(spec.GetByRole(AriaRole.Heading, new() { Name = "Undefined Scenario: An undefined step" })).ToBeVisibleAsync();
        await Expect(spec.GetByRole(AriaRole.Heading, new() { Name = "Passed Scenario: A passing scenario" })).ToBeHiddenAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#view=spec&q=weighed%20on%20the%20moon$"));

        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" }).FillAsync("");
        // The samples' failing hooks: the environment failed, not the product, so they are Broken.
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Broken" }).CheckAsync();
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Tag" }).SelectOptionAsync("@hooks");
        await Expect(page.Locator("#shown")).ToHaveTextAsync("Showing 2 of 27 scenarios");
        await Expect(page).ToHaveURLAsync(new Regex("status=broken&tag=%40hooks"));

        await page.GetByRole(AriaRole.Link, new() { Name = "Triage" }).ClickAsync();
        var triage = page.Locator("#view-triage");
        await Expect(triage.GetByRole(AriaRole.Heading, new() { Name = "Triage", Exact = true })).ToBeVisibleAsync();
        await Expect(triage.Locator(".titem:visible")).ToHaveCountAsync(2);
        var link = page.Url;

        // The link reopens the same view with the same filters.
        var again = await Open(_samplesReport, new Uri(link).Fragment);
        await Expect(again.Locator("#view-triage .titem:visible")).ToHaveCountAsync(2);
        await Expect(again.GetByRole(AriaRole.Checkbox, new() { Name = "Broken" })).ToBeCheckedAsync();
        await Expect(again.GetByRole(AriaRole.Combobox, new() { Name = "Tag" })).ToHaveValueAsync("@hooks");
        await Expect(again.GetByRole(AriaRole.Link, new() { Name = "Triage" })).ToHaveAttributeAsync("aria-current", "page");
    }

    [Test]
    public async Task A_large_document_keeps_off_screen_features_packed_yet_finds_and_reopens_every_scenario()
    {
        // 300 scenarios: features past the first screens and long triage lists stay packed until needed.
        var messages = new MessagesBuilder();
        for (var f = 0; f < 30; f++)
        {
            var uri = $"Features/Area{f:00}.feature";
            var text = new System.Text.StringBuilder($"Feature: Area {f}\n");
            for (var n = 0; n < 10; n++) text.Append($"\n  Scenario: Case {f}-{n}\n    Given step {f} {n}\n");
            messages.Source(uri, text.ToString());
            for (var n = 0; n < 10; n++)
            {
                var line = 3 + n * 3;
                MessagesBuilder.Step step = f == 29 && n == 9 ? MessagesBuilder.Failed("Given ", "the quasar is polled", line + 1, "the quasar hums too loudly")
                    : f == 29 && n == 5 ? MessagesBuilder.Passed("Given ", $"step {f} {n}", line + 1, "pulsar reading 42")
                    : MessagesBuilder.Passed("Given ", $"step {f} {n}", line + 1);
                messages.Scenario(uri, $"Case {f}-{n}", line, [step]);
            }
        }
        var input = messages.Write(Path.Combine(_dir, "large.ndjson"));
        var result = LivingDocGenerator.Generate(new LivingDocOptions { Inputs = [input], OutputHtml = Path.Combine(_dir, "large", "LivingDoc.html"), Title = "Large" });
        Assert.That(result.Success, Is.True, string.Join("; ", result.Errors));
        var report = result.HtmlPath!;

        var page = await Open(report);
        var spec = page.Locator("#view-spec");
        Assert.That(await page.Locator("#view-spec [data-lazy]").CountAsync(), Is.GreaterThan(0), "features past the first screens are packed");
        Assert.That(await page.Locator("#view-triage [data-lazy]").CountAsync(), Is.GreaterThan(0), "the long triage list is packed");
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" }).FillAsync("quasar");
        await Expect(page.Locator("#shown")).ToHaveTextAsync("Showing 1 of 300 scenarios");
        await Expect(spec.Locator(".item:visible")).ToHaveCountAsync(1);
        await Expect(spec.Locator(".item:visible")).ToContainTextAsync("Case 29-9");
        var failing = (await spec.Locator(".item:visible").GetAttributeAsync("id"))![2..];

        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" }).FillAsync("case 29-5");
        await Expect(page.Locator("#shown")).ToHaveTextAsync("Showing 1 of 300 scenarios");
        await Expect(spec.Locator(".item:visible")).ToContainTextAsync("Case 29-5");
        var passing = (await spec.Locator(".item:visible").GetAttributeAsync("id"))![2..];

        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" }).FillAsync("");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Failed" }).CheckAsync();
        await Expect(page.Locator("#shown")).ToHaveTextAsync("Showing 1 of 300 scenarios");
        await Expect(spec.Locator(".item:visible")).ToContainTextAsync("Case 29-9");

        // Scrolled through, features are made near the screen and packed again far from it; back at the top, made again.
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Failed" }).UncheckAsync();
        await Expect(page.Locator("#shown")).ToHaveTextAsync("300 scenarios");
        await page.EvaluateAsync(@"async () => {
            const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 20)));
            for (let y = 0; y < document.documentElement.scrollHeight; y += 1500) { window.scrollTo(0, y); await frame(); await frame(); }
            window.scrollTo(0, document.documentElement.scrollHeight); await frame(); await frame(); }");
        await Expect(spec.Locator("h5", new() { HasText = "Case 29-9" })).ToBeVisibleAsync();
        Assert.That(await page.Locator("#view-spec [data-feature] > [data-lazy]").CountAsync(), Is.GreaterThan(5), "features far above are packed again");
        await page.GetByRole(AriaRole.Link, new() { Name = "Area 10" }).First.ClickAsync();
        await Expect(spec.Locator("h5", new() { HasText = "Case 10-3" })).ToBeInViewportAsync();

        // Links into packed content unpack it and go there.
        var link = await Open(report, "#view=spec&s=" + failing);
        await Expect(link.Locator("#s-" + failing)).ToBeInViewportAsync();
        var triage = await Open(report, "#view=triage&s=" + passing);
        await Expect(triage.Locator("#t-" + passing)).ToBeInViewportAsync();
        await Expect(triage.Locator("#t-" + passing + " .detail")).ToContainTextAsync("pulsar reading 42");
        var failed = await Open(report, "#view=triage&s=" + failing);
        await Expect(failed.Locator("#t-" + failing + " .detail")).ToContainTextAsync("the quasar hums too loudly");
    }

    [Test]
    public async Task Triage_shows_the_failing_step_its_error_and_the_step_durations()
    {
        var page = await Open(_samplesReport, "#view=triage");
        var triage = page.Locator("#view-triage");
        await Expect(triage.GetByRole(AriaRole.Heading, new() { Name = "Failures by cause" })).ToBeVisibleAsync();
        var entry = triage.Locator(".titem", new() { Has = page.GetByText("A failing step", new() { Exact = true }) });
        await entry.Locator("summary").ClickAsync();
        var detail = entry.Locator(".detail");
        await Expect(detail.GetByRole(AriaRole.Group, new() { Name = "Error" })).ToContainTextAsync("Then the basket holds 5 items");
        await Expect(detail.GetByRole(AriaRole.Group, new() { Name = "Error" })).ToContainTextAsync("But was:  2");
        await Expect(detail.GetByRole(AriaRole.Table)).ToContainTextAsync("When 2 items are added");
        await Expect(detail.GetByText("Stack trace", new() { Exact = true })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Summary" }).ClickAsync();
        await Expect(page.Locator("#view-summary .card").First).ToContainTextAsync("Pass rate");
        await Expect(page.Locator("#view-summary")).ToContainTextAsync("Reqnroll 3.3.4");
    }

    [Test]
    public async Task Triage_shows_a_scenario_timeline_and_its_load_latency_charts()
    {
        var result = LivingDocGenerator.Generate(new LivingDocOptions
        {
            Inputs = [EvidenceAndHistoryTests.WriteRichRun(Path.Combine(_dir, "rich", "run.ndjson"))],
            OutputHtml = Path.Combine(_dir, "rich", "LivingDoc.html"),
            Commit = "0123456789abcdef",
        });
        Assert.That(result.Errors, Is.Empty);
        var page = await Open(result.HtmlPath!, "#view=triage");

        var thread = page.Locator("#view-triage .titem", new() { Has = page.GetByText("Starting a thread", new() { Exact = true }) });
        await thread.Locator("summary").ClickAsync();
        var timeline = thread.Locator("table.timeline");
        await Expect(thread.GetByRole(AriaRole.Heading, new() { Name = "Timeline (3 entries), from the scenario's first" })).ToBeVisibleAsync();
        await Expect(timeline.Locator("tbody tr")).ToHaveCountAsync(3);
        await Expect(timeline.Locator("tbody tr").Nth(2)).ToContainTextAsync("+0.015 s");
        await Expect(timeline.Locator("tbody tr").Nth(2)).ToContainTextAsync("Alice · Alice#1");
        await Expect(timeline.Locator("tbody tr").Nth(2)).ToContainTextAsync("← received");

        var load = page.Locator("#view-triage .titem", new() { Has = page.GetByText("Many users at once", new() { Exact = true }) });
        await load.Locator("summary").ClickAsync();
        await Expect(load.GetByRole(AriaRole.Img, new() { Name = "First event: p50 120 ms, p95 700 ms, p99 800 ms, p95 budget 1000 ms" })).ToBeVisibleAsync();
        await Expect(load.GetByRole(AriaRole.Img, new() { Name = "First event: histogram of 5 samples from 100 to 800 ms" })).ToBeVisibleAsync();
    }

    [Test]
    public async Task A_retried_scenario_shows_its_earlier_attempt_as_such()
    {
        var result = LivingDocGenerator.Generate(new LivingDocOptions
        {
            Inputs = [Directory.EnumerateFiles(Path.Combine(CompatibilityKitTests.SamplesFolder(), "retry"), "*.ndjson").Single()],
            OutputHtml = Path.Combine(_dir, "retry", "LivingDoc.html"),
        });
        var page = await Open(result.HtmlPath!, "#view=triage");

        var entry = page.Locator("#view-triage .titem", new() { Has = page.GetByText("Test cases that fail are retried if within the --retry limit", new() { Exact = true }) });
        await entry.Locator("summary").ClickAsync();
        await Expect(entry.GetByRole(AriaRole.Region, new() { Name = "Execution 1 of 2" })).ToContainTextAsync("Earlier attempt: retried");
        await Expect(entry.GetByRole(AriaRole.Region, new() { Name = "Execution 2 of 2" })).ToContainTextAsync("Last attempt");
    }

    [Test]
    public async Task Broken_scenarios_filter_and_group_apart_and_the_gate_line_leads_to_the_gate()
    {
        var page = await Open(_samplesReport, "#view=triage");
        var triage = page.Locator("#view-triage");
        await Expect(triage.GetByRole(AriaRole.Heading, new() { Name = "Broken: the environment failed, not the product" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Broken" }).CheckAsync();
        await Expect(page.Locator("#shown")).ToHaveTextAsync(new Regex(@"^Showing [1-9]\d* of 27 scenarios$"));
        await Expect(page).ToHaveURLAsync(new Regex("status=broken"));
        Assert.That(await triage.Locator(".titem:visible").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.status)"), Has.All.EqualTo("broken"));
        var entry = triage.Locator(".titem:visible", new() { Has = page.GetByText("A failing BeforeScenario hook", new() { Exact = true }) });
        await entry.Locator("summary").ClickAsync();
        await Expect(entry.Locator(".detail")).ToContainTextAsync("Broken, the environment failed (not the product): BeforeScenario hook Hooks.BreakBeforeScenario failed.");

        await page.Locator(".gate-line a").ClickAsync();
        await Expect(page.Locator("#view-summary")).ToBeVisibleAsync();
        await Expect(page.Locator("#gate")).ToBeInViewportAsync();
        await Expect(page.Locator("#gate")).ToContainTextAsync("Quality gate");
    }

    [Test]
    public async Task The_Proof_view_opens_from_its_tab_and_key_and_proven_steps_are_marked()
    {
        var result = LivingDocGenerator.Generate(new LivingDocOptions
        {
            Inputs = [ProofTests.WriteRun(Path.Combine(_dir, "proof", "run.ndjson"))],
            OutputHtml = Path.Combine(_dir, "proof", "LivingDoc.html"),
            DetectionMatrix = ProofTests.Matrix,
        });
        Assert.That(result.Errors, Is.Empty);
        var page = await Open(result.HtmlPath!);

        var mark = page.Locator("#view-spec .proven").First;
        await Expect(mark).ToBeVisibleAsync();
        await Expect(mark).ToHaveAttributeAsync("title", "Proven able to fail: DropNewThreads");
        await page.Keyboard.PressAsync("4");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Proof: each check can fail" })).ToBeVisibleAsync();
        await Expect(page.Locator("#view-spec")).ToBeHiddenAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#view=proof$"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Proof" })).ToHaveAttributeAsync("aria-current", "page");
        await page.Locator("#view-proof").GetByRole(AriaRole.Link, new() { Name = "Starting a thread" }).ClickAsync();
        await Expect(page.Locator("#view-spec h5", new() { HasText = "Starting a thread" })).ToBeInViewportAsync();

        var plain = await Open(_samplesReport);
        await plain.Keyboard.PressAsync("4");
        await Expect(plain.Locator("#view-spec")).ToBeVisibleAsync();
        Assert.That(await plain.Locator("[data-view=proof]").CountAsync(), Is.Zero, "no matrix, no Proof view");
    }

    [Test]
    public async Task A_narrow_window_still_shows_search_and_content()
    {
        var page = await Open(_samplesReport, "#view=spec", width: 420, height: 900);
        await Expect(page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" })).ToBeVisibleAsync();
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.That(overflow, Is.False, "no horizontal scrolling of the page");
    }

    /// <summary>Screenshots of each view, from the suite's own report when there is one (it has HTTP and WebSocket evidence).</summary>
    [Test]
    public async Task Screenshots_of_each_view()
    {
        var root = ModelTests.RepositoryRoot();
        // The runner's sample run (every outcome), not whatever the last suite run left in artifacts/: a test reads fixed input.
        var html = _samplesReport;
        var artifacts = Path.Combine(root, "artifacts");
        Directory.CreateDirectory(artifacts);

        var page = await Open(html, "#view=spec", height: 1100);
        await Expect(page.Locator("#view-spec")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(artifacts, "livingdoc-specification.png") });

        await page.GetByRole(AriaRole.Link, new() { Name = "Triage" }).ClickAsync();
        var entry = page.Locator("#view-triage .titem").First;
        await entry.Locator("summary").ClickAsync();
        await Expect(entry.Locator(".detail .steps-table")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(artifacts, "livingdoc-triage.png") });

        await page.GetByRole(AriaRole.Link, new() { Name = "Summary" }).ClickAsync();
        await Expect(page.Locator("#view-summary")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(artifacts, "livingdoc-summary.png"), FullPage = true });
    }
}
