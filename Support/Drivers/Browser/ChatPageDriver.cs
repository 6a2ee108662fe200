using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Acceptance.Support.Drivers.Browser;

/// <summary>
/// The chat page (/chat), judged by what a person perceives. Elements are found by the contract's test ids
/// (main-chat, message-textarea, send-button, thinking-indicator, tool-status, response-card, …), never by class
/// names, element types or DOM order, and count only when visible: a page may pre-render hidden elements and reveal
/// them later (docs/web-app.md, "What shown means").
/// </summary>
public sealed class ChatPageDriver(BrowserSession browser)
{
    private IPage Page => browser.Page;
    private ILocator MessageBox => Page.GetByTestId("message-textarea");
    private ILocator SendButton => Page.GetByTestId("send-button");
    private ILocator ConnectionStatus => Page.GetByTestId("connection-status");
    /// <summary>The answer cards a person can see (hidden, pre-rendered ones are not answers yet).</summary>
    private ILocator ShownAnswers => Page.GetByTestId("response-card").Filter(new() { Visible = true });

    // What a person reads once the channel is up: "Connected" (any case), not "Connecting…" nor "Disconnected".
    private static readonly Regex ConnectedText = new(@"^\s*connected(\s|$)", RegexOptions.IgnoreCase);
    private static readonly Regex AnyText = new(@"\S");

    public Task OpenAsync() => Page.GotoAsync("/chat");

    public async Task ExpectShownForAsync(string email)
    {
        await Expect(Page.GetByTestId("main-chat")).ToBeVisibleAsync();
        var userEmail = Page.GetByTestId("user-email");
        await Expect(userEmail).ToBeVisibleAsync();
        await Expect(userEmail).ToHaveTextAsync(new Regex(Regex.Escape(email), RegexOptions.IgnoreCase));
    }

    public async Task ExpectConnectedAsync()
    {
        await Expect(ConnectionStatus).ToBeVisibleAsync();
        await Expect(ConnectionStatus).ToHaveTextAsync(ConnectedText, new() { IgnoreCase = true });
    }

    /// <summary>
    /// Sends a question while a page-side observer notes, in order, when the progress (thinking, the tool step)
    /// and the answer first become visible; returns that order once an answer is shown.
    /// </summary>
    public async Task<ObservedProgress> AskAndObserveProgressAsync(string question)
    {
        await ExpectConnectedAsync();
        var answersBefore = await ShownAnswers.CountAsync();
        var sentBefore = browser.AnswersSent.Count;
        await Page.EvaluateAsync(ProgressObserver);
        await Expect(MessageBox).ToBeVisibleAsync();
        await MessageBox.FillAsync(question);
        await SendButton.ClickAsync();
        await Expect(ShownAnswers).ToHaveCountAsync(answersBefore + 1);
        await Expect(ShownAnswers.Last).ToHaveTextAsync(AnyText);
        var stages = await ObservedStagesAsync();
        var shown = (await ShownAnswers.Last.InnerTextAsync()).Trim();
        var sent = browser.AnswersSent.Skip(sentBefore).LastOrDefault();
        return new ObservedProgress(stages, shown, sent);
    }

    /// <summary>The stages the observer saw become visible, once it has noted the answer (or after a short grace).</summary>
    private async Task<IReadOnlyList<string>> ObservedStagesAsync()
    {
        try
        {
            await Page.WaitForFunctionAsync("() => (window.__acceptanceProgress || []).includes('answer')", null,
                new PageWaitForFunctionOptions { Timeout = 2_000 });
        }
        catch (TimeoutException)
        {
            // The answer is on screen but the observer missed it: the stages seen so far are returned and the step's
            // assertion reports them.
        }
        var seen = await Page.EvaluateAsync<JsonElement>("() => window.__acceptanceProgress || []");
        return seen.EnumerateArray().Select(item => item.GetString() ?? "").ToList();
    }

    public async Task SignOutAsync() => await Page.GetByTestId("logout-button").ClickAsync();

    /// <summary>
    /// The page-side progress observer (also used by the suite's self-checks): notes a stage the moment an element
    /// with its test id goes from not shown to shown, the page's own code left untouched.
    /// </summary>
    public const string ProgressObserver = """
        () => {
          const seen = [];
          window.__acceptanceProgress = seen;
          const stages = [['thinking', 'thinking-indicator'], ['tool step', 'tool-status'], ['answer', 'response-card']];
          // Shown: connected, rendered (no hidden attribute, display:none, visibility:hidden or opacity:0 on it or an
          // ancestor), a box of non-zero size, and something to read.
          const shown = (el) => {
            if (!el.isConnected) return false;
            if (!el.checkVisibility({ checkVisibilityCSS: true, checkOpacity: true })) return false;
            const box = el.getBoundingClientRect();
            if (box.width <= 0 || box.height <= 0) return false;
            return (el.innerText || '').trim().length > 0;
          };
          const was = new WeakMap();
          const check = (initial) => {
            for (const [stage, testId] of stages) {
              for (const el of document.querySelectorAll(`[data-testid="${testId}"]`)) {
                const now = shown(el);
                if (now && was.get(el) === false && !initial && !seen.includes(stage)) seen.push(stage);
                was.set(el, now);
              }
            }
          };
          const noteNew = () => {
            // Elements added after the start count as not shown before.
            for (const [, testId] of stages)
              for (const el of document.querySelectorAll(`[data-testid="${testId}"]`)) if (!was.has(el)) was.set(el, false);
            check(false);
          };
          check(true);
          new MutationObserver(noteNew).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
          // Style changes without a DOM change (a transition ending) are caught frame by frame.
          const frame = () => { noteNew(); if (seen.length < stages.length) requestAnimationFrame(frame); };
          requestAnimationFrame(frame);
        }
        """;
}

/// <summary>
/// What a person saw after asking in the browser: the order in which the stages became visible, the text of the
/// answer card, and the answer the agent sent the page (final_response of its agent_completed; null if none arrived).
/// </summary>
public sealed record ObservedProgress(IReadOnlyList<string> Stages, string ShownAnswer, string? AnswerSent)
{
    /// <summary>
    /// Why the card does not show the agent's answer, or null when it does: the answer's first words must appear in
    /// the card in order. Words, not characters, so a web app may format the answer (Markdown, line breaks) as it likes.
    /// </summary>
    public string? AnswerProblem()
    {
        static string Flat(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();
        static string[] Words(string text) =>
            System.Text.RegularExpressions.Regex.Matches(text.ToLowerInvariant(), @"[\p{L}\p{N}]+").Select(m => m.Value).ToArray();
        if (AnswerSent is null) return $"no agent_completed reached the page, yet the card shows \"{Flat(ShownAnswer)}\"";
        var sent = Words(AnswerSent);
        if (sent.Length == 0) return $"the agent's answer was empty, so the card shows no answer (only \"{Flat(ShownAnswer)}\")";
        var first = string.Join(' ', sent.Take(8));
        return (" " + string.Join(' ', Words(ShownAnswer)) + " ").Contains(" " + first + " ", StringComparison.Ordinal)
            ? null
            : $"the card shows \"{Flat(ShownAnswer)}\", not the agent's answer, which begins \"{first}…\"";
    }
}
