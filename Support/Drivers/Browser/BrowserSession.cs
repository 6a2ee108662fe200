using Acceptance.Support.Evidence;
using Acceptance.Support.Platform;
using Microsoft.Playwright;
using Reqnroll;

namespace Acceptance.Support.Drivers.Browser;

/// <summary>
/// The browser of one scenario: a fresh context (a new profile) and page on the worker's Chromium, traced from
/// the start. At the end: a screenshot always, the trace only when the scenario failed; both attached.
/// The page's WebSocket frames and HTTP responses are recorded in the scenario's evidence.
/// </summary>
public sealed class BrowserSession(PlatformUnderTest platform, ScenarioEvidence evidence, Acceptance.Runner.ScenarioTimeLimit timeLimit)
{
    private IBrowserContext? _context;
    private IPage? _page;
    private PooledBrowser? _worker;

    private readonly List<string> _answersSent = new();

    /// <summary>The answers the agent sent the page over its WebSocket (final_response of each agent_completed), in order.</summary>
    public IReadOnlyList<string> AnswersSent
    {
        get { lock (_answersSent) return _answersSent.ToList(); }
    }

    public IPage Page => _page ?? throw new InvalidOperationException("The browser session has not started: is the scenario tagged @browser?");

    public Uri AppUrl => platform.Endpoints.App
        ?? throw new InvalidOperationException("No web app endpoint: set Endpoints:App (ACCEPTANCE_Endpoints__App) for this environment.");

    public async Task StartAsync()
    {
        PooledBrowser worker;
        // Waiting for a free browser is taking turns, not the scenario being slow: it does not count against its time limit.
        using (timeLimit.Queueing())
        {
            worker = _worker = await BrowserPool.LeaseAsync(platform.Settings.Browser, TimeSpan.FromMinutes(3));
        }
        try
        {
            await OpenContextAsync(worker);
        }
        catch
        {
            if (_context is not null)
            {
                try { await _context.CloseAsync(); }
                catch (PlaywrightException) { /* already gone */ }
            }
            _context = null;
            _page = null;
            _worker = null;
            BrowserPool.Return(worker);
            throw;
        }
    }

    private async Task OpenContextAsync(PooledBrowser worker)
    {
        _context = await worker.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = AppUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = "en-GB",
        });
        _context.SetDefaultTimeout((float)platform.Budgets.BrowserStep.TotalMilliseconds);
        _context.SetDefaultNavigationTimeout((float)platform.Budgets.BrowserStep.TotalMilliseconds);
        await _context.Tracing.StartAsync(new TracingStartOptions { Screenshots = true, Snapshots = true, Sources = false });
        _page = await _context.NewPageAsync();
        RecordTraffic(_page);
    }

    private void RecordTraffic(IPage page)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // Subscribe inside the handler: attaching later misses the first frames.
        page.WebSocket += (_, socket) =>
        {
            evidence.RecordFrame("browser", new ChannelFrameRecord(FrameDirection.Opened, clock.Elapsed, evidence.Redactor.Text(socket.Url)));
            socket.FrameSent += (_, frame) => evidence.RecordFrame("browser", new ChannelFrameRecord(FrameDirection.Sent, clock.Elapsed, frame.Text ?? "(binary)"));
            socket.FrameReceived += (_, frame) =>
            {
                evidence.RecordFrame("browser", new ChannelFrameRecord(FrameDirection.Received, clock.Elapsed, frame.Text ?? "(binary)"));
                if (frame.Text is { } text && new Acceptance.Support.Channels.ChannelFrame(0, FrameDirection.Received, clock.Elapsed, text) is { Type: "agent_completed" } completed)
                    lock (_answersSent) _answersSent.Add(completed.FieldAnywhere("final_response") ?? "");
            };
            socket.Close += (_, _) => evidence.RecordFrame("browser", new ChannelFrameRecord(FrameDirection.Closed, clock.Elapsed, ""));
        };
        page.Response += (_, response) =>
            evidence.Note($"[browser] {response.Request.Method} {response.Url} → {response.Status}");
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning") evidence.Note($"[browser console {message.Type}] {message.Text}");
        };
    }

    /// <summary>Screenshot always; trace kept only for a failed scenario. Closes the context.</summary>
    public async Task FinishAsync(bool failed)
    {
        if (_context is null) return;
        try
        {
            if (_page is not null && !_page.IsClosed)
            {
                var screenshot = Path.Combine(evidence.Folder, "final-screen.png");
                await _page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true, Timeout = 5_000 });
                evidence.AttachFile(screenshot);
            }
        }
        catch (PlaywrightException exception)
        {
            evidence.Note($"No final screenshot: {exception.Message}");
        }
        try
        {
            if (failed)
            {
                var trace = Path.Combine(evidence.Folder, "playwright-trace.zip");
                await _context.Tracing.StopAsync(new TracingStopOptions { Path = trace });
                evidence.AttachFile(trace);
                evidence.Note($"Playwright trace: {trace} (open with `pwsh playwright.ps1 show-trace` or trace.playwright.dev)");
            }
            else
            {
                await _context.Tracing.StopAsync();
            }
        }
        finally
        {
            try
            {
                await _context.CloseAsync();
            }
            finally
            {
                _context = null;
                _page = null;
                if (_worker is { } worker) BrowserPool.Return(worker);
                _worker = null;
            }
        }
    }
}
