using System.Diagnostics;
using System.Net;
using Acceptance.Support.Oidc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NUnit.Framework;

namespace Acceptance.Support.Tests;

/// <summary>
/// The @oidc scenarios wait for a provider that is still getting ready (ProviderReadinessHooks): answered once it
/// answers, bounded when it never does, and a wrong answer is not waited for.
/// </summary>
public sealed class ProviderReadinessProbeTests
{
    private static readonly TimeSpan PerRequest = TimeSpan.FromSeconds(1);

    [Test]
    public async Task A_provider_that_says_it_is_starting_is_asked_again_until_it_answers()
    {
        var asked = 0;
        await using var provider = await DiscoveryServer.StartAsync(() => Interlocked.Increment(ref asked) <= 2 ? 503 : 200);

        var ready = await ProviderReadinessProbe.AskUntilAnsweredAsync(provider.Authority, (TimeSpan.FromSeconds(10), "Test:Wait"), PerRequest);

        Assert.That((ready.Answered, asked), Is.EqualTo((true, 3)), ready.Detail);
    }

    [Test]
    public async Task A_provider_that_never_answers_is_given_up_on_at_the_deadline_with_what_came_back()
    {
        await using var provider = await DiscoveryServer.StartAsync(() => -1);
        var clock = Stopwatch.StartNew();

        var ready = await ProviderReadinessProbe.AskUntilAnsweredAsync(provider.Authority, (TimeSpan.FromSeconds(2), "Test:Wait"), PerRequest);

        Assert.Multiple(() =>
        {
            Assert.That(ready.Answered, Is.False);
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(6)), "the deadline was not kept");
            Assert.That(ready.Detail, Does.Contain("/.well-known/openid-configuration").And.Contain("no answer within").And.Contain("Test:Wait = 2"));
        });
    }

    [Test]
    public async Task A_provider_without_a_discovery_document_is_not_waited_for()
    {
        await using var provider = await DiscoveryServer.StartAsync(() => 404);
        var clock = Stopwatch.StartNew();

        var ready = await ProviderReadinessProbe.AskUntilAnsweredAsync(provider.Authority, (TimeSpan.FromSeconds(20), "Test:Wait"), PerRequest);

        Assert.Multiple(() =>
        {
            Assert.That(ready.Answered, Is.False);
            Assert.That(ready.Detail, Does.Contain("HTTP 404"));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "a 404 was waited on as if it could change");
        });
    }

    /// <summary>A Kestrel origin on 127.0.0.1 whose discovery document answers with the status given (-1: never answers).</summary>
    private sealed class DiscoveryServer(WebApplication app, string authority) : IAsyncDisposable
    {
        public string Authority { get; } = authority;

        public static async Task<DiscoveryServer> StartAsync(Func<int> status)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            app.MapGet("/.well-known/openid-configuration", async context =>
            {
                var code = status();
                if (code < 0) await Task.Delay(Timeout.Infinite, context.RequestAborted);
                context.Response.StatusCode = code;
                if (code == 200) await context.Response.WriteAsJsonAsync(new { issuer = "http://127.0.0.1" });
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new DiscoveryServer(app, address.TrimEnd('/'));
        }

        public async ValueTask DisposeAsync()
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await app.StopAsync(stop.Token);
            await app.DisposeAsync();
        }
    }
}
