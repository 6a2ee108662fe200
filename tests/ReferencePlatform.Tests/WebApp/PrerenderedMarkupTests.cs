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

    [Test]
    public void An_unknown_markup_is_refused_with_a_clear_error() =>
        Assert.That(() => global::Acceptance.ReferencePlatform.App.AppApi.PagesFolder("fancy"), Throws.InvalidOperationException.With.Message.Contains("Platform:AppMarkup"));
}
