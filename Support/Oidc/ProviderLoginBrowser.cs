using System.Diagnostics;
using Acceptance.Support.Configuration;
using Acceptance.Support.Evidence;
using Duende.IdentityModel.OidcClient.Browser;
using Microsoft.Playwright;
using PlaywrightBrowser = Microsoft.Playwright.IBrowser;

namespace Acceptance.Support.Oidc;

/// <summary>
/// The OpenID Connect client's browser: Playwright opens the authorization URL in a fresh context, signs the
/// persona in on the provider's login page (by the labels of its fields), and hands back the callback URL the
/// loopback listener received. Every page the browser visits is noted in the evidence, redacted.
/// </summary>
public sealed class ProviderLoginBrowser(
    PlaywrightBrowser browser, OidcSettings settings, string email, string password, ScenarioEvidence evidence, TimeSpan step,
    LoopbackCallback? callback = null)
    : Duende.IdentityModel.OidcClient.Browser.IBrowser
{
    /// <summary>The last authorization URL opened (its nonce is what the ID token must echo).</summary>
    public Uri? StartUrl { get; private set; }

    /// <summary>How long the last sign-in took in the browser, from opening the authorization URL to the callback.</summary>
    public TimeSpan Elapsed { get; private set; }

    public async Task<BrowserResult> InvokeAsync(BrowserOptions options, CancellationToken cancellationToken = default)
    {
        // The client's redirect URI names the port its listener already has; otherwise listen for it now.
        using var own = callback is null ? LoopbackCallback.Start(options.EndUrl) : null;
        try
        {
            var received = await AuthorizeAsync(new Uri(options.StartUrl), callback ?? own!);
            return new BrowserResult { ResultType = BrowserResultType.Success, Response = received.ToString() };
        }
        catch (TimeoutException e)
        {
            return new BrowserResult { ResultType = BrowserResultType.Timeout, Error = e.Message };
        }
    }

    /// <summary>Opens an authorization URL, signs in if the login page shows, and returns the callback URL.</summary>
    public async Task<Uri> AuthorizeAsync(Uri startUrl, LoopbackCallback callback)
    {
        StartUrl = startUrl;
        var clock = Stopwatch.StartNew();
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB" });
        context.SetDefaultTimeout((float)step.TotalMilliseconds);
        var page = await context.NewPageAsync();
        page.FrameNavigated += (_, frame) =>
        {
            if (frame == page.MainFrame) evidence.Note($"[browser] at {evidence.Redactor.Text(frame.Url)}");
        };
        var navigation = page.GotoAsync(startUrl.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        var emailField = page.GetByLabel(settings.EmailLabel, new PageGetByLabelOptions { Exact = true });
        var arrived = callback.ReceivedAsync(step, () => Describe(page));
        var loginShown = emailField.WaitForAsync(new LocatorWaitForOptions { Timeout = (float)step.TotalMilliseconds });
        _ = loginShown.ContinueWith(t => t.Exception, TaskScheduler.Default);
        await navigation;
        if (await Task.WhenAny(arrived, loginShown) == loginShown && loginShown.IsCompletedSuccessfully)
        {
            await emailField.FillAsync(email);
            await page.GetByLabel(settings.PasswordLabel, new PageGetByLabelOptions { Exact = true }).FillAsync(password);
            await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = settings.SignInButton, Exact = true }).ClickAsync();
        }
        var received = await arrived;
        Elapsed = clock.Elapsed;
        // Let Chromium finish committing the loopback page before the context closes (closing mid-commit can hang).
        await Task.WhenAny(page.WaitForURLAsync(u => u.StartsWith(callback.RedirectUri.GetLeftPart(UriPartial.Path), StringComparison.Ordinal),
            new PageWaitForURLOptions { WaitUntil = WaitUntilState.Load }), Task.Delay(2_000));
        await Task.WhenAny(context.CloseAsync(), Task.Delay(3_000));
        return received;
    }

    private string Describe(IPage page)
    {
        try
        {
            return evidence.Redactor.Text(page.Url);
        }
        catch (PlaywrightException)
        {
            return "(the page could not be read)";
        }
    }
}
