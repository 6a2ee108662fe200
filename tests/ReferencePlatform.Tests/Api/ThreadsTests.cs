using Acceptance.ReferencePlatform.Tests.Support;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.Api;

[TestFixture]
public sealed class ThreadsTests : DefaultPlatformFixture
{
    [Test]
    public async Task Creating_a_thread_returns_201_with_the_thread()
    {
        var user = await Client.NewUserAsync();
        var response = await Client.PostJsonAsync(Client.Api("/api/threads"), new { title = "Cloud bill" }, user.AccessToken);
        Assert.That(response.Code, Is.EqualTo(201), response.ToString());
        var thread = response.Json;
        Assert.Multiple(() =>
        {
            Assert.That(thread.GetProperty("id").GetString(), Is.Not.Empty);
            Assert.That(thread.GetProperty("title").GetString(), Is.EqualTo("Cloud bill"));
            Assert.That(thread.GetProperty("message_count").GetInt32(), Is.Zero);
            Assert.That(thread.GetProperty("created_at").GetString(), Does.EndWith("Z"));
            Assert.That(thread.GetProperty("updated_at").GetString(), Does.EndWith("Z"));
        });
    }

    [Test]
    public async Task Creating_a_thread_without_a_body_gives_a_default_title()
    {
        var user = await Client.NewUserAsync();
        var response = await Client.SendAsync(HttpMethod.Post, Client.Api("/api/threads"), null, user.AccessToken);
        Assert.That(response.Code, Is.EqualTo(201), response.ToString());
        Assert.That(response.Json.GetProperty("title").GetString(), Is.Not.Empty);
    }

    [Test]
    public async Task Listing_threads_shows_only_the_callers_own()
    {
        var alice = await Client.NewUserAsync("alice");
        var bob = await Client.NewUserAsync("bob");
        var first = await Client.CreateThreadAsync(alice, "first");
        var second = await Client.CreateThreadAsync(alice, "second");
        await Client.CreateThreadAsync(bob, "bob's");

        var response = await Client.GetAsync(Client.Api("/api/threads"), alice.AccessToken);

        Assert.That(response.Code, Is.EqualTo(200), response.ToString());
        var ids = response.Json.GetProperty("threads").EnumerateArray().Select(t => t.GetProperty("id").GetString()).ToList();
        Assert.That(ids, Is.EquivalentTo(new[] { first, second }));
        Assert.That(response.Json.GetProperty("total").GetInt32(), Is.EqualTo(2));
        var thread = response.Json.GetProperty("threads")[0];
        foreach (var field in new[] { "id", "title", "created_at", "updated_at", "message_count" })
        {
            Assert.That(thread.TryGetProperty(field, out _), Is.True, $"thread lacks {field}: {thread}");
        }
    }

    [Test]
    public async Task Reading_and_deleting_an_own_thread_works()
    {
        var user = await Client.NewUserAsync();
        var id = await Client.CreateThreadAsync(user, "to delete");

        var read = await Client.GetAsync(Client.Api($"/api/threads/{id}"), user.AccessToken);
        Assert.That(read.Code, Is.EqualTo(200), read.ToString());
        Assert.That(read.Json.GetProperty("id").GetString(), Is.EqualTo(id));

        var messages = await Client.GetAsync(Client.Api($"/api/threads/{id}/messages"), user.AccessToken);
        Assert.That(messages.Code, Is.EqualTo(200), messages.ToString());
        Assert.That(messages.Json.GetProperty("thread_id").GetString(), Is.EqualTo(id));
        Assert.That(messages.Json.GetProperty("total").GetInt32(), Is.Zero);

        var delete = await Client.DeleteAsync(Client.Api($"/api/threads/{id}"), user.AccessToken);
        Assert.That(delete.Code, Is.EqualTo(204), delete.ToString());
        var gone = await Client.GetAsync(Client.Api($"/api/threads/{id}"), user.AccessToken);
        Assert.That(gone.Code, Is.EqualTo(404), gone.ToString());
    }

    [TestCase("GET", "", TestName = "Reading another user's thread is 404")]
    [TestCase("GET", "/messages", TestName = "Reading another user's messages is 404")]
    [TestCase("DELETE", "", TestName = "Deleting another user's thread is 404")]
    public async Task Another_users_thread_is_404(string method, string suffix)
    {
        var alice = await Client.NewUserAsync("alice");
        var bob = await Client.NewUserAsync("bob");
        var id = await Client.CreateThreadAsync(alice, "private");

        var response = await Client.SendAsync(new HttpMethod(method), Client.Api($"/api/threads/{id}{suffix}"), null, bob.AccessToken);

        Assert.That(response.Code, Is.EqualTo(404), response.ToString());
        Assert.That(response.Json.GetProperty("error_code").GetString(), Is.EqualTo("THREAD_NOT_FOUND"));
        Assert.That((await Client.GetAsync(Client.Api($"/api/threads/{id}"), alice.AccessToken)).Code, Is.EqualTo(200), "the owner lost it");
    }

    [Test]
    public async Task An_unknown_thread_is_404_in_the_error_format()
    {
        var user = await Client.NewUserAsync();
        var response = await Client.GetAsync(Client.Api($"/api/threads/{Guid.NewGuid()}"), user.AccessToken);
        Assert.That(response.Code, Is.EqualTo(404), response.ToString());
        Assert.That(response.Json.GetProperty("error").GetBoolean(), Is.True);
    }
}
