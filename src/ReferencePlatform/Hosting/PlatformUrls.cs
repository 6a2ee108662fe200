namespace Acceptance.ReferencePlatform.Hosting;

/// <summary>The URLs the origins actually bound (known only once they listen, since a port may be 0).</summary>
public sealed class PlatformUrls
{
    private static readonly Uri Unbound = new("http://127.0.0.1:0/");

    public Uri Auth { get; private set; } = Unbound;
    public Uri Api { get; private set; } = Unbound;
    public Uri App { get; private set; } = Unbound;
    public Uri WebSocket { get; private set; } = Unbound;

    /// <summary>The app origin as a browser sends it in the Origin header ("http://127.0.0.1:3000").</summary>
    public string AppOrigin => App.GetLeftPart(UriPartial.Authority);

    public bool IsAppOrigin(string origin) => App != Unbound && string.Equals(origin, AppOrigin, StringComparison.OrdinalIgnoreCase);

    internal void Bind(Uri auth, Uri api, Uri app, string webSocketPath)
    {
        Auth = auth;
        Api = api;
        App = app;
        WebSocket = new UriBuilder(api) { Scheme = "ws", Path = webSocketPath }.Uri;
    }
}
