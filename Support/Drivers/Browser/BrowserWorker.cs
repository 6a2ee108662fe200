using System.Collections.Concurrent;
using Acceptance.Support.Configuration;
using Microsoft.Playwright;
using Reqnroll;

namespace Acceptance.Support.Drivers.Browser;

/// <summary>
/// One Playwright driver and one Chromium per worker (Reqnroll test thread), launched on first use (or, with
/// Browser:RemoteEndpoint, connected to on a remote Playwright server) and closed at the end of the run. Scenarios get a fresh context each (<see cref="BrowserSession"/>).
/// </summary>
public sealed class BrowserWorker : IAsyncDisposable
{
    private static readonly ConcurrentBag<BrowserWorker> Launched = new();
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static async Task<BrowserWorker> ForThreadAsync(TestThreadContext thread, BrowserSettings settings)
    {
        if (thread.TryGetValue(out BrowserWorker existing) && existing.Browser.IsConnected) return existing;
        var worker = new BrowserWorker();
        await worker.LaunchAsync(settings);
        thread.Set(worker);
        Launched.Add(worker);
        return worker;
    }

    private async Task LaunchAsync(BrowserSettings settings)
    {
        if (settings.IsRemote)
        {
            await ConnectAsync(settings.RemoteEndpoint!);
            return;
        }
        if (!File.Exists(settings.ExecutablePath))
            throw new FileNotFoundException(
                $"No Chromium at {settings.ExecutablePath}: install Debian's (apt-get install -y chromium fonts-liberation) or set Browser:ExecutablePath.");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = settings.ExecutablePath,
            Headless = settings.Headless,
            Args = settings.Args,
            Timeout = 30_000,
        });
    }

    /// <summary>A remote Playwright server (Browser:RemoteEndpoint): its browser, a fresh connection per worker.</summary>
    private async Task ConnectAsync(string endpoint)
    {
        _playwright = await Playwright.CreateAsync();
        try
        {
            Browser = await _playwright.Chromium.ConnectAsync(endpoint, new BrowserTypeConnectOptions { Timeout = 30_000 });
        }
        catch (Exception exception) when (exception is PlaywrightException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"Could not connect to the Playwright server at {Shown(endpoint)} (setting Browser:RemoteEndpoint) within 30 s: " +
                exception.Message.Replace(endpoint, Shown(endpoint)), exception);
        }
    }

    // The path of a launch-server endpoint is its only credential: only the origin is ever shown.
    private static string Shown(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) + "/…" : "(not a URL)";

    /// <summary>Closes every browser launched in this run (AfterTestRun).</summary>
    public static async Task CloseAllAsync()
    {
        while (Launched.TryTake(out var worker)) await worker.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Browser is not null) await Browser.CloseAsync();
        }
        catch (PlaywrightException)
        {
            // Already gone: nothing to close.
        }
        _playwright?.Dispose();
        _playwright = null;
    }
}
