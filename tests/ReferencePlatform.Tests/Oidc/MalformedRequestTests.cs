using System.Text;
using Acceptance.ReferencePlatform.Tests.Support;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.Oidc;

/// <summary>Every malformed request to the provider gets the OAuth or OpenID Connect error, never a 5xx.</summary>
[TestFixture]
public sealed class MalformedRequestTests : DefaultPlatformFixture
{
    private const string Form = "application/x-www-form-urlencoded";

    public static IEnumerable<TestCaseData> Requests()
    {
        TestCaseData Case(string name, string method, string path, string? body = null, string? contentType = Form, string expected = "error") =>
            new TestCaseData(method, path, body, contentType, expected).SetName($"Malformed: {name}");

        yield return Case("authorize with no parameters", "GET", "/connect/authorize");
        yield return Case("authorize without response_type", "GET", "/connect/authorize?client_id=acceptance-cli&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcallback");
        yield return Case("authorize with response_type token", "GET", "/connect/authorize?client_id=acceptance-cli&response_type=token&scope=openid&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcallback&code_challenge=abcdefghijabcdefghijabcdefghijabcdefghij123&code_challenge_method=S256");
        yield return Case("authorize with a redirect URI that is not a URI", "GET", "/connect/authorize?client_id=acceptance-cli&response_type=code&scope=openid&redirect_uri=%%%");
        yield return Case("authorize with a huge state", "GET", "/connect/authorize?client_id=acceptance-cli&response_type=code&scope=openid&state=" + new string('s', 6000));
        yield return Case("authorize with a repeated client_id", "GET", "/connect/authorize?client_id=a&client_id=b&response_type=code");
        yield return Case("authorize POST with JSON", "POST", "/connect/authorize", "{\"client_id\":\"acceptance-cli\"}", "application/json");
        yield return Case("token with GET", "GET", "/connect/token");
        yield return Case("token with no body", "POST", "/connect/token", "", Form);
        yield return Case("token with JSON", "POST", "/connect/token", "{\"grant_type\":\"authorization_code\"}", "application/json");
        yield return Case("token without grant_type", "POST", "/connect/token", "client_id=acceptance-cli");
        yield return Case("token with an unknown grant_type", "POST", "/connect/token", "grant_type=magic&client_id=acceptance-cli");
        yield return Case("token with the password grant", "POST", "/connect/token", "grant_type=password&client_id=acceptance-cli&username=alice%40example.com&password=x");
        yield return Case("token with a garbage code", "POST", "/connect/token", "grant_type=authorization_code&client_id=acceptance-cli&code=garbage&code_verifier=x&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcallback");
        yield return Case("token without a code", "POST", "/connect/token", "grant_type=authorization_code&client_id=acceptance-cli&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcallback");
        yield return Case("token with a garbage refresh token", "POST", "/connect/token", "grant_type=refresh_token&client_id=acceptance-cli&refresh_token=a.b.c");
        yield return Case("token with a form that is not a form", "POST", "/connect/token", "%%%&&&==", Form);
        yield return Case("token with a JWT as the refresh token", "POST", "/connect/token", "grant_type=refresh_token&client_id=acceptance-cli&refresh_token=eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");
        // RFC 6750 3.1: a request without any token gets the challenge and no error code.
        yield return Case("userinfo without a token", "GET", "/connect/userinfo", expected: "Bearer");
        yield return Case("userinfo with a garbage token", "GET", "/connect/userinfo?access_token=garbage");
        yield return Case("end session with a garbage id_token_hint", "GET", "/connect/endsession?id_token_hint=garbage");
        yield return Case("end session with an unregistered post-logout URI", "GET", "/connect/endsession?post_logout_redirect_uri=https%3A%2F%2Fevil.example%2F");
        yield return Case("login with JSON", "POST", "/connect/login", "{\"email\":\"a\"}", "application/json", expected: "");
        yield return Case("login with empty fields", "POST", "/connect/login", "email=&password=", Form, expected: "role=\"alert\"");
        yield return Case("login with a foreign return_url", "POST", "/connect/login", "email=x%40example.com&password=y&return_url=https%3A%2F%2Fevil.example%2F", Form, expected: "role=\"alert\"");
    }

    [TestCaseSource(nameof(Requests))]
    public async Task A_malformed_request_gets_an_error_and_never_a_5xx(string method, string path, string? body, string? contentType, string expected)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(new HttpMethod(method), Client.Auth(path));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType!);
        }
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.InRange(400, 499), $"{method} {path}: {status} {text}");
            Assert.That(text + response.Headers.WwwAuthenticate, Does.Contain(expected), $"{method} {path}: {status} {text}");
            Assert.That(response.Headers.Location?.Host, Is.Not.EqualTo("evil.example"), "redirected to a foreign host");
        });
    }
}
