using System.Collections.Concurrent;
using Acceptance.Support.Configuration;
using Microsoft.Playwright;
using Reqnroll;

namespace Acceptance.Support.Drivers.Browser;

/// <summary>
/// A small pool of Playwright drivers with one Chromium each (or, with Browser:RemoteEndpoint, a connection to a
/// remote Playwright server), launched on first use and closed at the end of the run. A scenario borrows one
/// browser for itself and gets a fresh context on it (<see cref="BrowserSession"/>); at most
/// <see cref="PoolSize"/> browsers exist, so scenarios running in parallel never start one Chromium each.
/// </summary>
public static class BrowserPool
{
    /// <summary>How many browsers (and browser scenarios at once): Chromium is CPU-bound, so one per core.</summary>
    public static readonly int PoolSize = Math.Max(2, Environment.ProcessorCount);

    private static readonly ConcurrentBag<PooledBrowser> Launched = new();
    private static readonly ConcurrentBag<PooledBrowser> Idle = new();
    private static readonly SemaphoreSlim Slots = new(PoolSize, PoolSize);

    /// <summary>Borrows a browser for one scenario, waiting up to <paramref name="wait"/> for one to be free; give it back with <see cref="Return"/>.</summary>
    public static async Task<PooledBrowser> LeaseAsync(BrowserSettings settings, TimeSpan wait)
    {
        if (!await Slots.WaitAsync(wait))
            throw new TimeoutException($"No browser was free within {wait.TotalSeconds:0} s: all {PoolSize} are in use by running scenarios.");
        try
        {
            while (Idle.TryTake(out var idle))
            {
                if (idle.Browser.IsConnected) return idle;
            }
            var worker = new PooledBrowser();
            await worker.LaunchAsync(settings);
            Launched.Add(worker);
            return worker;
        }
        catch
        {
            Slots.Release();
            throw;
        }
    }

    public static void Return(PooledBrowser worker)
    {
        Idle.Add(worker);
        Slots.Release();
    }

    /// <summary>Closes every browser launched in this run (AfterTestRun).</summary>
    public static async Task CloseAllAsync()
    {
        while (Launched.TryTake(out var worker)) await worker.DisposeAsync();
    }
}

/// <summary>One browser of the <see cref="BrowserPool"/>: a launched Chromium, or a connection to a remote Playwright server.</summary>
public sealed class PooledBrowser : IAsyncDisposable
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    internal async Task LaunchAsync(BrowserSettings settings)
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
