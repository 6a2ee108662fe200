using Acceptance.Support.Drivers.Browser;
using Acceptance.Support.Platform;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Acceptance.Support.Oidc;

/// <summary>
/// The web app's "Sign in with the identity provider" (test id oidc-sign-in): from /login to the provider's login
/// page, and back through /auth/callback. Located by role and label, as a person would find them.
/// </summary>
public sealed class WebAppProviderSignIn(BrowserSession browser, PlatformUnderTest platform)
{
    private IPage Page => browser.Page;

    public async Task SignInAsync(string email, string password)
    {
        var settings = platform.Settings.Auth.Oidc;
        await Page.GotoAsync("/login");
        var button = Page.GetByRole(AriaRole.Button, new() { Name = "Sign in with the identity provider", Exact = true });
        await Expect(button).ToBeVisibleAsync();
        var loginPage = Page.Url;
        await button.ClickAsync();
        // The web app's own login page has an "Email" field too: wait until the browser has left it for the
        // provider's login page, or the first fill can land on the page being left (seen once in ten runs).
        // Only the address is polled: waiting for the next page's load event timed out once in a self-check run.
        // Within the browser step budget, as every other browser step (the assertion default is 5 s).
        await Expect(Page).Not.ToHaveURLAsync(loginPage, new() { Timeout = (float)platform.Budgets.BrowserStep.TotalMilliseconds });
        await Page.GetByLabel(settings.EmailLabel, new() { Exact = true }).FillAsync(email);
        await Page.GetByLabel(settings.PasswordLabel, new() { Exact = true }).FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = settings.SignInButton, Exact = true }).ClickAsync();
    }
}
