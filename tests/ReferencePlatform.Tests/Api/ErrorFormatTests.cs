using System.Text.Json;
using Acceptance.ReferencePlatform.Tests.Support;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.Api;

/// <summary>Bad input gets a 4xx in the error format, never a 500, and changes nothing.</summary>
[TestFixture]
public sealed class ErrorFormatTests
{
    private PlatformClient _client = null!;
    private SignedInUser _user = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _client = new PlatformClient(await Platforms.Default());
        _user = await _client.NewUserAsync("errors");
    }

    [OneTimeTearDown]
    public void Dispose() => _client.Dispose();

    public static IEnumerable<TestCaseData> BadBodies()
    {
        yield return new TestCaseData("/api/threads", """{"title": """, 400, "JSON_PARSE_ERROR").SetName("Malformed JSON for a thread is 400 JSON_PARSE_ERROR");
        yield return new TestCaseData("/api/threads", """{"title": 12}""", 422, "VALIDATION_ERROR").SetName("A numeric title is 422 VALIDATION_ERROR");
        yield return new TestCaseData("/api/threads", """["a"]""", 422, "VALIDATION_ERROR").SetName("A JSON array for a thread is 422 VALIDATION_ERROR");
        yield return new TestCaseData("/api/threads", "{\"title\":\"" + new string('t', 70_000) + "\"}", 413, "PAYLOAD_TOO_LARGE").SetName("A thread body over 64 KB is 413");
        yield return new TestCaseData("/api/agents/execute", """{"type":"cost_optimizer"}""", 422, "VALIDATION_ERROR").SetName("Executing without a message is 422");
        yield return new TestCaseData("/api/agents/execute", """{"message":"hi"}""", 422, "VALIDATION_ERROR").SetName("Executing without a type is 422");
        yield return new TestCaseData("/api/agents/execute", """{"type":"cost_optimizer","message":{"text":"hi"}}""", 422, "VALIDATION_ERROR").SetName("Executing with an object message is 422");
        yield return new TestCaseData("/api/agents/execute", "{not json", 400, "JSON_PARSE_ERROR").SetName("Executing with malformed JSON is 400");
        yield return new TestCaseData("/api/agents/execute", "{\"type\":\"cost_optimizer\",\"message\":\"" + new string('m', 66_000) + "\"}", 413, "PAYLOAD_TOO_LARGE").SetName("An execute body over 64 KB is 413");
    }

    [TestCaseSource(nameof(BadBodies))]
    public async Task Bad_bodies_are_refused_in_the_error_format(string path, string body, int status, string code)
    {
        var before = (await _client.GetAsync(_client.Api("/api/threads"), _user.AccessToken)).Json.GetProperty("total").GetInt32();

        var response = await _client.PostJsonAsync(_client.Api(path), body, _user.AccessToken);

        Assert.That(response.Code, Is.EqualTo(status), response.ToString());
        AssertErrorFormat(response, code);
        Assert.That(response.Body, Does.Not.Contain("   at "), "a stack trace leaked");
        var after = (await _client.GetAsync(_client.Api("/api/threads"), _user.AccessToken)).Json.GetProperty("total").GetInt32();
        Assert.That(after, Is.EqualTo(before), "a refused request created a thread");
    }

    [Test]
    public async Task An_unauthenticated_call_is_401_in_the_error_format_with_WWW_Authenticate()
    {
        var response = await _client.GetAsync(_client.Api("/api/threads"));
        Assert.That(response.Code, Is.EqualTo(401));
        Assert.That(response.Header("WWW-Authenticate"), Does.StartWith("Bearer"));
        AssertErrorFormat(response, "UNAUTHORIZED");
    }

    [Test]
    public async Task Every_response_carries_X_Request_ID()
    {
        var responses = new[]
        {
            await _client.GetAsync(_client.Api("/health")),
            await _client.GetAsync(_client.Api("/api/threads")),
            await _client.GetAsync(_client.Api("/api/threads"), _user.AccessToken),
            await _client.GetAsync(_client.Api("/api/nothing-here"), _user.AccessToken),
            await _client.PostJsonAsync(_client.Api("/api/threads"), "{", _user.AccessToken),
            await _client.GetAsync(_client.Auth("/auth/config")),
        };
        foreach (var response in responses)
        {
            Assert.That(response.Header("X-Request-ID"), Is.Not.Null.And.Not.Empty, response.ToString());
        }
    }

    [Test]
    public async Task The_request_id_is_echoed_and_named_in_the_error()
    {
        var response = await _client.GetAsync(_client.Api("/api/threads"), headers: new Dictionary<string, string> { ["X-Request-ID"] = "trace-123" });
        Assert.That(response.Header("X-Request-ID"), Is.EqualTo("trace-123"));
        Assert.That(response.Json.GetProperty("request_id").GetString(), Is.EqualTo("trace-123"));
    }

    [Test]
    public async Task An_unknown_api_route_is_404_in_the_error_format()
    {
        var response = await _client.GetAsync(_client.Api("/api/nothing-here"), _user.AccessToken);
        Assert.That(response.Code, Is.EqualTo(404));
        AssertErrorFormat(response, "NOT_FOUND");
    }

    [Test]
    public async Task Executing_the_agent_returns_its_answer()
    {
        var response = await _client.PostJsonAsync(_client.Api("/api/agents/execute"),
            new { type = "cost_optimizer", message = "Our S3 storage costs $4,000 a month" }, _user.AccessToken);
        Assert.That(response.Code, Is.EqualTo(200), response.ToString());
        var body = response.Json;
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("success"));
            Assert.That(body.GetProperty("agent").GetString(), Is.EqualTo("cost_optimizer"));
            Assert.That(body.GetProperty("response").GetString(), Does.Contain("$4,000").And.Contain("storage"));
            Assert.That(body.GetProperty("run_id").GetString(), Is.Not.Empty);
            Assert.That(body.GetProperty("execution_time").ValueKind, Is.EqualTo(JsonValueKind.Number));
        });
    }

    [Test]
    public async Task Executing_a_message_the_agent_cannot_handle_reports_an_error()
    {
        var response = await _client.PostJsonAsync(_client.Api("/api/agents/execute"),
            new { type = "cost_optimizer", message = "please FORCE_ERROR now" }, _user.AccessToken);
        Assert.That(response.Code, Is.EqualTo(200), response.ToString());
        Assert.That(response.Json.GetProperty("status").GetString(), Is.EqualTo("error"));
        Assert.That(response.Json.GetProperty("agent").GetString(), Is.EqualTo("cost_optimizer"));
        Assert.That(response.Json.GetProperty("error").GetString(), Is.Not.Empty);
    }

    public static void AssertErrorFormat(ApiResponse response, string code)
    {
        var body = response.Json;
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("error").GetBoolean(), Is.True, response.ToString());
            Assert.That(body.GetProperty("error_code").GetString(), Is.EqualTo(code), response.ToString());
            Assert.That(body.GetProperty("message").GetString(), Is.Not.Empty, response.ToString());
            Assert.That(body.GetProperty("request_id").GetString(), Is.EqualTo(response.Header("X-Request-ID")), response.ToString());
        });
    }
}
