using Acceptance.ReferencePlatform.Tests.Support;
using Microsoft.Playwright;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.WebApp;

/// <summary>
/// One reference platform (its own instance, so sign-in failures here never lock out other tests' users)
/// and one headless Chromium for every web app test in this namespace. Each test gets its own browser
/// context (a fresh profile) from <see cref="WebAppTest"/>. The platform is stopped with the others.
/// </summary>
[SetUpFixture]
public sealed class WebAppSetUp
{
    private static PlatformHost? _platform;
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;

    public static PlatformHost Platform => _platform ?? throw new InvalidOperationException("The platform has not started.");
    public static IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public static string AppUrl => Platform.AppUrl.ToString().TrimEnd('/');
    public static string AuthUrl => Platform.AuthUrl.ToString().TrimEnd('/');

    /// <summary>The repository's artifacts folder (screenshots land there).</summary>
    public static string ArtifactsDirectory
    {
        get
        {
            var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")))
            {
                dir = dir.Parent;
            }
            var path = Path.Combine(dir?.FullName ?? TestContext.CurrentContext.TestDirectory, "artifacts");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        // The default agent pace (100 ms a step), so each progress state is on screen for a moment.
        _platform = await Platforms.Get("webapp");
        _playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            // Playwright cannot download its own browser here: Debian's Chromium it is.
            ExecutablePath = "/usr/lib/chromium/chromium",
            Headless = true,
            Args =
            [
                "--disable-gpu",
                "--disable-quic",
                // The machine's only network is loopback: keep Chromium from resolving anything else.
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                "--no-sandbox",
            ],
        });
        // Generous: this 2-core machine is often busy with builds while the suite runs.
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
    }
}
