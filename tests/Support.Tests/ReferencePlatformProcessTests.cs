using System.Net.Http.Json;
using System.Text.Json;
using Acceptance.Support.Channels;
using Acceptance.Support.Evidence;
using Acceptance.Support.Platform;
using Acceptance.Support.Schemas;
using NUnit.Framework;

namespace Acceptance.Support.Tests;

/// <summary>
/// Starts the real reference platform through the suite's launcher and checks the launcher and the agent
/// channel client against it (about a second once src/ReferencePlatform is built; built here if it is not). Alone:
/// `dotnet test tests/Support.Tests --filter TestCategory=platform`.
/// </summary>
[TestFixture, Category("platform")]
public sealed class ReferencePlatformProcessTests
{
    private ReferencePlatformProcess? _platform;

    [OneTimeSetUp]
    public void StartThePlatform()
    {
        var root = RepositoryRoot.Find();
        var assembly = ReferencePlatformProcess.FindOrBuildAssembly(root, "src/ReferencePlatform", "Acceptance.ReferencePlatform.dll", TimeSpan.FromMinutes(5));
        _platform = ReferencePlatformProcess.Start(assembly, new Dictionary<string, string> { ["Platform:DevelopmentMode"] = "true" }, TimeSpan.FromSeconds(60));
    }

    [OneTimeTearDown]
    public void StopThePlatform() => _platform?.Dispose();

    [Test]
    public void The_launcher_reads_three_loopback_origins() =>
        Assert.That(new[] { _platform!.Endpoints.Auth.Host, _platform.Endpoints.Api.Host, _platform.Endpoints.App!.Host }, Is.All.EqualTo("127.0.0.1"));

    [Test]
    public async Task A_run_on_the_reference_platform_gives_five_well_formed_events_in_order()
    {
        using var http = new HttpClient { BaseAddress = _platform!.Endpoints.Auth, Timeout = TimeSpan.FromSeconds(15) };
        var login = await http.PostAsJsonAsync("auth/login", new { email = "alice@example.com", password = "correct-horse-alice" });
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        var opening = await AgentChannelClient.OpenAsync("Alice", _platform.Endpoints.WebSocket, token, ChannelCredential.Header, new NullEvidenceLog(), TimeSpan.FromSeconds(10));
        await using var client = opening.Client ?? throw new AssertionException($"Not opened: {opening.RefusedWithStatus} {opening.Failure}");
        var mark = client.Mark();
        await client.SendTextAsync("""{"type":"user_message","payload":{"text":"How can I cut my GPU costs?"}}""", TimeSpan.FromSeconds(5));
        var events = await client.WaitForAsync("the five events", f => f.Type is not null && f.Type.StartsWith("agent_") || f.Type?.StartsWith("tool_") == true, 5, TimeSpan.FromSeconds(10), mark);
        var problems = events.SelectMany(e => MessageSchemas.Default.Problems(e.Payload).Select(p => $"{e.Type}: {p}")).ToList();
        Assert.That((events.Select(e => e.Type).ToArray(), problems), Is.EqualTo((new[] { "agent_started", "agent_thinking", "tool_executing", "tool_completed", "agent_completed" }, new List<string>())));
    }

    [Test]
    public async Task The_reference_platform_refuses_an_anonymous_handshake_with_401()
    {
        var opening = await AgentChannelClient.OpenAsync("a visitor", _platform!.Endpoints.WebSocket, null, ChannelCredential.Header, new NullEvidenceLog(), TimeSpan.FromSeconds(10));
        Assert.That(opening.RefusedWithStatus, Is.EqualTo(401));
    }
}
