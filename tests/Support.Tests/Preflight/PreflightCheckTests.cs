using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Acceptance.Support.Platform;
using Acceptance.Support.Preflight;
using NUnit.Framework;

namespace Acceptance.Support.Tests.Preflight;

/// <summary>The pre-flight against a fake platform broken in one way at a time: one diagnosis, in seconds.</summary>
[TestFixture, Parallelizable(ParallelScope.Children)]
public sealed class PreflightCheckTests
{
    private static readonly TimeSpan FailFast = TimeSpan.FromSeconds(5);

    private static PreflightPlan PlanFor(Uri auth, Uri api, Uri? app, string? webSocket = null, string password = FakePlatform.Password,
        double startupWaitSeconds = 30, double checkSeconds = 3) =>
        new(PlatformEndpoints.From(auth.ToString(), api.ToString(), webSocket, app?.ToString()),
            "password", new PreflightUser("Alice", "alice@example.com", password), null, null,
            TimeSpan.FromSeconds(checkSeconds), TimeSpan.FromSeconds(startupWaitSeconds), TimeSpan.FromSeconds(1));

    private static PreflightPlan PlanFor(FakePlatform platform, string? webSocket = null, string password = FakePlatform.Password,
        double startupWaitSeconds = 30, double checkSeconds = 3) =>
        PlanFor(platform.BaseUri, platform.BaseUri, platform.BaseUri, webSocket, password, startupWaitSeconds, checkSeconds);

    private static async Task<(PreflightReport Report, TimeSpan Took, List<string> Progress)> RunAsync(PreflightPlan plan)
    {
        var progress = new List<string>();
        var clock = Stopwatch.StartNew();
        var report = await new PreflightCheck(plan, line => { lock (progress) progress.Add(line); }).RunAsync();
        return (report, clock.Elapsed, progress);
    }

    [Test]
    public async Task A_working_platform_passes_every_check()
    {
        await using var platform = await FakePlatform.StartAsync();
        var (report, _, _) = await RunAsync(PlanFor(platform));
        Assert.That((report.Passed, report.Diagnosis, report.Checks.Count), Is.EqualTo((true, (string?)null, 6)), report.Summary);
    }

    [Test]
    public async Task A_wrong_WebSocket_path_is_diagnosed_with_the_setting_the_URL_and_the_status()
    {
        await using var platform = await FakePlatform.StartAsync(p => p.WebSocketPath = "/ws");
        var (report, took, _) = await RunAsync(PlanFor(platform));
        var url = $"ws://127.0.0.1:{platform.BaseUri.Port}/api/v1/websocket";
        Assert.That((report.Diagnosis, took < FailFast),
            Is.EqualTo(($"WebSocket endpoint {url} answered HTTP 404 (setting Endpoints:WebSocket, derived from Endpoints:Api)", true)));
    }

    [Test]
    public async Task A_given_WebSocket_URL_that_is_wrong_names_Endpoints_WebSocket()
    {
        await using var platform = await FakePlatform.StartAsync();
        var url = $"ws://127.0.0.1:{platform.BaseUri.Port}/ws";
        var (report, _, _) = await RunAsync(PlanFor(platform, webSocket: url));
        Assert.That(report.Diagnosis, Is.EqualTo($"WebSocket endpoint {url} answered HTTP 404 (setting Endpoints:WebSocket)"));
    }

    [Test]
    public async Task An_unreachable_auth_origin_is_diagnosed_within_five_seconds()
    {
        await using var platform = await FakePlatform.StartAsync();
        var closed = new Uri($"http://127.0.0.1:{FreePort()}/");
        var (report, took, _) = await RunAsync(PlanFor(closed, platform.BaseUri, platform.BaseUri));
        Assert.That(report.Diagnosis, Does.StartWith($"identity service {closed}health is unreachable: Connection refused")
            .And.EndWith("(retried for 1 s; setting Endpoints:Auth)"));
        Assert.That(took, Is.LessThan(FailFast));
    }

    [Test]
    public async Task An_auth_endpoint_that_points_at_another_origin_is_diagnosed_at_sign_in()
    {
        await using var platform = await FakePlatform.StartAsync();
        await using var other = await TinyWebSocketServer.StartAsync([], TimeSpan.Zero);
        var wrongAuth = new Uri($"http://127.0.0.1:{other.Uri.Port}/");
        var (report, took, _) = await RunAsync(PlanFor(wrongAuth, platform.BaseUri, platform.BaseUri));
        // The tiny server has no /health: the identity service is the culprit, named with its setting.
        Assert.That((report.Diagnosis, took < FailFast),
            Is.EqualTo(($"identity service {wrongAuth}health answered HTTP 404 (empty body), not a healthy 200 (setting Endpoints:Auth)", true)));
    }

    [Test]
    public async Task Bad_credentials_are_diagnosed_without_revealing_the_password()
    {
        await using var platform = await FakePlatform.StartAsync();
        const string wrong = "not-the-password-123";
        var (report, took, _) = await RunAsync(PlanFor(platform, password: wrong));
        Assert.That((report.Diagnosis, took < FailFast), Is.EqualTo((
            $"auth strategy 'password' got 401 Invalid credentials for the configured user Alice (Personas:Alice) (POST {platform.BaseUri}auth/login; setting Endpoints:Auth)",
            true)));
        Assert.That(report.Summary, Does.Not.Contain(wrong));
    }

    [Test]
    public async Task A_token_that_auth_me_refuses_is_diagnosed()
    {
        await using var platform = await FakePlatform.StartAsync(p => p.ProfileRefuses = true);
        var (report, _, _) = await RunAsync(PlanFor(platform));
        Assert.That(report.Diagnosis, Is.EqualTo(
            $"GET {platform.BaseUri}auth/me refused the token auth strategy 'password' got: HTTP 401 {{\"detail\":\"Invalid token\"}} (setting Endpoints:Auth)"));
    }

    [Test]
    public async Task A_channel_that_sends_no_first_frame_is_diagnosed_after_the_check_deadline()
    {
        await using var platform = await FakePlatform.StartAsync(p => p.SilentChannel = true);
        var (report, took, _) = await RunAsync(PlanFor(platform, checkSeconds: 1));
        Assert.That(report.Diagnosis, Is.EqualTo(
            $"WebSocket endpoint ws://127.0.0.1:{platform.BaseUri.Port}/api/v1/websocket opened but sent no first frame within 1 s (setting Endpoints:WebSocket, derived from Endpoints:Api)"));
        Assert.That(took, Is.LessThan(FailFast));
    }

    [Test]
    public async Task An_origin_that_never_answers_is_diagnosed_after_the_check_deadline()
    {
        await using var platform = await FakePlatform.StartAsync(p => p.HealthHangs = true);
        var (report, took, _) = await RunAsync(PlanFor(platform, checkSeconds: 1));
        Assert.That(report.Diagnosis, Does.Match(@"^(identity service|backend) http://127\.0\.0\.1:\d+/health did not answer within its deadline \(no answer within 1 s\) \(setting Endpoints:(Auth|Api)\)$"));
        Assert.That(took, Is.LessThan(FailFast));
    }

    [Test]
    public async Task A_platform_that_is_still_starting_is_waited_for_with_progress_and_then_passes()
    {
        await using var platform = await FakePlatform.StartAsync(p => p.StartingFor = TimeSpan.FromSeconds(3));
        var (report, took, progress) = await RunAsync(PlanFor(platform, startupWaitSeconds: 10));
        Assert.That((report.Passed, report.WaitedForStartup >= TimeSpan.FromSeconds(2), took < TimeSpan.FromSeconds(10)), Is.EqualTo((true, true, true)), report.Summary);
        Assert.That(progress, Has.Some.Match(@"^Pre-flight: waiting for the (identity service|backend) to start: .* answers HTTP 503 \{""status"":""starting""\} \(\d+\.\d s of at most 10 s\)$"));
    }

    [Test]
    public async Task A_platform_still_starting_after_the_wait_limit_is_diagnosed_once_the_limit_is_reached()
    {
        await using var platform = await FakePlatform.StartAsync(p => p.StartingFor = TimeSpan.FromMinutes(5));
        var (report, took, _) = await RunAsync(PlanFor(platform, startupWaitSeconds: 2));
        Assert.That(report.Diagnosis, Does.Match(
            @"^(identity service|backend) http://127\.0\.0\.1:\d+/health still answered HTTP 503 \{""status"":""starting""\} after waiting 2 s for the platform to start \(setting Endpoints:(Auth|Api); the wait is Preflight:StartupWaitSeconds\)$"));
        Assert.That(took, Is.InRange(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2) + FailFast));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
