using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Acceptance.Support.Drivers.Browser;

/// <summary>
/// The chat page (/chat). The message box has a label; the rest has no stable accessible name, so the
/// contract's test ids are used (main-chat, thinking-indicator, tool-status, response-card, …).
/// </summary>
public sealed class ChatPageDriver(BrowserSession browser)
{
    private IPage Page => browser.Page;
    private ILocator MessageBox => Page.GetByTestId("message-textarea");
    private ILocator SendButton => Page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true });
    private ILocator ResponseCard => Page.GetByTestId("response-card");
    private ILocator ConnectionStatus => Page.GetByTestId("connection-status");

    public Task OpenAsync() => Page.GotoAsync("/chat");

    public async Task ExpectShownForAsync(string email)
    {
        await Expect(Page.GetByTestId("main-chat")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("user-email")).ToHaveTextAsync(email);
    }

    public Task ExpectConnectedAsync() => Expect(ConnectionStatus).ToHaveAttributeAsync("data-state", "connected");

    /// <summary>
    /// Sends a question while a page-side observer notes, in order, when the progress (thinking, the tool step)
    /// and the answer first appear; returns that order once the answer is shown.
    /// </summary>
    public async Task<IReadOnlyList<string>> AskAndObserveProgressAsync(string question)
    {
        await ExpectConnectedAsync();
        await Page.EvaluateAsync(ProgressObserver);
        await MessageBox.FillAsync(question);
        await SendButton.ClickAsync();
        await Expect(ResponseCard).ToBeVisibleAsync();
        var seen = await Page.EvaluateAsync<JsonElement>("() => window.__acceptanceProgress || []");
        return seen.EnumerateArray().Select(item => item.GetString() ?? "").ToList();
    }

    public async Task<string> AnswerTextAsync() => (await ResponseCard.InnerTextAsync()).Trim();

    public async Task SignOutAsync() => await Page.GetByTestId("logout-button").ClickAsync();

    // Records the first appearance of each stage; the page's own code is left untouched.
    private const string ProgressObserver = """
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
}
