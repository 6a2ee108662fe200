using Acceptance.ReferencePlatform.Tests.Support;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.Api;

[TestFixture]
public sealed class HealthAndCorsTests : DefaultPlatformFixture
{
    [TestCase("auth", "/health", "healthy")]
    [TestCase("auth", "/health/ready", "ready")]
    [TestCase("api", "/health", "healthy")]
    [TestCase("api", "/health/ready", "ready")]
    public async Task Health_answers_200_with_status_service_and_version(string origin, string path, string status)
    {
        var response = await Client.GetAsync(origin == "auth" ? Client.Auth(path) : Client.Api(path));
        Assert.That(response.Code, Is.EqualTo(200), response.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(response.Json.GetProperty("status").GetString(), Is.EqualTo(status));
            Assert.That(response.Json.GetProperty("service").GetString(), Is.EqualTo(origin));
            Assert.That(response.Json.GetProperty("version").GetString(), Is.Not.Empty);
        });
    }

    [Test]
    public async Task Api_health_needs_no_token_and_reports_its_checks()
    {
        var response = await Client.GetAsync(Client.Api("/api/health"));
        Assert.That(response.Code, Is.EqualTo(200), response.ToString());
        Assert.That(response.Json.GetProperty("status").GetString(), Is.EqualTo("healthy"));
        Assert.That(response.Json.GetProperty("checks").GetProperty("database").GetString(), Is.EqualTo("ok"));
        Assert.That(response.Json.GetProperty("checks").GetProperty("auth").GetString(), Is.EqualTo("ok"));
    }

    [TestCase("auth", "/auth/login")]
    [TestCase("api", "/api/threads")]
    public async Task A_preflight_from_the_app_origin_is_allowed_with_authorization_and_content_type(string origin, string path)
    {
        var appOrigin = Client.Platform.AppUrl.GetLeftPart(UriPartial.Authority);
        var response = await Preflight(origin == "auth" ? Client.Auth(path) : Client.Api(path), appOrigin);
        Assert.Multiple(() =>
        {
            Assert.That(response.Header("Access-Control-Allow-Origin"), Is.EqualTo(appOrigin), response.ToString());
            Assert.That(response.Header("Access-Control-Allow-Headers")!.ToLowerInvariant(), Does.Contain("authorization").And.Contain("content-type"));
        });
    }

    [TestCase("auth", "/auth/login")]
    [TestCase("api", "/api/threads")]
    public async Task A_preflight_from_another_origin_is_not_allowed(string origin, string path)
    {
        var response = await Preflight(origin == "auth" ? Client.Auth(path) : Client.Api(path), "http://evil.example.com");
        Assert.That(response.Header("Access-Control-Allow-Origin"), Is.Null, response.ToString());
    }

    [Test]
    public async Task A_simple_request_from_the_app_origin_gets_the_allow_origin_header()
    {
        var appOrigin = Client.Platform.AppUrl.GetLeftPart(UriPartial.Authority);
        var response = await Client.GetAsync(Client.Api("/api/health"), headers: new Dictionary<string, string> { ["Origin"] = appOrigin });
        Assert.That(response.Header("Access-Control-Allow-Origin"), Is.EqualTo(appOrigin));
    }

    private Task<ApiResponse> Preflight(Uri url, string origin) =>
        Client.SendAsync(HttpMethod.Options, url, null, headers: new Dictionary<string, string>
        {
            ["Origin"] = origin,
            ["Access-Control-Request-Method"] = "POST",
            ["Access-Control-Request-Headers"] = "authorization,content-type",
        });
}
