using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Acceptance.Support.Configuration;
using Acceptance.Support.Tokens;

namespace Acceptance.Support.Preflight;

/// <summary>
/// Before the first scenario: every configured origin is healthy, the auth strategy gets a token that
/// `/auth/me` accepts, and the agent channel completes a handshake with that token and sends its first frame.
/// The first check that fails ends the pre-flight with one diagnosis naming the setting, the URL and what came
/// back. Each check has its own deadline; only an origin that answers 503 (still starting) is waited for longer.
/// Plain HttpClient and ClientWebSocket, no Reqnroll: it runs before any scenario and is tested on its own.
/// </summary>
public sealed partial class PreflightCheck(PreflightPlan plan, Action<string> progress)
{
    private static readonly string[] HealthyStates = ["healthy", "ok", "ready"];
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(2);

    private readonly Stopwatch _clock = new();
    private readonly List<string> _checks = new();
    private TimeSpan _waitedForStartup;

    private sealed record OriginCheck(string Name, Uri Url, string Setting, bool ReportsStatus);

    private sealed record Probe(int? Status, string Body, string? TransportError, bool TimedOut, bool Refused)
    {
        public string? Field(string name)
        {
            try
            {
                using var document = JsonDocument.Parse(Body);
                return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var value)
                    ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.ToString()
                    : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    private sealed class PreflightFailure(string diagnosis) : Exception(diagnosis);

    public async Task<PreflightReport> RunAsync()
    {
        _clock.Restart();
        using var http = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = plan.CheckDeadline,
            PooledConnectionLifetime = TimeSpan.FromSeconds(30),
            AllowAutoRedirect = false,
        }) { Timeout = Timeout.InfiniteTimeSpan };
        try
        {
            await AllHealthyAsync(http);
            var token = await GetTokenAsync(http);
            await CheckProfileAsync(http, token);
            await CheckAgentChannelAsync(token);
            return new PreflightReport(true, null, _clock.Elapsed, _waitedForStartup, _checks.ToList());
        }
        catch (PreflightFailure failure)
        {
            return new PreflightReport(false, Scrub(failure.Message), _clock.Elapsed, _waitedForStartup, _checks.ToList());
        }
    }

    /// <summary>The origins are checked at once; the first that fails ends the wait for the others.</summary>
    private async Task AllHealthyAsync(HttpClient http)
    {
        using var abandon = new CancellationTokenSource();
        var pending = Origins().Select(origin => WaitUntilHealthyAsync(http, origin, abandon.Token)).ToList();
        try
        {
            while (pending.Count > 0)
            {
                var finished = await Task.WhenAny(pending);
                pending.Remove(finished);
                await finished;
            }
        }
        finally
        {
            await abandon.CancelAsync();
            try
            {
                await Task.WhenAll(pending);
            }
            catch (Exception exception) when (exception is PreflightFailure or OperationCanceledException)
            {
                // Abandoned after another origin failed: that failure is the diagnosis.
            }
        }
    }

    private IEnumerable<OriginCheck> Origins()
    {
        yield return new OriginCheck("identity service", new Uri(plan.Endpoints.Auth, "health"), "Endpoints:Auth", true);
        yield return new OriginCheck("backend", new Uri(plan.Endpoints.Api, "health"), "Endpoints:Api", true);
        if (plan.Endpoints.App is { } app) yield return new OriginCheck("web app", new Uri(app, "login"), "Endpoints:App", false);
    }

    // 1. Health. 503 means "still starting": waited for up to StartupWait, with progress. A refused connection is
    //    retried briefly (a port about to open); anything else fails at once.
    private async Task WaitUntilHealthyAsync(HttpClient http, OriginCheck origin, CancellationToken abandon)
    {
        var started = _clock.Elapsed;
        TimeSpan? firstRefusal = null;
        TimeSpan? lastProgress = null;
        var waited = false;
        while (true)
        {
            abandon.ThrowIfCancellationRequested();
            var probe = await SendAsync(http, new HttpRequestMessage(HttpMethod.Get, origin.Url), abandon);
            if (probe.Status == 200 && (!origin.ReportsStatus || HealthyStates.Contains(probe.Field("status") ?? "", StringComparer.OrdinalIgnoreCase)))
            {
                var took = _clock.Elapsed - started;
                lock (_checks)
                {
                    _checks.Add($"{origin.Name} healthy ({took.TotalMilliseconds:0} ms{(waited ? " after waiting for it to start" : "")})");
                    if (waited && took > _waitedForStartup) _waitedForStartup = took;
                }
                return;
            }

            var elapsed = _clock.Elapsed;
            if (probe.Status == 503)
            {
                waited = true;
                if (elapsed >= plan.StartupWait)
                    throw new PreflightFailure(
                        $"{origin.Name} {origin.Url} still answered {Describe(probe)} after waiting {plan.StartupWait.TotalSeconds:0.#} s for the platform to start " +
                        $"(setting {origin.Setting}; the wait is Preflight:StartupWaitSeconds)");
                if (lastProgress is null || elapsed - lastProgress.Value >= ProgressInterval)
                {
                    progress($"Pre-flight: waiting for the {origin.Name} to start: {origin.Url} answers {Describe(probe)} " +
                             $"({elapsed.TotalSeconds:0.0} s of at most {plan.StartupWait.TotalSeconds:0.#} s)");
                    lastProgress = elapsed;
                }
                await Task.Delay(PollInterval, abandon);
                continue;
            }

            if (probe.Refused)
            {
                firstRefusal ??= elapsed;
                if (elapsed - firstRefusal.Value < plan.UnreachableRetry)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250), abandon);
                    continue;
                }
                throw new PreflightFailure(
                    $"{origin.Name} {origin.Url} is unreachable: {probe.TransportError} (retried for {plan.UnreachableRetry.TotalSeconds:0.#} s; setting {origin.Setting})");
            }

            if (probe.Status is null)
                throw new PreflightFailure($"{origin.Name} {origin.Url} {DescribeFailure(probe)} (setting {origin.Setting})");
            throw new PreflightFailure(
                $"{origin.Name} {origin.Url} answered {Describe(probe)}, not a healthy 200 (setting {origin.Setting})");
        }
    }

    // 2. A token by the environment's auth strategy, for the configured user.
    private async Task<string> GetTokenAsync(HttpClient http)
    {
        var user = plan.User;
        var strategy = plan.Strategy;
        var forUser = $"for the configured user {user.Name} ({user.Setting})";
        if (user.Email is null && strategy != AuthStrategies.Dev)
            throw new PreflightFailure($"auth strategy '{strategy}' has no configured user: {user.Setting}:Email is not set (setting Preflight:Persona)");

        var started = _clock.Elapsed;
        string token;
        switch (strategy)
        {
            case AuthStrategies.Dev:
                token = await SignInAsync(http, "auth/dev/login", new { }, null, $"for the dev user", strategy);
                break;
            case AuthStrategies.E2EBypass:
                if (plan.BypassKey is null)
                    throw new PreflightFailure($"auth strategy '{strategy}' has no bypass key: set ACCEPTANCE_Auth__E2EBypassKey (setting Auth:E2EBypassKey)");
                token = await SignInAsync(http, "auth/e2e/test-auth", new { email = user.Email, name = user.Name },
                    ("X-E2E-Bypass-Key", plan.BypassKey), forUser, strategy);
                break;
            case AuthStrategies.LocalToken:
                if (plan.Signing is null)
                    throw new PreflightFailure($"auth strategy '{strategy}' has no signing secret: set ACCEPTANCE_Auth__JwtSecret (setting Auth:JwtSecret; local only)");
                var learned = await PasswordSignInAsync(http, forUser, strategy);
                var subject = TokenMinter.ReadClaims(learned).TryGetValue("sub", out var sub) ? sub.GetString() ?? "" : "";
                var claims = TokenMinter.AccessClaims(subject, user.Email!, plan.Signing.Issuer, plan.Signing.Audience, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(15));
                token = TokenMinter.SignHs256(claims, plan.Signing.Secret);
                break;
            case AuthStrategies.Oidc:
                if (await OidcPreflight.DiagnoseAsync(http, plan.Oidc, plan.Endpoints.Auth, plan.CheckDeadline + TimeSpan.FromSeconds(1),
                        plan.StartupWait, progress) is { } diagnosis)
                    throw new PreflightFailure($"auth strategy '{strategy}': {diagnosis}");
                _checks.Add($"the OpenID Connect provider's discovery document and authorization endpoint accept the suite's client ({(_clock.Elapsed - started).TotalMilliseconds:0} ms)");
                // The browser sign-in itself is exercised by the first scenario; the checks below need a token now.
                token = await PasswordSignInAsync(http, forUser, strategy);
                break;
            default:
                token = await PasswordSignInAsync(http, forUser, strategy);
                break;
        }
        _checks.Add($"auth strategy '{strategy}' got a token ({(_clock.Elapsed - started).TotalMilliseconds:0} ms)");
        return token;
    }

    private Task<string> PasswordSignInAsync(HttpClient http, string forUser, string strategy)
    {
        if (plan.User.Password is null)
            throw new PreflightFailure(
                $"auth strategy '{strategy}' has no password {forUser}: set ACCEPTANCE_Personas__{plan.User.Name}__Password");
        return SignInAsync(http, "auth/login", new { email = plan.User.Email, password = plan.User.Password }, null, forUser, strategy);
    }

    private async Task<string> SignInAsync(HttpClient http, string path, object body, (string Name, string Value)? header, string forUser, string strategy)
    {
        var url = new Uri(plan.Endpoints.Auth, path);
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (header is { } h) request.Headers.Add(h.Name, h.Value);
        var probe = await SendAsync(http, request);
        if (probe.Status is null)
            throw new PreflightFailure($"auth strategy '{strategy}' could not sign in {forUser}: POST {url} {DescribeFailure(probe)} (setting Endpoints:Auth)");
        var token = probe.Status is 200 or 201 ? probe.Field("access_token") : null;
        if (token is null)
            throw new PreflightFailure(
                $"auth strategy '{strategy}' got {DescribeAnswer(probe)} {forUser} (POST {url}; setting Endpoints:Auth)");
        return token;
    }

    // 3. The identity service accepts the token and says whose it is.
    private async Task CheckProfileAsync(HttpClient http, string token)
    {
        var started = _clock.Elapsed;
        var url = new Uri(plan.Endpoints.Auth, "auth/me");
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var probe = await SendAsync(http, request);
        var what = $"the token auth strategy '{plan.Strategy}' got";
        if (probe.Status is null)
            throw new PreflightFailure($"GET {url} with {what}: {DescribeFailure(probe)} (setting Endpoints:Auth)");
        if (probe.Status != 200)
            throw new PreflightFailure($"GET {url} refused {what}: {Describe(probe)} (setting Endpoints:Auth)");
        var email = probe.Field("email");
        if (plan.Strategy != AuthStrategies.Dev && !string.Equals(email, plan.User.Email, StringComparison.OrdinalIgnoreCase))
            throw new PreflightFailure(
                $"GET {url} accepted {what} but says it belongs to {email ?? "(no email)"}, not the configured user {plan.User.Name} ({plan.User.Setting})");
        _checks.Add($"/auth/me accepted it ({(_clock.Elapsed - started).TotalMilliseconds:0} ms)");
    }

    // 4. The agent channel: handshake with the token, then its first frame.
    private async Task CheckAgentChannelAsync(string token)
    {
        var started = _clock.Elapsed;
        var url = plan.Endpoints.WebSocket;
        var setting = plan.Endpoints.WebSocketGiven ? "setting Endpoints:WebSocket" : "setting Endpoints:WebSocket, derived from Endpoints:Api";
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        using (var connect = new CancellationTokenSource(plan.CheckDeadline))
        {
            try
            {
                await socket.ConnectAsync(url, connect.Token);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or HttpRequestException)
            {
                var status = (int)socket.HttpStatusCode;
                if (status == 401 || status == 403)
                    throw new PreflightFailure($"WebSocket endpoint {url} refused the token auth strategy '{plan.Strategy}' got: HTTP {status} ({setting})");
                if (status != 0)
                    throw new PreflightFailure($"WebSocket endpoint {url} answered HTTP {status} ({setting})");
                throw new PreflightFailure(exception is OperationCanceledException
                    ? $"WebSocket endpoint {url} did not complete the handshake within {plan.CheckDeadline.TotalSeconds:0.#} s ({setting})"
                    : $"WebSocket endpoint {url} could not be reached: {Innermost(exception)} ({setting})");
            }
        }

        var opened = _clock.Elapsed - started;
        var frame = await ReceiveFirstFrameAsync(socket, url, setting);
        string? type = null;
        try
        {
            using var document = JsonDocument.Parse(frame);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("type", out var value))
                type = value.ToString();
        }
        catch (JsonException)
        {
            // Not JSON: reported below with what it was.
        }
        if (type != "connection_established")
            throw new PreflightFailure($"WebSocket endpoint {url} sent {Snippet(frame)} as its first frame, not connection_established ({setting})");
        _checks.Add($"agent channel {url} opened ({opened.TotalMilliseconds:0} ms) and greeted ({(_clock.Elapsed - started).TotalMilliseconds:0} ms)");

        try
        {
            using var close = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "pre-flight done", close.Token);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            // The check is over; the socket is aborted when disposed.
        }
    }

    private async Task<string> ReceiveFirstFrameAsync(ClientWebSocket socket, Uri url, string setting)
    {
        using var deadline = new CancellationTokenSource(plan.CheckDeadline);
        var buffer = new byte[16 * 1024];
        var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, deadline.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                    throw new PreflightFailure(
                        $"WebSocket endpoint {url} opened but closed ({(int?)result.CloseStatus} {result.CloseStatusDescription}) before its first frame ({setting})");
                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage || message.Length > 64 * 1024) return Encoding.UTF8.GetString(message.ToArray());
            }
        }
        catch (OperationCanceledException)
        {
            throw new PreflightFailure(
                $"WebSocket endpoint {url} opened but sent no first frame within {plan.CheckDeadline.TotalSeconds:0.#} s ({setting})");
        }
        catch (WebSocketException exception)
        {
            throw new PreflightFailure($"WebSocket endpoint {url} opened but failed before its first frame: {exception.Message} ({setting})");
        }
    }

    private async Task<Probe> SendAsync(HttpClient http, HttpRequestMessage request, CancellationToken abandon = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(abandon);
        deadline.CancelAfter(plan.CheckDeadline);
        try
        {
            using var response = await http.SendAsync(request, deadline.Token);
            var body = await response.Content.ReadAsStringAsync(deadline.Token);
            return new Probe((int)response.StatusCode, body, null, false, false);
        }
        catch (OperationCanceledException) when (!abandon.IsCancellationRequested)
        {
            return new Probe(null, "", $"no answer within {plan.CheckDeadline.TotalSeconds:0.#} s", true, false);
        }
        catch (HttpRequestException exception)
        {
            var refused = exception.HttpRequestError == HttpRequestError.ConnectionError &&
                          exception.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused };
            return new Probe(null, "", Innermost(exception), false, refused);
        }
        finally
        {
            request.Dispose();
        }
    }

    private static string DescribeFailure(Probe probe) =>
        probe.TimedOut ? $"did not answer within its deadline ({probe.TransportError})" : $"could not be reached: {probe.TransportError}";

    /// <summary>"HTTP 503 {"status":"starting"}": the status and a short, secret-free body.</summary>
    private static string Describe(Probe probe) => $"HTTP {probe.Status} {Snippet(probe.Body)}";

    /// <summary>"401 Invalid credentials": the status and the service's own words where it gives them.</summary>
    private static string DescribeAnswer(Probe probe)
    {
        var words = probe.Field("detail") ?? probe.Field("message");
        if (probe.Status is 200 or 201) return $"HTTP {probe.Status} without an access_token: {Snippet(probe.Body)}";
        return words is null ? Describe(probe) : $"{probe.Status} {words}";
    }

    private static string Snippet(string body)
    {
        if (string.IsNullOrWhiteSpace(body)) return "(empty body)";
        var text = Whitespace().Replace(body.Trim(), " ");
        text = Jwt().Replace(text, "[REDACTED]");
        return text.Length <= 200 ? text : text[..200] + $"… ({body.Length} chars)";
    }

    private string Scrub(string diagnosis) => plan.Scrub(diagnosis);

    private static string Innermost(Exception exception)
    {
        while (exception.InnerException is not null) exception = exception.InnerException;
        return exception.Message;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")]
    private static partial Regex Jwt();
}
