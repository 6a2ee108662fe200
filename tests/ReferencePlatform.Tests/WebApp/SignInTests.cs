using Microsoft.Playwright;
using NUnit.Framework;
using static Microsoft.Playwright.Assertions;

namespace Acceptance.ReferencePlatform.Tests.WebApp;

[TestFixture]
public sealed class SignInTests : WebAppTest
{
    [Test]
    public async Task Signing_in_with_the_right_password_lands_on_the_chat_showing_the_users_email()
    {
        await SignInAsync(AliceEmail, AlicePassword);

        await Expect(Page).ToHaveURLAsync(ChatUrl);
        await Expect(Page.GetByRole(AriaRole.Main)).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("main-chat")).ToBeVisibleAsync();
        await Expect(UserEmail).ToHaveTextAsync(AliceEmail);
        await Expect(ConnectionStatus).ToHaveTextAsync("Connected");
    }

    [Test]
    public async Task A_wrong_password_shows_invalid_credentials_in_the_alert()
    {
        await SignInAsync(AliceEmail, "not-the-password");

        await Expect(Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Invalid credentials");
        await Expect(Page).ToHaveURLAsync(LoginUrl);
        await Expect(EmailField).ToHaveAttributeAsync("aria-invalid", "true");
    }

    [Test]
    public async Task Signing_in_with_empty_fields_asks_for_both_fields()
    {
        await Page.GotoAsync($"{AppUrl}/login");
        await SignInButton.ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("email and your password");
    }

    [Test]
    public async Task Repeated_failures_lock_the_account_with_a_clear_message()
    {
        var email = $"lockout-{Guid.NewGuid():N}@example.com";
        await Page.GotoAsync($"{AppUrl}/login");
        await EmailField.FillAsync(email);
        await PasswordField.FillAsync("wrong");
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await SignInButton.ClickAsync();
            await Expect(Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Invalid credentials");
            await Expect(SignInButton).ToBeEnabledAsync();
        }

        await SignInButton.ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("temporarily locked");
    }

    [Test]
    public async Task The_chat_without_a_session_goes_to_the_sign_in_page()
    {
        await Page.GotoAsync($"{AppUrl}/chat");

        await Expect(Page).ToHaveURLAsync(LoginUrl);
        await Expect(SignInButton).ToBeVisibleAsync();
    }

    [Test]
    public async Task Signing_out_returns_to_the_sign_in_page_and_closes_the_chat()
    {
        await SignInAsAliceAsync();
        var token = await Page.EvaluateAsync<string>("() => sessionStorage.getItem('access_token')");

        await SignOutButton.ClickAsync();

        await Expect(Page).ToHaveURLAsync(LoginUrl);
        await Page.GotoAsync($"{AppUrl}/chat");
        await Expect(Page).ToHaveURLAsync(LoginUrl);
        var me = await Page.APIRequest.GetAsync($"{WebAppSetUp.AuthUrl}/auth/me", new()
        {
            Headers = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" },
        });
        Assert.That(me.Status, Is.EqualTo(401), "the signed-out access token is revoked");
    }

    [Test]
    public async Task Development_mode_offers_a_quick_dev_sign_in()
    {
        await Page.GotoAsync($"{AppUrl}/login");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Dev sign-in" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(ChatUrl);
        await Expect(UserEmail).ToHaveTextAsync("dev@example.com");
    }

    [Test]
    public async Task A_session_revoked_elsewhere_sends_the_chat_back_to_the_sign_in_page()
    {
        await SignInAsAliceAsync();
        var token = await Page.EvaluateAsync<string>("() => sessionStorage.getItem('access_token')");

        var logout = await Page.APIRequest.PostAsync($"{WebAppSetUp.AuthUrl}/auth/logout", new()
        {
            Headers = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" },
        });
        Assert.That(logout.Status, Is.EqualTo(200));

        // The server closes the session's socket (1008); the page ends the session and explains why.
        await Expect(Page).ToHaveURLAsync(LoginUrl);
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your session has ended");
    }
}
