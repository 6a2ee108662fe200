using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using NUnit.Framework;
using static Microsoft.Playwright.Assertions;

namespace Acceptance.ReferencePlatform.Tests.WebApp;

/// <summary>axe-core on both pages, in the states a user sees; also saves the screenshots for review.</summary>
[TestFixture]
public sealed class AccessibilityTests : WebAppTest
{
    private static readonly string[] BlockingImpacts = ["serious", "critical"];

    [Test]
    public async Task The_sign_in_page_has_no_serious_or_critical_axe_violations()
    {
        await Page.GotoAsync($"{AppUrl}/login");
        await EmailField.FillAsync(AliceEmail);
        await PasswordField.FillAsync("not-the-password");
        await SignInButton.ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Invalid credentials");

        await AssertNoBlockingViolationsAsync();
        await SaveScreenshotAsync("webapp-login.png");
    }

    [Test]
    public async Task The_chat_page_has_no_serious_or_critical_axe_violations()
    {
        await SignInAsAliceAsync();
        await AskAsync(GpuQuestion);
        await Expect(ResponseCards.Last).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("tool-status")).ToBeVisibleAsync();

        await AssertNoBlockingViolationsAsync();
        await SaveScreenshotAsync("webapp-chat.png");
    }

    [Test]
    public async Task The_chat_can_be_used_from_the_keyboard_alone()
    {
        await SignInAsAliceAsync();

        // The first Tab lands on the skip link, which moves focus to the message box.
        await Page.Keyboard.PressAsync("Tab");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Skip to the message box" })).ToBeFocusedAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Expect(MessageBox).ToBeFocusedAsync();
        await Page.Keyboard.TypeAsync(GpuQuestion);
        await Page.Keyboard.PressAsync("Enter");
        await Expect(ResponseCards).ToHaveCountAsync(1);

        await SignOutButton.FocusAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page).ToHaveURLAsync(LoginUrl);
    }

    private async Task AssertNoBlockingViolationsAsync()
    {
        AxeResult result = await Page.RunAxe();
        var blocking = result.Violations.Where(v => BlockingImpacts.Contains(v.Impact)).ToList();
        var report = string.Join("\n", blocking.Select(v =>
            $"{v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}"));
        var others = string.Join("\n", result.Violations.Except(blocking).Select(v => $"{v.Impact} {v.Id}: {v.Help}"));
        if (others.Length > 0) TestContext.Out.WriteLine($"Minor axe findings:\n{others}");
        Assert.That(blocking, Is.Empty, $"axe found serious or critical violations on {Page.Url}:\n{report}");
    }

    private async Task SaveScreenshotAsync(string fileName)
    {
        var path = Path.Combine(WebAppSetUp.ArtifactsDirectory, fileName);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        TestContext.AddTestAttachment(path);
    }
}
