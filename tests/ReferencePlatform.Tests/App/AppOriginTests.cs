using Acceptance.ReferencePlatform.Tests.Support;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.App;

[TestFixture]
public sealed class AppOriginTests : DefaultPlatformFixture
{
    [Test]
    public async Task The_root_redirects_to_the_login_page()
    {
        var response = await Client.GetAsync(Client.App("/"));
        Assert.That(response.Code, Is.EqualTo(302), response.ToString());
        Assert.That(response.Message.Headers.Location?.ToString(), Is.EqualTo("/login"));
    }

    [TestCase("/login")]
    [TestCase("/chat")]
    public async Task Extensionless_pages_are_served_as_html(string path)
    {
        var response = await Client.GetAsync(Client.App(path));
        Assert.That(response.Code, Is.EqualTo(200), response.ToString());
        Assert.That(response.Header("Content-Type"), Does.StartWith("text/html"));
        Assert.That(response.Body, Does.Contain("config.js"));
    }

    [Test]
    public async Task Config_js_names_the_bound_urls()
    {
        var response = await Client.GetAsync(Client.App("/config.js"));
        var platform = Client.Platform;
        Assert.That(response.Code, Is.EqualTo(200), response.ToString());
        Assert.That(response.Body, Does.StartWith("window.PLATFORM_CONFIG = {"));
        Assert.That(response.Body, Does.Contain($"\"authUrl\":\"{platform.AuthUrl.ToString().TrimEnd('/')}\""));
        Assert.That(response.Body, Does.Contain($"\"apiUrl\":\"{platform.ApiUrl.ToString().TrimEnd('/')}\""));
        Assert.That(response.Body, Does.Contain($"\"wsUrl\":\"{platform.WebSocketUrl}\""));
        Assert.That(response.Body, Does.Contain("\"developmentMode\":true"));
        Assert.That(platform.WebSocketUrl.ToString(), Does.StartWith("ws://127.0.0.1:").And.EndWith("/api/v1/websocket"));
    }

    [Test]
    public async Task An_unknown_page_is_404()
    {
        var response = await Client.GetAsync(Client.App("/nowhere"));
        Assert.That(response.Code, Is.EqualTo(404));
    }
}
