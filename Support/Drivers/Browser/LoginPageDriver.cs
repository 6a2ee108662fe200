using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Acceptance.Support.Drivers.Browser;

/// <summary>
/// The sign-in page (/login): labelled fields and a named button, located by role and label as a person reads them
/// (any case; "Sign in" alone, not another button that starts with it, such as signing in with an identity provider).
/// </summary>
public sealed class LoginPageDriver(BrowserSession browser)
{
    private static readonly Regex EmailLabel = new(@"^\W*e-?mail", RegexOptions.IgnoreCase);
    private static readonly Regex PasswordLabel = new(@"^\W*password", RegexOptions.IgnoreCase);
    private static readonly Regex SignInName = new(@"^\W*sign[ -]?in\W*$", RegexOptions.IgnoreCase);

    private IPage Page => browser.Page;
    private ILocator Email => Page.GetByLabel(EmailLabel);
    private ILocator Password => Page.GetByLabel(PasswordLabel);
    private ILocator SignInButton => Page.GetByRole(AriaRole.Button, new() { NameRegex = SignInName });

    public async Task OpenAsync()
    {
        await Page.GotoAsync("/login");
        await Expect(SignInButton).ToBeVisibleAsync();
    }

    public async Task SignInAsync(string email, string password)
    {
        await OpenAsync();
        await Expect(Email).ToBeVisibleAsync();
        await Email.FillAsync(email);
        await Expect(Password).ToBeVisibleAsync();
        await Password.FillAsync(password);
        await SignInButton.ClickAsync();
    }

    /// <summary>On /login with its sign-in button in view.</summary>
    public async Task ExpectShownAsync()
    {
        await Expect(Page).ToHaveURLAsync(new Regex("/login(\\?.*)?$"));
        await Expect(SignInButton).ToBeVisibleAsync();
    }
}
