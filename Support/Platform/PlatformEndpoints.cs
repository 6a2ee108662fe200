namespace Acceptance.Support.Platform;

/// <summary>The three origins of the platform under test, plus the agent channel URL.</summary>
public sealed record PlatformEndpoints(Uri Auth, Uri Api, Uri WebSocket, Uri? App)
{
    public const string WebSocketPath = "/api/v1/websocket";

    /// <summary>Whether the WebSocket URL was given (Endpoints:WebSocket) rather than derived from Endpoints:Api.</summary>
    public bool WebSocketGiven { get; init; }

    public static PlatformEndpoints From(string auth, string api, string? webSocket, string? app)
    {
        var apiUri = new Uri(api.TrimEnd('/') + "/");
        var ws = string.IsNullOrWhiteSpace(webSocket) ? DeriveWebSocket(apiUri) : new Uri(webSocket);
        return new PlatformEndpoints(
            new Uri(auth.TrimEnd('/') + "/"),
            apiUri,
            ws,
            string.IsNullOrWhiteSpace(app) ? null : new Uri(app.TrimEnd('/') + "/"))
        {
            WebSocketGiven = !string.IsNullOrWhiteSpace(webSocket),
        };
    }

    public static Uri DeriveWebSocket(Uri api)
    {
        var builder = new UriBuilder(api)
        {
            Scheme = api.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
            Path = api.AbsolutePath.TrimEnd('/') + WebSocketPath,
        };
        if (builder.Port == (api.Scheme == Uri.UriSchemeHttps ? 443 : 80)) builder.Port = -1;
        return builder.Uri;
    }
}
