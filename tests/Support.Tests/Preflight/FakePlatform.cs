using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Acceptance.Support.Tests.Preflight;

/// <summary>
/// One Kestrel origin on 127.0.0.1 that plays auth, api and app at once, with switches for each way the
/// pre-flight can find a platform broken. Alice's password is <see cref="Password"/>; the token is <see cref="Token"/>.
/// </summary>
public sealed class FakePlatform : IAsyncDisposable
{
    public const string Password = "fake-platform-password";
    public const string Token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";

    private LoopbackServer? _server;
    private readonly System.Diagnostics.Stopwatch _sinceStart = System.Diagnostics.Stopwatch.StartNew();

    /// <summary>/health answers 503 {"status":"starting"} for this long after the start.</summary>
    public TimeSpan StartingFor { get; set; } = TimeSpan.Zero;
    /// <summary>The agent channel's path; anything else is 404.</summary>
    public string WebSocketPath { get; set; } = "/api/v1/websocket";
    /// <summary>/auth/me refuses every token with 401.</summary>
    public bool ProfileRefuses { get; set; }
    /// <summary>The channel opens but never sends a frame.</summary>
    public bool SilentChannel { get; set; }
    /// <summary>/health never answers.</summary>
    public bool HealthHangs { get; set; }

    public Uri BaseUri => _server!.Uri;

    public static async Task<FakePlatform> StartAsync(Action<FakePlatform>? configure = null)
    {
        var platform = new FakePlatform();
        platform._server = await LoopbackServer.StartAsync(app => platform.Map(app), TimeSpan.FromSeconds(5));
        configure?.Invoke(platform);
        platform._sinceStart.Restart();
        return platform;
    }

    private void Map(WebApplication app)
    {
        var platform = this;
        app.UseWebSockets();
        app.MapGet("/health", async context =>
        {
            if (platform.HealthHangs) await Task.Delay(Timeout.Infinite, context.RequestAborted);
            var starting = platform._sinceStart.Elapsed < platform.StartingFor;
            context.Response.StatusCode = starting ? 503 : 200;
            await context.Response.WriteAsJsonAsync(new { status = starting ? "starting" : "healthy" });
        });
        app.MapGet("/login", () => Results.Content("<html><body>login</body></html>", "text/html"));
        app.MapPost("/auth/login", async context =>
        {
            var body = await context.Request.ReadFromJsonAsync<Dictionary<string, string>>();
            if (body?.GetValueOrDefault("email") == "alice@example.com" && body.GetValueOrDefault("password") == Password)
                await context.Response.WriteAsJsonAsync(new { access_token = Token, refresh_token = "r", token_type = "Bearer" });
            else
            {
                context.Response.StatusCode = 401;
                await context.Response.WriteAsJsonAsync(new { detail = "Invalid credentials" });
            }
        });
        app.MapGet("/auth/me", async context =>
        {
            if (platform.ProfileRefuses || context.Request.Headers.Authorization != "Bearer " + Token)
            {
                context.Response.StatusCode = 401;
                await context.Response.WriteAsJsonAsync(new { detail = "Invalid token" });
                return;
            }
            await context.Response.WriteAsJsonAsync(new { user_id = "u1", email = "alice@example.com", name = "Alice" });
        });
        app.Use(async (context, next) =>
        {
            if (context.Request.Path != platform.WebSocketPath)
            {
                await next(context);
                return;
            }
            if (!context.WebSockets.IsWebSocketRequest || context.Request.Headers.Authorization != "Bearer " + Token)
            {
                context.Response.StatusCode = 401;
                return;
            }
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            if (!platform.SilentChannel)
                await socket.SendAsync(Encoding.UTF8.GetBytes("""{"type":"connection_established","data":{"user_id":"u1"}}"""),
                    WebSocketMessageType.Text, true, context.RequestAborted);
            var buffer = new byte[1024];
            try
            {
                while (socket.State == WebSocketState.Open)
                {
                    var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
                    if (received.MessageType == WebSocketMessageType.Close) break;
                }
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
            {
                // The client went away.
            }
        });
    }

    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;
}
