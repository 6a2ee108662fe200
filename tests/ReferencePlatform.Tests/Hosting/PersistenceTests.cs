using Acceptance.ReferencePlatform.Tests.Support;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.Hosting;

// Timing-sensitive (start-up, delays, expiry, shutdown): runs alone, not beside the other fixtures' platforms.
[TestFixture, NonParallelizable]
public sealed class PersistenceTests
{
    [Test]
    public async Task Keeping_the_database_file_keeps_users_and_threads_across_restarts()
    {
        var folder = Directory.CreateTempSubdirectory("platform-persistence-");
        try
        {
            string[] args = ["--Platform:AuthPort=0", "--Platform:ApiPort=0", "--Platform:AppPort=0",
                $"--Platform:DatabasePath={Path.Combine(folder.FullName, "kept.db")}"];
            var email = $"kept-{Guid.NewGuid():N}@example.com";
            string threadId;
            await using (var first = await PlatformHost.StartAsync(args))
            {
                using var client = new PlatformClient(first);
                var registered = await client.PostJsonAsync(client.Auth("/auth/register"), new { email, password = "kept-password", name = "Kept" });
                Assert.That(registered.Code, Is.EqualTo(201), registered.ToString());
                threadId = await client.CreateThreadAsync(PlatformClient.FromPair(registered.Json), "kept thread");
            }
            await using var second = await PlatformHost.StartAsync(args);
            using var again = new PlatformClient(second);
            var user = await again.LoginAsync(email, "kept-password");
            var thread = await again.GetAsync(again.Api($"/api/threads/{threadId}"), user.AccessToken);
            Assert.That(thread.Code, Is.EqualTo(200), thread.ToString());
            Assert.That(thread.Json.GetProperty("title").GetString(), Is.EqualTo("kept thread"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public async Task Personas_come_from_configuration()
    {
        await using var platform = await PlatformHost.StartAsync(["--Platform:AuthPort=0", "--Platform:ApiPort=0", "--Platform:AppPort=0",
            "--Platform:Personas:0:Email=carol@example.com", "--Platform:Personas:0:Password=correct-horse-carol", "--Platform:Personas:0:Name=Carol"]);
        using var client = new PlatformClient(platform);
        var carol = await client.LoginAsync("carol@example.com", "correct-horse-carol");
        var me = await client.GetAsync(client.Auth("/auth/me"), carol.AccessToken);
        Assert.That(me.Json.GetProperty("name").GetString(), Is.EqualTo("Carol"));
    }
}
