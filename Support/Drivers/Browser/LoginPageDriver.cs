using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Acceptance.Support.Drivers.Browser;

/// <summary>The sign-in page (/login): labelled fields and a named button, located by role and label.</summary>
public sealed class LoginPageDriver(BrowserSession browser)
{
    private IPage Page => browser.Page;
    private ILocator Email => Page.GetByLabel("Email");
    private ILocator Password => Page.GetByLabel("Password");
    private ILocator SignInButton => Page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true });

    public async Task OpenAsync()
    {
        await Page.GotoAsync("/login");
        await Expect(SignInButton).ToBeVisibleAsync();
    }

    public async Task SignInAsync(string email, string password)
    {
        await OpenAsync();
        await Email.FillAsync(email);
        await Password.FillAsync(password);
        await SignInButton.ClickAsync();
    }

    public Task ExpectShownAsync() => Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login(\\?.*)?$"));
}
