using System.Text.Json;
using System.Text.RegularExpressions;
using Acceptance.ReferencePlatform.Tests.Support;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using NUnit.Framework;
using static Microsoft.Playwright.Assertions;

namespace Acceptance.ReferencePlatform.Tests.Faults;

/// <summary>
/// The web app's fault switches: served to the pages in /config.js (only when on), and what a person sees in a
/// browser (headless Chromium) with each on. Their absence is what the web app tests (WebApp/*) check.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class WebAppFaultTests
{
    private const string AliceEmail = "alice@example.com";
    private const string AlicePassword = "correct-horse-alice";

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IBrowserContext? _context;
    private IPage Page { get; set; } = null!;

    /// <summary>A platform of the test's own with this web app fault on; /config.js serves it, and it alone, to the pages.</summary>
    private static async Task<FaultyPlatform> PlatformWith(string fault)
    {
        // The default agent pace, so each stage of a run is on screen for a moment.
        var faulty = await FaultyPlatform.StartAsync("--Platform:Agent:StepDelayMs=100", $"{fault}=true");
        try
        {
            var served = Config((await faulty.Client.GetAsync(faulty.Client.App("/config.js"))).Body).GetProperty("faults");
            var name = char.ToLowerInvariant(fault[0]) + fault[1..];
            Assert.That(served.EnumerateObject().Select(p => (p.Name, p.Value.GetBoolean())), Is.EqualTo(new[] { (name, true) }));
            return faulty;
        }
        catch
        {
            await faulty.DisposeAsync();
            throw;
        }
    }

    [OneTimeSetUp]
    public async Task LaunchAsync()
    {
        _playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            // As in WebApp/WebAppSetUp.cs: Debian's Chromium, loopback only.
            ExecutablePath = "/usr/lib/chromium/chromium",
            Headless = true,
            Args = ["--disable-gpu", "--disable-quic", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1", "--no-sandbox"],
        });
        SetDefaultExpectTimeout(15_000);
    }

    [OneTimeTearDown]
    public async Task CloseAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
    }

    [SetUp]
    public async Task OpenContextAsync()
    {
        _context = await _browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        _context.SetDefaultTimeout(15_000);
        Page = await _context.NewPageAsync();
    }

    [TearDown]
    public async Task CloseContextAsync()
    {
        if (_context is not null) await _context.CloseAsync();
    }

    [Test]
    public async Task Without_web_app_faults_config_js_has_no_faults()
    {
        using var client = new PlatformClient(await Platforms.Default());
        Assert.That(Config((await client.GetAsync(client.App("/config.js"))).Body).TryGetProperty("faults", out _), Is.False);
    }

    private static JsonElement Config(string script)
    {
        var json = Regex.Match(script, @"^window\.PLATFORM_CONFIG = (\{.*\});\s*$", RegexOptions.Singleline);
        Assert.That(json.Success, Is.True, script);
        return JsonDocument.Parse(json.Groups[1].Value).RootElement;
    }

    [Test]
    public async Task WebAppStagesOutOfOrder_shows_the_answer_before_thinking_and_the_tool_step()
    {
        await using var faulty = await PlatformWith("WebAppStagesOutOfOrder");
        await Page.AddInitScriptAsync(StageRecorder);
        await SignInAsAliceAsync(faulty.Host);

        await Page.GetByTestId("message-textarea").FillAsync("How can we cut a $12,000 monthly GPU bill?");
        await Page.GetByTestId("send-button").ClickAsync();
        await Expect(Page.GetByTestId("tool-status")).ToContainTextAsync("Tool done");
        await Expect(Page.GetByTestId("thinking-indicator")).ToContainTextAsync("Thinking");

        var stages = await Page.EvaluateAsync<string[]>("() => window.__faultStages");
        Assert.That(stages, Is.EqualTo(new[] { "answer", "thinking", "tool step" }));
    }

    [Test]
    public async Task AccessibilityViolation_gives_the_login_page_a_critical_axe_violation()
    {
        await using var faulty = await PlatformWith("AccessibilityViolation");
        await Page.GotoAsync(new Uri(faulty.Host.AppUrl, "/login").ToString());
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true })).ToBeVisibleAsync();

        var violations = (await Page.RunAxe()).Violations;

        Assert.That(violations.Select(v => (v.Id, v.Impact)), Does.Contain(("image-alt", "critical")),
            string.Join("\n", violations.Select(v => $"{v.Impact} {v.Id}")));
        await Expect(Page.GetByLabel("Email")).ToBeVisibleAsync();
    }

    [Test]
    public async Task ChatPageWithoutUser_shows_the_chat_page_without_who_is_signed_in()
    {
        await using var faulty = await PlatformWith("ChatPageWithoutUser");
        await SignInAsAliceAsync(faulty.Host);

        await Expect(Page.GetByTestId("main-chat")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("user-email")).ToBeHiddenAsync();
        await Expect(Page.GetByTestId("user-email")).ToHaveTextAsync("");
    }

    [Test]
    public async Task SignOutStaysOnChat_keeps_a_signed_out_person_on_the_chat_page_and_lets_a_visitor_open_it()
    {
        await using var faulty = await PlatformWith("SignOutStaysOnChat");
        await SignInAsAliceAsync(faulty.Host);

        await Page.GetByTestId("logout-button").ClickAsync();
        await Page.WaitForTimeoutAsync(1000);
        await Expect(Page).ToHaveURLAsync(new Regex("/chat$"));

        var visitor = await _browser!.NewPageAsync();
        try
        {
            await visitor.GotoAsync(new Uri(faulty.Host.AppUrl, "/chat").ToString());
            await visitor.WaitForTimeoutAsync(1500);
            await Expect(visitor).ToHaveURLAsync(new Regex("/chat$"));
            await Expect(visitor.GetByTestId("main-chat")).ToBeVisibleAsync();
        }
        finally
        {
            await visitor.CloseAsync();
        }
    }

    private async Task SignInAsAliceAsync(PlatformHost platform)
    {
        await Page.GotoAsync(new Uri(platform.AppUrl, "/login").ToString());
        await Page.GetByLabel("Email").FillAsync(AliceEmail);
        await Page.GetByLabel("Password").FillAsync(AlicePassword);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/chat$"));
        await Expect(Page.GetByTestId("connection-status")).ToHaveTextAsync("Connected");
    }

    /// <summary>Notes, in order, when the thinking indicator, the tool status and an answer card first show text.</summary>
    private const string StageRecorder = """
        (() => {
          const stages = [];
          window.__faultStages = stages;
          const shown = (el) => {
            if (!el) return false;
            const box = el.getBoundingClientRect();
            return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden' && el.innerText.trim().length > 0;
          };
          const record = () => {
            for (const [stage, id] of [['thinking', 'thinking-indicator'], ['tool step', 'tool-status'], ['answer', 'response-card']]) {
              if (!stages.includes(stage) && [...document.querySelectorAll(`[data-testid="${id}"]`)].some(shown)) stages.push(stage);
            }
          };
          new MutationObserver(record).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
        })();
        """;
}
