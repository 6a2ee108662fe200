using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.Support;

/// <summary>A response, read whole: status, headers and the JSON body (if it was JSON).</summary>
public sealed record ApiResponse(HttpStatusCode Status, HttpResponseMessage Message, string Body)
{
    public int Code => (int)Status;

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? Header(string name) =>
        Message.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : Message.Content.Headers.TryGetValues(name, out var content) ? string.Join(",", content) : null;

    public override string ToString() => $"{Code} {Body}";
}

/// <summary>A signed-in user as the tests see one.</summary>
public sealed record SignedInUser(string Id, string Email, string AccessToken, string RefreshToken);

/// <summary>Plain HttpClient calls against one platform, with a deadline on every call.</summary>
public sealed class PlatformClient(PlatformHost platform) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(10) };

    public PlatformHost Platform => platform;

    public Uri Auth(string path) => new(platform.AuthUrl, path);

    public Uri Api(string path) => new(platform.ApiUrl, path);

    public Uri App(string path) => new(platform.AppUrl, path);

    public Task<ApiResponse> GetAsync(Uri url, string? token = null, IDictionary<string, string>? headers = null) =>
        SendAsync(HttpMethod.Get, url, null, token, headers);

    public Task<ApiResponse> DeleteAsync(Uri url, string? token = null) => SendAsync(HttpMethod.Delete, url, null, token);

    public Task<ApiResponse> PostJsonAsync(Uri url, object? body, string? token = null, IDictionary<string, string>? headers = null) =>
        SendAsync(HttpMethod.Post, url, body is null ? null : body as string ?? JsonSerializer.Serialize(body), token, headers);

    public async Task<ApiResponse> SendAsync(HttpMethod method, Uri url, string? rawBody, string? token = null, IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (rawBody is not null)
        {
            request.Content = new StringContent(rawBody, Encoding.UTF8, "application/json");
        }
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        var response = await _http.SendAsync(request);
        return new ApiResponse(response.StatusCode, response, await response.Content.ReadAsStringAsync());
    }

    public async Task<SignedInUser> LoginAsync(string email, string password)
    {
        var response = await PostJsonAsync(Auth("/auth/login"), new { email, password });
        Assert.That(response.Code, Is.EqualTo(200), $"signing in {email}: {response}");
        return FromPair(response.Json);
    }

    /// <summary>A brand-new user through the e2e test-auth call (no password hashing, so quick).</summary>
    public async Task<SignedInUser> NewUserAsync(string prefix = "user")
    {
        var email = $"{prefix}-{Guid.NewGuid():N}@example.com";
        var response = await PostJsonAsync(Auth("/auth/e2e/test-auth"), new { email, name = prefix },
            headers: new Dictionary<string, string> { ["X-E2E-Bypass-Key"] = Platforms.E2EKey });
        Assert.That(response.Code, Is.EqualTo(200), $"creating a test user: {response}");
        return FromPair(response.Json);
    }

    public async Task<string> CreateThreadAsync(SignedInUser user, string title = "A thread")
    {
        var response = await PostJsonAsync(Api("/api/threads"), new { title }, user.AccessToken);
        Assert.That(response.Code, Is.EqualTo(201), $"creating a thread: {response}");
        return response.Json.GetProperty("id").GetString()!;
    }

    public async Task<JsonElement[]> MessagesAsync(SignedInUser user, string threadId)
    {
        var response = await GetAsync(Api($"/api/threads/{threadId}/messages"), user.AccessToken);
        Assert.That(response.Code, Is.EqualTo(200), $"reading thread {threadId}: {response}");
        return response.Json.GetProperty("messages").EnumerateArray().ToArray();
    }

    public static SignedInUser FromPair(JsonElement pair) => new(
        pair.GetProperty("user").GetProperty("id").GetString()!,
        pair.GetProperty("user").GetProperty("email").GetString()!,
        pair.GetProperty("access_token").GetString()!,
        pair.GetProperty("refresh_token").GetString()!);

    public void Dispose() => _http.Dispose();
}
