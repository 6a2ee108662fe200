using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Acceptance.Support.Tests;

/// <summary>A Kestrel origin on 127.0.0.1 (a free port) with the routes the test maps; stopped within 2 s (or as given) on dispose.</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TimeSpan _stopWithin;

    private LoopbackServer(WebApplication app, Uri uri, TimeSpan stopWithin)
    {
        _app = app;
        Uri = uri;
        _stopWithin = stopWithin;
    }

    /// <summary>The origin, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Uri { get; }

    public static async Task<LoopbackServer> StartAsync(Action<WebApplication> map, TimeSpan? stopWithin = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackServer(app, new Uri(address), stopWithin ?? TimeSpan.FromSeconds(2));
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(_stopWithin);
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
