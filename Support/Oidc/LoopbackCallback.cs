using System.Net;
using System.Net.Sockets;

namespace Acceptance.Support.Oidc;

/// <summary>
/// The native client's loopback redirect (RFC 8252): a listener on 127.0.0.1 that takes the first request to
/// the redirect path and answers anything else with 404 (Chromium also asks for /favicon.ico).
/// </summary>
public sealed class LoopbackCallback : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly TaskCompletionSource<Uri> _received = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _path;

    private LoopbackCallback(Uri redirectUri)
    {
        RedirectUri = redirectUri;
        _path = redirectUri.AbsolutePath;
        _listener.Prefixes.Add($"http://{redirectUri.Host}:{redirectUri.Port}/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    /// <summary>The redirect URI with the port actually listened on.</summary>
    public Uri RedirectUri { get; }

    /// <summary>Listens for a configured redirect URI; one without a port gets a free port (any port matches, RFC 8252).</summary>
    public static LoopbackCallback Start(string configuredRedirectUri)
    {
        var configured = new Uri(configuredRedirectUri);
        if (!configured.IsLoopback)
            throw new InvalidOperationException($"Auth:Oidc:RedirectUri must be a loopback URI (http://127.0.0.1/...), not {configured}.");
        var explicitPort = configuredRedirectUri.Split("//", 2)[1].Split('/', 2)[0].Contains(':');
        var port = explicitPort ? configured.Port : FreePort();
        return new LoopbackCallback(new UriBuilder(configured) { Port = port }.Uri);
    }

    /// <summary>The full callback URL the provider sent the browser to, or a timeout naming what was awaited.</summary>
    public async Task<Uri> ReceivedAsync(TimeSpan deadline, Func<string> whatTheBrowserShows)
    {
        var winner = await Task.WhenAny(_received.Task, Task.Delay(deadline));
        if (winner != _received.Task)
            throw new TimeoutException(
                $"The provider did not send the browser to {RedirectUri} within {deadline.TotalSeconds:0.#} s; the browser shows {whatTheBrowserShows()}.");
        return await _received.Task;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            var isCallback = context.Request.Url?.AbsolutePath == _path;
            context.Response.StatusCode = isCallback ? 200 : 404;
            context.Response.ContentType = "text/html; charset=utf-8";
            var page = isCallback ? "<!doctype html><title>Signed in</title><p>Signed in: you may close this window.</p>"u8.ToArray() : [];
            await context.Response.OutputStream.WriteAsync(page);
            context.Response.Close();
            if (isCallback) _received.TrySetResult(context.Request.Url!);
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try
        {
            _listener.Stop();
            _listener.Close();
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }
    }
}
