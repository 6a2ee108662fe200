using System.Text.Json;
using Acceptance.ReferencePlatform.Tests.Support;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.BadInput;

/// <summary>
/// Bad input never gets a 5xx: every REST route of the auth and api origins, as mapped, times every way to get a
/// request wrong (BadRequests), each answered with the contract's status in the origin's error format, no stack trace.
/// </summary>
[TestFixture]
public sealed class RestBadInputTests : DefaultPlatformFixture
{
    // A fresh connection for every request: some malformations (a body the route never reads, over the size limit)
    // make the server close the connection after its answer, as HTTP allows; a pooled connection handed to the next
    // test before the close arrives made that test fail with "the response ended prematurely" (seen in CI).
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.Zero })
    {
        Timeout = TimeSpan.FromSeconds(15),
    };

    [OneTimeTearDown]
    public void DisposeHttp() => _http.Dispose();

    public static IEnumerable<TestCaseData> Table()
    {
        var routes = BadRequests.Routes;
        foreach (var route in routes)
        {
            var methods = routes.Where(r => r.Origin == route.Origin && r.Pattern == route.Pattern).Select(r => r.Method).ToList();
            var name = $"{route.Origin} {route.Method} {route.Pattern.Replace('{', '[').Replace('}', ']')}";
            foreach (var bad in BadRequests.Bodies(route).Concat(BadRequests.AuthorizationHeaders(route)).Concat(BadRequests.Others(route, methods)))
            {
                if (IsProviderRoute(route)) continue;
                yield return new TestCaseData(route, bad).SetName($"{name} with {bad.Name}");
            }
        }
    }

    /// <summary>
    /// The OpenID Connect provider's routes (/connect/*) speak OAuth 2.0 and OpenID Connect, not the platform's
    /// error format: the same malformed requests get the protocol's error (the login page's form post: the auth
    /// origin's {"detail"}), never a 5xx. The
    /// provider's own table of malformed protocol requests is Oidc/MalformedRequestTests.
    /// </summary>
    public static IEnumerable<TestCaseData> ProviderTable()
    {
        var routes = BadRequests.Routes;
        foreach (var route in routes.Where(IsProviderRoute))
        {
            var methods = routes.Where(r => r.Origin == route.Origin && r.Pattern == route.Pattern).Select(r => r.Method).ToList();
            var name = $"{route.Origin} {route.Method} {route.Pattern}";
            foreach (var bad in BadRequests.Bodies(route).Concat(BadRequests.AuthorizationHeaders(route)).Concat(BadRequests.Others(route, methods)))
            {
                yield return new TestCaseData(route, bad).SetName($"{name} with {bad.Name}");
            }
        }
    }

    private static bool IsProviderRoute(PlatformRoute route) => route.Pattern.StartsWith("/connect/", StringComparison.Ordinal);

    [TestCaseSource(nameof(ProviderTable))]
    public async Task A_provider_route_answers_with_the_protocols_error_and_never_a_5xx(PlatformRoute route, Malformation bad)
    {
        var draft = await DraftAsync(route);
        bad.Apply(draft);
        var response = await SendAsync(route, draft);
        Assert.Multiple(() =>
        {
            Assert.That(response.Code, Is.LessThan(500), $"a 5xx for bad input: {response}");
            Assert.That(response.Body, Does.Not.Contain("   at ").And.Not.Contain("Exception"), $"a stack trace leaked: {response}");
            if (response.Code >= 400 && response.Code != 405 && route.Pattern == "/connect/login")
            {
                // The login page's form post is the platform's own handler: to a browser (a form, or no body type)
                // the page again with its alert saying what went wrong; otherwise the auth origin's error format.
                if (response.Body.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase))
                    Assert.That(response.Body, Does.Match("role=\"alert\"[^>]*>[^<]*\\w"), $"the login page names no problem: {response}");
                else
                    AssertErrorFormat(route.Origin, response, null);
            }
            else if (response.Code >= 400 && response.Code != 405)
            {
                Assert.That(response.Body, Does.Match(@"(error[:=]|""error""\s*:)\s*""?[a-z_]+"), $"not an OAuth or OpenID Connect error: {response}");
            }
        });
    }

    [TestCaseSource(nameof(Table))]
    public async Task Is_answered_as_the_contract_says_and_never_with_a_5xx(PlatformRoute route, Malformation bad)
    {
        var draft = await DraftAsync(route);
        bad.Apply(draft);
        var (status, code) = bad.Expected switch
        {
            Expected.ParseError => (400, "JSON_PARSE_ERROR"),
            Expected.TooLarge => (413, "PAYLOAD_TOO_LARGE"),
            Expected.NotJson => (415, "UNSUPPORTED_MEDIA_TYPE"),
            Expected.Invalid => (422, "VALIDATION_ERROR"),
            Expected.Unauthorized => (401, "UNAUTHORIZED"),
            Expected.NotFound => (404, null),
            Expected.MethodNotAllowed => (405, "METHOD_NOT_ALLOWED"),
            Expected.RefusedByServer => (400, null),
            _ => await BaselineAsync(route),
        };

        var response = await SendAsync(route, draft);

        Assert.Multiple(() =>
        {
            Assert.That(response.Code, Is.LessThan(500), $"a 5xx for bad input: {response}");
            Assert.That(response.Body, Does.Not.Contain("   at ").And.Not.Contain("Exception"), $"a stack trace leaked: {response}");
            Assert.That(response.Code, Is.EqualTo(status), $"{bad.Expected}: {response}");
        });
        if (response.Code >= 400 && bad.Expected != Expected.RefusedByServer)
        {
            AssertErrorFormat(route.Origin, response, code);
        }
        if (bad.Expected == Expected.Unauthorized)
        {
            Assert.That(response.Header("WWW-Authenticate"), Does.StartWith("Bearer"), response.ToString());
        }
    }

    /// <summary>A well-formed request to the route for a brand-new user (so no case sees another's state or rate limit).</summary>
    private async Task<RequestDraft> DraftAsync(PlatformRoute route)
    {
        var user = await Client.NewUserAsync("bad-input");
        var threadId = route.Pattern.Contains("{id}", StringComparison.Ordinal) ? await Client.CreateThreadAsync(user) : "none";
        var draft = new RequestDraft
        {
            Route = route,
            User = user,
            Method = new HttpMethod(route.Method),
            Path = BadRequests.Fill(route.Pattern, threadId),
            Authorization = BadRequests.NeedsToken(route) ? $"Bearer {user.AccessToken}" : null,
        };
        if (BadRequests.ReadsJson(route))
        {
            draft.JsonText("{}");
        }
        if (route.Origin == "auth")
        {
            draft.Headers[ReferencePlatform.Auth.AuthApi.E2EBypassHeader] = Platforms.E2EKey;
        }
        return draft;
    }

    /// <summary>What the well-formed request gets (its status and, for an api error, its code).</summary>
    private async Task<(int Status, string? Code)> BaselineAsync(PlatformRoute route)
    {
        var response = await SendAsync(route, await DraftAsync(route));
        Assert.That(response.Code, Is.LessThan(500), $"the well-formed request got a 5xx: {response}");
        var code = route.Origin == "api" && response.Code >= 400 && TryJson(response.Body) is { ValueKind: JsonValueKind.Object } body
            && body.TryGetProperty("error_code", out var c) ? c.GetString() : null;
        return (response.Code, code);
    }

    private async Task<ApiResponse> SendAsync(PlatformRoute route, RequestDraft draft)
    {
        var origin = route.Origin == "auth" ? Client.Platform.AuthUrl : Client.Platform.ApiUrl;
        using var request = draft.ToRequest(origin);
        var response = await _http.SendAsync(request);
        return new ApiResponse(response.StatusCode, response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The api's {error, error_code, message, request_id}; the auth service's {"detail"} and nothing else.</summary>
    public static void AssertErrorFormat(string origin, ApiResponse response, string? code)
    {
        var body = TryJson(response.Body);
        Assert.That(body?.ValueKind, Is.EqualTo(JsonValueKind.Object), $"the error is not a JSON object: {response}");
        var error = body!.Value;
        if (origin == "auth")
        {
            Assert.Multiple(() =>
            {
                Assert.That(error.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "detail" }), response.ToString());
                Assert.That(error.GetProperty("detail").ValueKind, Is.EqualTo(JsonValueKind.String), response.ToString());
                Assert.That(error.GetProperty("detail").GetString(), Is.Not.Empty, response.ToString());
            });
            return;
        }
        Assert.Multiple(() =>
        {
            Assert.That(error.TryGetProperty("error", out var flag) && flag.ValueKind == JsonValueKind.True, Is.True, $"error is not true: {response}");
            Assert.That(error.TryGetProperty("error_code", out var errorCode) ? errorCode.GetString() : null,
                code is null ? Is.Not.Empty : Is.EqualTo(code), response.ToString());
            Assert.That(error.TryGetProperty("message", out var message) ? message.GetString() : null, Is.Not.Empty, response.ToString());
            Assert.That(error.TryGetProperty("request_id", out var id) ? id.GetString() : null,
                Is.EqualTo(response.Header("X-Request-ID")).And.Not.Empty, response.ToString());
        });
    }

    private static JsonElement? TryJson(string text)
    {
        try
        {
            return JsonDocument.Parse(text).RootElement;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
