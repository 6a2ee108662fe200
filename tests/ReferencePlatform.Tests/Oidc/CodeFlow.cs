using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Acceptance.ReferencePlatform.Tests.Support;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.Oidc;

/// <summary>The answer of the provider's token endpoint, read whole.</summary>
public sealed record TokenAnswer(int Status, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? Field(string name) =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public string AccessToken => Field("access_token") ?? throw new AssertionException($"no access_token: {Redacted}");
    public string RefreshToken => Field("refresh_token") ?? throw new AssertionException($"no refresh_token: {Redacted}");
    public string IdToken => Field("id_token") ?? throw new AssertionException($"no id_token: {Redacted}");
    public string? Error => Field("error");

    /// <summary>The status and the field names only: tokens never go into a failure message.</summary>
    public string Redacted => $"{Status} {(Body.StartsWith('{') ? string.Join(",", Json.EnumerateObject().Select(p => p.Name == "error" ? $"error={p.Value}" : p.Name)) : Body)}";
}

/// <summary>
/// Authorization code + PKCE over plain HTTP, as a browser would do it (cookies, no automatic redirects), so a
/// test can take any step by itself and look at what came back.
/// </summary>
public sealed class CodeFlow(PlatformHost platform) : IDisposable
{
    public const string Cli = "acceptance-cli";
    public const string Web = "chat-web";
    public const string Scopes = "openid profile email offline_access chat";
    public static readonly (string Email, string Password) Alice = ("alice@example.com", "correct-horse-alice");

    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
    {
        // The provider's first request builds OpenIddict's pipeline: seconds on a loaded machine.
        Timeout = TimeSpan.FromSeconds(30),
    };

    public string CliRedirect { get; } = $"http://127.0.0.1:{Random.Shared.Next(20000, 60000)}/callback";

    public string WebRedirect => new Uri(platform.AppUrl, "/auth/callback").ToString();

    public Uri Auth(string path) => new(platform.AuthUrl, path);

    public static (string Verifier, string Challenge) NewPkce()
    {
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public static Dictionary<string, string> AuthorizeParameters(string clientId, string redirectUri, string? challenge, string? method = "S256",
        string nonce = "n-0S6_WzA2Mj", string scope = Scopes)
    {
        var parameters = new Dictionary<string, string>
        {
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["response_type"] = "code",
            ["scope"] = scope,
            ["state"] = "st-" + Guid.NewGuid().ToString("N")[..8],
            ["nonce"] = nonce,
        };
        if (challenge is not null)
        {
            parameters["code_challenge"] = challenge;
        }
        if (method is not null && challenge is not null)
        {
            parameters["code_challenge_method"] = method;
        }
        return parameters;
    }

    public Uri AuthorizeUrl(IDictionary<string, string> parameters) =>
        new(platform.AuthUrl, "/connect/authorize?" + string.Join("&", parameters.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")));

    public Task<HttpResponseMessage> GetAsync(Uri url) => _http.GetAsync(url);

    /// <summary>Signs in on the provider's login page and follows the provider back to the client's redirect URI.</summary>
    public async Task<Uri> SignInAsync(IDictionary<string, string> parameters, string email, string password)
    {
        var authorize = await _http.GetAsync(AuthorizeUrl(parameters));
        var login = authorize.Headers.Location;
        Assert.That(authorize.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"authorize without a session: {(int)authorize.StatusCode} {await authorize.Content.ReadAsStringAsync()}");
        Assert.That(login!.AbsolutePath, Is.EqualTo("/connect/login"), "authorize sent the user elsewhere than the login page");
        var returnUrl = System.Web.HttpUtility.ParseQueryString(login.Query)["return_url"]!;
        var posted = await _http.PostAsync(Auth("/connect/login"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email, ["password"] = password, ["return_url"] = returnUrl,
        }));
        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"login: {(int)posted.StatusCode}");
        var back = await _http.GetAsync(new Uri(platform.AuthUrl, posted.Headers.Location!));
        Assert.That(back.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"authorize after login: {(int)back.StatusCode} {await back.Content.ReadAsStringAsync()}");
        return back.Headers.Location!;
    }

    public async Task<string> CodeAsync(IDictionary<string, string> parameters, (string Email, string Password)? user = null)
    {
        var (email, password) = user ?? Alice;
        var callback = await SignInAsync(parameters, email, password);
        var query = System.Web.HttpUtility.ParseQueryString(callback.Query);
        Assert.That(query["code"], Is.Not.Null, $"no code in the callback (error={query["error"]})");
        Assert.That(query["state"], Is.EqualTo(parameters["state"]), "state not echoed");
        return query["code"]!;
    }

    public Task<TokenAnswer> RedeemAsync(string clientId, string code, string? verifier, string redirectUri)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = clientId, ["code"] = code, ["redirect_uri"] = redirectUri,
        };
        if (verifier is not null)
        {
            form["code_verifier"] = verifier;
        }
        return TokenAsync(form);
    }

    public Task<TokenAnswer> RefreshAsync(string clientId, string refreshToken) =>
        TokenAsync(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["client_id"] = clientId, ["refresh_token"] = refreshToken });

    public async Task<TokenAnswer> TokenAsync(IDictionary<string, string> form)
    {
        var response = await _http.PostAsync(Auth("/connect/token"), new FormUrlEncodedContent(form));
        return new TokenAnswer((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A whole sign-in of Alice through the native client: the token endpoint's answer.</summary>
    public async Task<TokenAnswer> SignInAliceAsync(string nonce = "n-0S6_WzA2Mj")
    {
        var (verifier, challenge) = NewPkce();
        var code = await CodeAsync(AuthorizeParameters(Cli, CliRedirect, challenge, nonce: nonce));
        var tokens = await RedeemAsync(Cli, code, verifier, CliRedirect);
        Assert.That(tokens.Status, Is.EqualTo(200), $"redeeming the code: {tokens.Redacted}");
        return tokens;
    }

    public static JsonElement Payload(string jwt) => JsonDocument.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[1])).RootElement;

    public void Dispose() => _http.Dispose();
}
