using System.Text.Json;
using Microsoft.Playwright;
using NUnit.Framework;
using static Microsoft.Playwright.Assertions;

namespace Acceptance.ReferencePlatform.Tests.WebApp;

[TestFixture]
public sealed class ChatTests : WebAppTest
{
    /// <summary>
    /// Records, from the first paint on, each new visible text of the progress elements and the first
    /// response card, with its time: the order things appeared, even if a run is over in milliseconds.
    /// </summary>
    private const string TimelineRecorder = """
        (() => {
          const timeline = [];
          const last = new Map();
          window.__webAppTimeline = timeline;
          const visibleText = (el) => {
            if (!el) return '';
            const box = el.getBoundingClientRect();
            return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden' ? el.textContent.trim() : '';
          };
          const record = () => {
            for (const id of ['thinking-indicator', 'tool-status', 'response-card']) {
              const text = visibleText(document.querySelector(`[data-testid="${id}"]`));
              if (text && last.get(id) !== text) {
                last.set(id, text);
                timeline.push({ id, text, at: Math.round(performance.now()) });
              }
            }
          };
          new MutationObserver(record).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
        })();
        """;

    private sealed record TimelineEntry(string Id, string Text, int At);

    [Test]
    public async Task Asking_the_agent_shows_thinking_then_the_tool_step_then_the_final_response()
    {
        await Page.AddInitScriptAsync(TimelineRecorder);
        await SignInAsAliceAsync();

        await AskAsync(GpuQuestion);

        await Expect(ResponseCards).ToHaveCountAsync(1);
        await Expect(ResponseCards).ToBeVisibleAsync();
        await Expect(ThinkingIndicator).ToBeVisibleAsync();
        await Expect(ToolStatus).ToContainTextAsync("Tool done");
        await Expect(Page.GetByRole(AriaRole.Log).GetByText(GpuQuestion)).ToBeVisibleAsync();

        var timeline = await ReadTimelineAsync();
        var summary = string.Join("\n", timeline.Select(e => $"{e.At,6} ms  {e.Id}: {e.Text}"));
        TestContext.Out.WriteLine(summary);
        int FirstIndex(string id, string? containing = null) =>
            timeline.FindIndex(e => e.Id == id && (containing is null || e.Text.Contains(containing, StringComparison.Ordinal)));

        var thinking = FirstIndex("thinking-indicator", "Thinking:");
        var toolRunning = FirstIndex("tool-status", "Running tool");
        var toolDone = FirstIndex("tool-status", "Tool done");
        var response = FirstIndex("response-card");
        Assert.Multiple(() =>
        {
            Assert.That(thinking, Is.GreaterThanOrEqualTo(0), $"the reasoning was shown\n{summary}");
            Assert.That(toolRunning, Is.GreaterThan(thinking), $"the tool step started after the reasoning\n{summary}");
            Assert.That(toolDone, Is.GreaterThan(toolRunning), $"the tool step finished after it started\n{summary}");
            Assert.That(response, Is.GreaterThan(toolDone), $"the final response came last\n{summary}");
        });
        await Expect(ToolStatus).ToContainTextAsync(" ms");
        await Expect(ThinkingIndicator).ToHaveAttributeAsync("aria-live", "polite");
        await Expect(ToolStatus).ToHaveAttributeAsync("aria-live", "polite");
    }

    [Test]
    public async Task A_completed_run_appears_in_the_thread_list_and_its_history_can_be_reopened_and_continued()
    {
        var (email, password) = await RegisterUserAsync();
        await SignInAsync(email, password);
        await Expect(ConnectionStatus).ToHaveTextAsync("Connected");
        await Expect(ThreadList).ToContainTextAsync("No conversations yet");

        await AskAsync(GpuQuestion);
        await Expect(ResponseCards).ToHaveCountAsync(1);
        var thread = ThreadList.GetByRole(AriaRole.Button, new() { Name = GpuQuestion });
        await Expect(thread).ToContainTextAsync("2 messages");
        await Expect(thread).ToHaveAttributeAsync("aria-current", "true");

        await NewConversationButton.ClickAsync();
        await Expect(ResponseCards).ToHaveCountAsync(0);
        await Expect(thread).Not.ToHaveAttributeAsync("aria-current", "true");
        await Expect(MessageBox).ToBeFocusedAsync();

        await thread.ClickAsync();
        await Expect(ResponseCards).ToHaveCountAsync(1);
        await Expect(Page.GetByRole(AriaRole.Log).GetByText(GpuQuestion)).ToBeVisibleAsync();

        await AskAsync("And with a $20,000 bill?");
        await Expect(ResponseCards).ToHaveCountAsync(2);
        await Expect(thread).ToContainTextAsync("4 messages");
        await Expect(ThreadList.GetByRole(AriaRole.Button)).ToHaveCountAsync(1);
    }

    [Test]
    public async Task A_message_the_agent_cannot_handle_shows_the_agents_error_and_no_response()
    {
        await SignInAsAliceAsync();

        await AskAsync("Please FORCE_ERROR now");

        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The agent could not answer");
        await Expect(SendButton).ToBeEnabledAsync();
        await Expect(ResponseCards).ToHaveCountAsync(0);
    }

    [Test]
    public async Task An_error_frame_is_shown_and_the_chat_stays_usable()
    {
        await SignInAsAliceAsync();

        await AskAsync(new string('x', 9000));

        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("MESSAGE_TOO_LARGE");
        await Expect(ConnectionStatus).ToHaveTextAsync("Connected");
        await AskAsync(GpuQuestion);
        await Expect(ResponseCards).ToHaveCountAsync(1);
        await Expect(Page.GetByRole(AriaRole.Alert)).ToBeHiddenAsync();
    }

    [Test]
    public async Task Enter_sends_and_shift_enter_starts_a_new_line()
    {
        await SignInAsAliceAsync();

        await MessageBox.FillAsync("first line");
        await MessageBox.PressAsync("Shift+Enter");
        await MessageBox.PressSequentiallyAsync("second line");
        await Expect(MessageBox).ToHaveValueAsync("first line\nsecond line");
        await Expect(Page.GetByRole(AriaRole.Log).GetByText("first line")).ToHaveCountAsync(0);

        await MessageBox.PressAsync("Enter");

        await Expect(MessageBox).ToHaveValueAsync("");
        await Expect(ResponseCards).ToHaveCountAsync(1);
    }

    [Test]
    public async Task The_chat_fits_a_narrow_window()
    {
        await Page.SetViewportSizeAsync(390, 844);
        await SignInAsAliceAsync();
        await AskAsync(GpuQuestion);
        await Expect(ResponseCards).ToHaveCountAsync(1);

        await Expect(MessageBox).ToBeInViewportAsync();
        await Expect(SendButton).ToBeVisibleAsync();
        await Expect(SignOutButton).ToBeVisibleAsync();
        var overflowing = await Page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('body *')]
              .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
              .map(e => `${e.tagName.toLowerCase()}.${e.className} right=${Math.round(e.getBoundingClientRect().right)}`)
            """);
        Assert.That(overflowing, Is.Empty, "nothing sticks out of a 390 px window");
        await Page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(WebAppSetUp.ArtifactsDirectory, "webapp-chat-narrow.png"),
            FullPage = true,
        });
    }

    private async Task<List<TimelineEntry>> ReadTimelineAsync()
    {
        var json = await Page.EvaluateAsync<string>("() => JSON.stringify(window.__webAppTimeline)");
        return JsonSerializer.Deserialize<List<TimelineEntry>>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? [];
    }
}
