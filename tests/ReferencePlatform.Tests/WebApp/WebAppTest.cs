using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace Acceptance.ReferencePlatform.Tests.WebApp;

/// <summary>A fresh browser context and page per test, plus the few journeys every test shares.</summary>
public abstract class WebAppTest
{
    protected const string AliceEmail = "alice@example.com";
    protected const string AlicePassword = "correct-horse-alice";

    /// <summary>A question the reference agent answers with one tool step (cost_analyzer).</summary>
    protected const string GpuQuestion = "How can we cut a $12,000 monthly GPU bill?";

    private IBrowserContext? _context;

    protected IPage Page { get; private set; } = null!;

    protected static string AppUrl => WebAppSetUp.AppUrl;

    protected static Regex LoginUrl { get; } = new(@"/login$");
    protected static Regex ChatUrl { get; } = new(@"/chat$");

    [SetUp]
    public async Task OpenContextAsync()
    {
        _context = await WebAppSetUp.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        _context.SetDefaultTimeout(15_000);
        Page = await _context.NewPageAsync();
    }

    [TearDown]
    public async Task CloseContextAsync()
    {
        if (_context is null) return;
        if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed)
        {
            var path = Path.Combine(WebAppSetUp.ArtifactsDirectory, $"webapp-failure-{TestContext.CurrentContext.Test.Name}.png");
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
            TestContext.AddTestAttachment(path);
        }
        await _context.CloseAsync();
    }

    // --- Locators: roles and labels first, test ids where no accessible name is stable ---------

    protected ILocator EmailField => Page.GetByLabel("Email");
    protected ILocator PasswordField => Page.GetByLabel("Password");
    protected ILocator SignInButton => Page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true });
    protected ILocator MessageBox => Page.GetByRole(AriaRole.Textbox, new() { Name = "Message to the agent" });
    protected ILocator SendButton => Page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true });
    protected ILocator SignOutButton => Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" });
    protected ILocator NewConversationButton => Page.GetByRole(AriaRole.Button, new() { Name = "New conversation" });
    protected ILocator ConnectionStatus => Page.GetByTestId("connection-status");
    protected ILocator ThinkingIndicator => Page.GetByTestId("thinking-indicator");
    protected ILocator ToolStatus => Page.GetByTestId("tool-status");
    protected ILocator ResponseCards => Page.GetByTestId("response-card");
    protected ILocator ThreadList => Page.GetByRole(AriaRole.Navigation, new() { Name = "Conversations" }).GetByTestId("thread-list");
    protected ILocator UserEmail => Page.GetByTestId("user-email");

    // --- Journeys -------------------------------------------------------------------------------

    protected async Task SignInAsync(string email, string password)
    {
        await Page.GotoAsync($"{AppUrl}/login");
        await EmailField.FillAsync(email);
        await PasswordField.FillAsync(password);
        await SignInButton.ClickAsync();
    }

    /// <summary>Signs Alice in and waits until the chat is connected to the agent.</summary>
    protected async Task SignInAsAliceAsync()
    {
        await SignInAsync(AliceEmail, AlicePassword);
        await Assertions.Expect(Page).ToHaveURLAsync(ChatUrl);
        await Assertions.Expect(ConnectionStatus).ToHaveTextAsync("Connected");
    }

    /// <summary>Registers a user of its own for a test that counts conversations (Alice's are shared).</summary>
    protected async Task<(string Email, string Password)> RegisterUserAsync()
    {
        var email = $"webapp-{Guid.NewGuid():N}@example.com";
        const string password = "correct-horse-battery";
        var response = await Page.APIRequest.PostAsync($"{WebAppSetUp.AuthUrl}/auth/register", new()
        {
            DataObject = new { email, password, name = "Web App Tester" },
        });
        Assert.That(response.Status, Is.EqualTo(201), $"registering {email}: {await response.TextAsync()}");
        return (email, password);
    }

    protected async Task AskAsync(string question)
    {
        await MessageBox.FillAsync(question);
        await MessageBox.PressAsync("Enter");
    }
}
