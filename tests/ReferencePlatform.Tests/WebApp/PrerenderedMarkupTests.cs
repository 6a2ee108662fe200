using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NUnit.Framework;
using static Microsoft.Playwright.Assertions;

namespace Acceptance.ReferencePlatform.Tests.WebApp;

/// <summary>
/// The test-only second markup (Platform:AppMarkup=prerendered): its chat page keeps the contract's test ids, labels
/// and roles, has the answer card, thinking indicator and tool status present but hidden from the start (each hidden
/// another way), and reveals them as the agent's events arrive. Its own platform; the browser of this namespace.
/// </summary>
[TestFixture]
public sealed class PrerenderedMarkupTests
{
    private PlatformHost _platform = null!;
    private IBrowserContext? _context;
    private IPage Page { get; set; } = null!;

    private string AppUrl => _platform.AppUrl.ToString().TrimEnd('/');

    [OneTimeSetUp]
    public async Task StartAsync() => _platform = await Support.Platforms.Get("webapp-prerendered", "--Platform:AppMarkup=prerendered");

    [SetUp]
    public async Task OpenContextAsync()
    {
        _context = await WebAppSetUp.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        _context.SetDefaultTimeout(15_000);
        Page = await _context.NewPageAsync();
    }

    [TearDown]
    public async Task CloseContextAsync()
    {
        if (_context is not null) await _context.CloseAsync();
    }

    private async Task SignInAsAliceAsync()
    {
        await Page.GotoAsync($"{AppUrl}/login");
        await Page.GetByLabel("Email").FillAsync("alice@example.com");
        await Page.GetByLabel("Password").FillAsync("correct-horse-alice");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/chat$"));
        await Expect(Page.GetByTestId("connection-status")).ToHaveTextAsync("Connected");
    }

    /// <summary>How a test id's elements are hidden right now: "hidden-attribute", "display:none", "visibility:hidden", "zero-size" or "shown".</summary>
    private Task<string[]> HidingAsync(string testId) => Page.EvaluateAsync<string[]>("""
        (id) => [...document.querySelectorAll(`[data-testid="${id}"]`)].map(el => {
          if (el.hidden) return 'hidden-attribute';
          const style = getComputedStyle(el);
          if (style.display === 'none') return 'display:none';
          if (style.visibility === 'hidden') return 'visibility:hidden';
          const box = el.getBoundingClientRect();
          return box.width === 0 || box.height === 0 ? 'zero-size' : 'shown';
        })
        """, testId);

    [Test]
    public async Task The_chat_page_has_the_progress_and_answer_elements_from_the_start_each_hidden_another_way()
    {
        await SignInAsAliceAsync();

        Assert.That(await HidingAsync("response-card"), Is.EqualTo(new[] { "hidden-attribute" }), "the answer card");
        Assert.That(await HidingAsync("thinking-indicator"), Is.EqualTo(new[] { "display:none" }), "the thinking indicator");
        Assert.That(await HidingAsync("tool-status"), Is.EqualTo(new[] { "visibility:hidden" }), "the tool status");
    }

    [Test]
    public async Task The_hidden_elements_already_hold_text_so_only_their_visibility_tells_them_apart()
    {
        await SignInAsAliceAsync();

        Assert.That(await Page.GetByTestId("response-card").TextContentAsync(), Does.Match(@"\S"), "the answer card's text");
        await Expect(Page.GetByTestId("response-card")).ToBeHiddenAsync();
        await Expect(Page.GetByTestId("thinking-indicator")).ToBeHiddenAsync();
        await Expect(Page.GetByTestId("tool-status")).ToBeHiddenAsync();
    }

    [Test]
    public async Task Asking_reveals_thinking_the_tool_step_and_one_answer_card_and_keeps_a_hidden_card_ready()
    {
        await SignInAsAliceAsync();
        var box = Page.GetByLabel("Message to the agent");
        await box.FillAsync("How can we cut a $12,000 monthly GPU bill?");
        await Page.GetByTestId("send-button").ClickAsync();

        var cards = Page.GetByTestId("response-card");
        await Expect(cards.Filter(new() { Visible = true })).ToHaveCountAsync(1);
        await Expect(cards.Filter(new() { Visible = true })).ToContainTextAsync(new Regex("cost", RegexOptions.IgnoreCase));
        await Expect(Page.GetByTestId("thinking-indicator")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("tool-status")).ToBeVisibleAsync();
        Assert.That(await HidingAsync("response-card"), Is.EquivalentTo(new[] { "shown", "hidden-attribute" }), "the answer and the next hidden card");
    }

    [Test]
    public async Task The_contract_test_ids_roles_and_labels_are_all_there()
    {
        await SignInAsAliceAsync();
        foreach (var id in new[] { "main-chat", "message-textarea", "send-button", "connection-status", "thread-list", "user-email", "logout-button" })
            await Expect(Page.GetByTestId(id)).ToBeVisibleAsync();
        await Expect(Page.GetByLabel("Message to the agent")).ToBeVisibleAsync();
        Assert.That(await Page.Locator("[data-testid=thinking-indicator][aria-live], [data-testid=tool-status][aria-live]").CountAsync(), Is.EqualTo(2), "progress announced with aria-live");
    }

    [Test]
    public async Task The_structure_differs_from_the_standard_page()
    {
        await SignInAsAliceAsync();
        var main = await Page.GetByTestId("main-chat").EvaluateAsync<string>("el => el.tagName");
        var cardTag = await Page.GetByTestId("response-card").EvaluateAsync<string>("el => el.tagName");
        var sendText = await Page.GetByTestId("send-button").TextContentAsync();
        Assert.That((main, cardTag, sendText), Is.EqualTo(("SECTION", "SECTION", "send")), "element types and the send button's own text case");
        Assert.That(await Page.Locator(".response-card, .activity-line, .chat-page").CountAsync(), Is.Zero, "none of the standard page's class names");
    }

    /// <summary>The suite's progress observer before issue 10: it counted an element as soon as it was in the page.</summary>
    private const string PresenceObserver = """
        () => {
          const seen = [];
          window.__acceptanceProgress = seen;
          const note = (stage) => { if (!seen.includes(stage)) seen.push(stage); };
          const check = () => {
            const thinking = document.querySelector('[data-testid="thinking-indicator"]');
            const tool = document.querySelector('[data-testid="tool-status"]');
            if (thinking && /think/i.test(thinking.textContent || '') && thinking.dataset.state !== 'idle') note('thinking');
            if (tool && (tool.textContent || '').trim() && tool.dataset.state !== 'idle') note('tool step');
            if (document.querySelector('[data-testid="response-card"]')) note('answer');
          };
          new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
        }
        """;

    /// <summary>The suite's observer as it is now, read from its source (Support/Drivers/Browser/ChatPageDriver.cs) so the two cannot drift.</summary>
    private static string SuiteObserver()
    {
        var source = File.ReadAllText(Path.Combine(Path.GetDirectoryName(WebAppSetUp.ArtifactsDirectory)!, "Support", "Drivers", "Browser", "ChatPageDriver.cs"));
        var match = Regex.Match(source, "ProgressObserver = \"\"\"\n(?<js>.*?)\n\\s*\"\"\";", RegexOptions.Singleline);
        Assert.That(match.Success, Is.True, "ChatPageDriver.ProgressObserver not found in the suite's source");
        return match.Groups["js"].Value;
    }

    private async Task<string[]> ObserveAnswerAsync(string observer)
    {
        await SignInAsAliceAsync();
        await Page.EvaluateAsync(observer);
        await Page.GetByLabel("Message to the agent").FillAsync("How can we cut a $12,000 monthly GPU bill?");
        await Page.GetByTestId("send-button").ClickAsync();
        await Expect(Page.GetByTestId("response-card").Filter(new() { Visible = true })).ToHaveCountAsync(1);
        await Page.WaitForTimeoutAsync(300); // let a frame-by-frame observer take its last look
        return await Page.EvaluateAsync<string[]>("() => window.__acceptanceProgress");
    }

    [Test]
    public async Task The_old_presence_observer_is_fooled_by_the_hidden_answer_card()
    {
        var seen = await ObserveAnswerAsync(PresenceObserver);

        Assert.That(seen, Is.Not.EqualTo(new[] { "thinking", "tool step", "answer" }), "the presence observer saw: " + string.Join(", ", seen));
        var answer = Array.IndexOf(seen, "answer");
        var tool = Array.IndexOf(seen, "tool step");
        Assert.That(answer >= 0 && (tool < 0 || answer < tool), Is.True, "the hidden card counted before the tool step: " + string.Join(", ", seen));
    }

    [Test]
    public async Task The_suite_s_visibility_observer_sees_thinking_the_tool_step_then_the_answer()
    {
        var seen = await ObserveAnswerAsync(SuiteObserver());

        Assert.That(seen, Is.EqualTo(new[] { "thinking", "tool step", "answer" }), "the visibility observer saw: " + string.Join(", ", seen));
    }

    [Test]
    public void An_unknown_markup_is_refused_with_a_clear_error() =>
        Assert.That(() => global::Acceptance.ReferencePlatform.App.AppApi.PagesFolder("fancy"), Throws.InvalidOperationException.With.Message.Contains("Platform:AppMarkup"));
}
