using Acceptance.ReferencePlatform.Tests.Oidc;
using Acceptance.ReferencePlatform.Tests.Support;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.Faults;

/// <summary>The fault switches of the backend (conversations, tokens, health): each changes what it names.</summary>
[TestFixture]
public sealed class ApiFaultTests
{
    [Test]
    public async Task ConversationListEmpty_answers_the_list_200_and_empty()
    {
        await using var faulty = await FaultyPlatform.StartAsync("ConversationListEmpty=true");
        var client = faulty.Client;
        var user = await client.NewUserAsync();
        var threadId = await client.CreateThreadAsync(user);

        var list = await client.GetAsync(client.Api("/api/threads"), user.AccessToken);

        Assert.That(list.Code, Is.EqualTo(200), list.ToString());
        Assert.That(list.Json.GetProperty("threads").GetArrayLength(), Is.Zero, list.ToString());
        Assert.That(list.Json.GetProperty("total").GetInt32(), Is.Zero, list.ToString());
        Assert.That((await client.GetAsync(client.Api($"/api/threads/{threadId}"), user.AccessToken)).Code, Is.EqualTo(200), "the thread itself is still there");
    }

    [Test]
    public async Task Without_ConversationListEmpty_the_list_has_the_users_conversation()
    {
        using var client = new PlatformClient(await Platforms.Default());
        var user = await client.NewUserAsync();
        var threadId = await client.CreateThreadAsync(user);

        var list = await client.GetAsync(client.Api("/api/threads"), user.AccessToken);

        Assert.That(list.Json.GetProperty("threads").EnumerateArray().Select(t => t.GetProperty("id").GetString()), Is.EqualTo(new[] { threadId }));
    }

    [Test]
    public async Task ForeignDeleteSucceeds_deletes_another_users_conversation_behind_a_404()
    {
        await using var faulty = await FaultyPlatform.StartAsync("ForeignDeleteSucceeds=true");
        var client = faulty.Client;
        var (alice, bob) = (await client.NewUserAsync("alice"), await client.NewUserAsync("bob"));
        var threadId = await client.CreateThreadAsync(alice);

        var delete = await client.DeleteAsync(client.Api($"/api/threads/{threadId}"), bob.AccessToken);
        var aliceReads = await client.GetAsync(client.Api($"/api/threads/{threadId}"), alice.AccessToken);

        Assert.That(delete.Code, Is.EqualTo(404), delete.ToString());
        Assert.That(delete.Json.GetProperty("error_code").GetString(), Is.EqualTo("THREAD_NOT_FOUND"), delete.ToString());
        Assert.That(aliceReads.Code, Is.EqualTo(404), $"Alice's conversation should be gone: {aliceReads}");
        var own = await client.CreateThreadAsync(bob);
        Assert.That((await client.DeleteAsync(client.Api($"/api/threads/{own}"), bob.AccessToken)).Code, Is.EqualTo(204), "deleting one's own is as before");
    }

    [Test]
    public async Task Without_ForeignDeleteSucceeds_another_users_delete_is_404_and_the_conversation_stays()
    {
        using var client = new PlatformClient(await Platforms.Default());
        var (alice, bob) = (await client.NewUserAsync("alice"), await client.NewUserAsync("bob"));
        var threadId = await client.CreateThreadAsync(alice);

        var delete = await client.DeleteAsync(client.Api($"/api/threads/{threadId}"), bob.AccessToken);

        Assert.That(delete.Code, Is.EqualTo(404), delete.ToString());
        Assert.That((await client.GetAsync(client.Api($"/api/threads/{threadId}"), alice.AccessToken)).Code, Is.EqualTo(200));
    }

    [Test]
    public async Task HistoryOutOfOrder_answers_a_conversations_messages_newest_first()
    {
        await using var faulty = await FaultyPlatform.StartAsync("HistoryOutOfOrder=true");
        using var normal = new PlatformClient(await Platforms.Default());

        var newestFirst = await RoundTripHistoryAsync(faulty.Client);
        var oldestFirst = await RoundTripHistoryAsync(normal);

        Assert.That(oldestFirst, Is.EqualTo(new[] { "user", "assistant" }));
        Assert.That(newestFirst, Is.EqualTo(new[] { "assistant", "user" }));
    }

    private static async Task<string[]> RoundTripHistoryAsync(PlatformClient client)
    {
        var user = await client.NewUserAsync();
        await using var socket = await AgentSocket.ConnectAsync(client.Platform.WebSocketUrl, user.AccessToken);
        await socket.SendUserMessageAsync("compute costs $5,000");
        var threadId = (await socket.UntilAsync("agent_completed"))[^1].Json.GetProperty("thread_id").GetString()!;
        return (await client.MessagesAsync(user, threadId)).Select(m => m.GetProperty("role").GetString()!).ToArray();
    }

    [Test]
    public async Task AcceptForgedTokens_lets_tampered_and_unsigned_tokens_into_the_API_and_the_channel_but_not_expired_or_unknown_ones()
    {
        await using var faulty = await FaultyPlatform.StartAsync("AcceptForgedTokens=true");
        var client = faulty.Client;
        var user = await client.NewUserAsync();
        var tampered = Tampered(user.AccessToken);
        var unsigned = TokenForge.Sign(TokenForge.Claims(user.Id, user.Email), alg: "none");
        var wrongKey = TokenForge.Sign(TokenForge.Claims(user.Id, user.Email), secret: "another-secret-another-secret-another-secret");

        foreach (var (what, token) in new[] { ("tampered", tampered), ("unsigned", unsigned), ("signed with another key", wrongKey) })
        {
            var list = await client.GetAsync(client.Api("/api/threads"), token);
            Assert.That(list.Code, Is.EqualTo(200), $"{what}: {list}");
            Assert.That(await AgentSocket.HandshakeStatusAsync(client.Platform.WebSocketUrl, token), Is.EqualTo(101), what);
        }
        var expired = TokenForge.Sign(TokenForge.Claims(user.Id, user.Email, expiresInSeconds: -3600), alg: "none");
        var unknown = TokenForge.Sign(TokenForge.Claims(Guid.NewGuid().ToString()), alg: "none");
        var refresh = Tampered(user.RefreshToken);
        foreach (var (what, token) in new[] { ("expired", expired), ("of an unknown user", unknown), ("a refresh token", refresh) })
        {
            var list = await client.GetAsync(client.Api("/api/threads"), token);
            Assert.That(list.Code, Is.EqualTo(401), $"{what}: {list}");
        }
    }

    [Test]
    public async Task AcceptForgedTokens_lets_a_tampered_provider_token_into_the_API()
    {
        await using var faulty = await FaultyPlatform.StartAsync(["AcceptForgedTokens=true"], withProvider: true);
        var client = faulty.Client;
        using var flow = new CodeFlow(client.Platform);
        var tokens = await flow.SignInAliceAsync();

        var list = await client.GetAsync(client.Api("/api/threads"), Tampered(tokens.AccessToken));

        Assert.That(list.Code, Is.EqualTo(200), list.ToString());
    }

    [Test]
    public async Task Without_AcceptForgedTokens_tampered_and_unsigned_tokens_are_401()
    {
        using var client = new PlatformClient(await Platforms.Default());
        var user = await client.NewUserAsync();
        foreach (var token in new[] { Tampered(user.AccessToken), TokenForge.Sign(TokenForge.Claims(user.Id, user.Email), alg: "none") })
        {
            Assert.That((await client.GetAsync(client.Api("/api/threads"), token)).Code, Is.EqualTo(401));
            Assert.That(await AgentSocket.HandshakeStatusAsync(client.Platform.WebSocketUrl, token), Is.EqualTo(401));
        }
    }

    /// <summary>The payload changed (email and permissions), the signature kept: as the suite's crafted tampered token.</summary>
    private static string Tampered(string token)
    {
        var parts = token.Split('.');
        var claims = System.Text.Json.Nodes.JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]))!.AsObject();
        claims["email"] = "mallory@example.com";
        claims["permissions"] = new System.Text.Json.Nodes.JsonArray("read", "write", "admin");
        return $"{parts[0]}.{System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(claims.ToJsonString()))}.{parts[2]}";
    }

    [Test]
    public async Task DependencyDown_reports_the_dependency_down_while_the_overall_status_stays_healthy()
    {
        await using var faulty = await FaultyPlatform.StartAsync("DependencyDown=database");
        var client = faulty.Client;

        var health = await client.GetAsync(client.Api("/api/health"));

        Assert.That(health.Code, Is.EqualTo(200), health.ToString());
        Assert.That(health.Json.GetProperty("status").GetString(), Is.EqualTo("healthy"), health.ToString());
        Assert.That(health.Json.GetProperty("checks").GetProperty("database").GetString(), Is.EqualTo("down"), health.ToString());
        Assert.That(health.Json.GetProperty("checks").GetProperty("auth").GetString(), Is.EqualTo("ok"), health.ToString());
        Assert.That((await client.GetAsync(client.Api("/health"))).Json.GetProperty("status").GetString(), Is.EqualTo("healthy"));
    }

    [Test]
    public async Task HealthStatus_makes_the_named_origins_health_report_that_status_with_200()
    {
        await using var faulty = await FaultyPlatform.StartAsync("HealthStatus=api=degraded,auth=maintenance");
        var client = faulty.Client;

        var api = await client.GetAsync(client.Api("/health"));
        var auth = await client.GetAsync(client.Auth("/health"));

        Assert.That((api.Code, api.Json.GetProperty("status").GetString()), Is.EqualTo((200, "degraded")), api.ToString());
        Assert.That((auth.Code, auth.Json.GetProperty("status").GetString()), Is.EqualTo((200, "maintenance")), auth.ToString());
        Assert.That((await client.GetAsync(client.Api("/health/ready"))).Json.GetProperty("status").GetString(), Is.EqualTo("ready"), "readiness is left alone");
        Assert.That((await client.GetAsync(client.App("/login"))).Code, Is.EqualTo(200), "the web app is not named");
    }

    [Test]
    public async Task HealthStatus_for_the_web_app_serves_its_login_page_with_500()
    {
        await using var faulty = await FaultyPlatform.StartAsync("HealthStatus=app=degraded");
        var client = faulty.Client;

        var login = await client.GetAsync(client.App("/login"));

        Assert.That(login.Code, Is.EqualTo(500), login.ToString());
        Assert.That(login.Header("X-Health-Status"), Is.EqualTo("degraded"));
        Assert.That(login.Body, Does.Contain("id=\"login-form\""), "the page itself is still served");
        Assert.That((await client.GetAsync(client.App("/chat"))).Code, Is.EqualTo(200));
        Assert.That((await client.GetAsync(client.Api("/health"))).Json.GetProperty("status").GetString(), Is.EqualTo("healthy"));
    }
}
