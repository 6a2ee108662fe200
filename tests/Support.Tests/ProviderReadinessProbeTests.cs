using System.Diagnostics;
using Acceptance.Support.Oidc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NUnit.Framework;

namespace Acceptance.Support.Tests;

/// <summary>
/// The @oidc scenarios wait for a provider that is still getting ready (ProviderReadiness): answered once it
/// answers, bounded when it never does, and a wrong answer is not waited for.
/// </summary>
public sealed class ProviderReadinessProbeTests
{
    private static readonly TimeSpan PerRequest = TimeSpan.FromSeconds(1);

    [Test]
    public async Task A_provider_that_says_it_is_starting_is_asked_again_until_it_answers()
    {
        var asked = 0;
        await using var provider = await DiscoveryServerAsync(() => Interlocked.Increment(ref asked) <= 2 ? 503 : 200);

        var ready = await ProviderReadinessProbe.AskUntilAnsweredAsync(Authority(provider), (TimeSpan.FromSeconds(10), "Test:Wait"), PerRequest);

        Assert.That((ready.Answered, asked), Is.EqualTo((true, 3)), ready.Detail);
    }

    [Test]
    public async Task A_provider_that_never_answers_is_given_up_on_at_the_deadline_with_what_came_back()
    {
        await using var provider = await DiscoveryServerAsync(() => -1);
        var clock = Stopwatch.StartNew();

        var ready = await ProviderReadinessProbe.AskUntilAnsweredAsync(Authority(provider), (TimeSpan.FromSeconds(2), "Test:Wait"), PerRequest);

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
        await using var provider = await DiscoveryServerAsync(() => 404);
        var clock = Stopwatch.StartNew();

        var ready = await ProviderReadinessProbe.AskUntilAnsweredAsync(Authority(provider), (TimeSpan.FromSeconds(20), "Test:Wait"), PerRequest);

        Assert.Multiple(() =>
        {
            Assert.That(ready.Answered, Is.False);
            Assert.That(ready.Detail, Does.Contain("HTTP 404"));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "a 404 was waited on as if it could change");
        });
    }

    /// <summary>An origin whose discovery document answers with the status given (-1: never answers).</summary>
    private static Task<LoopbackServer> DiscoveryServerAsync(Func<int> status) =>
        LoopbackServer.StartAsync(app => app.MapGet("/.well-known/openid-configuration", async context =>
        {
            var code = status();
            if (code < 0) await Task.Delay(Timeout.Infinite, context.RequestAborted);
            context.Response.StatusCode = code;
            if (code == 200) await context.Response.WriteAsJsonAsync(new { issuer = "http://127.0.0.1" });
        }));

    private static string Authority(LoopbackServer server) => server.Uri.ToString().TrimEnd('/');
}
