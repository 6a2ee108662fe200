using System.Text.Json;
using Acceptance.ReferencePlatform.Tests.Support;
using Json.Schema;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.Contract;

/// <summary>
/// The platform's agent channel against the JSON Schemas the suite validates with (Support/Schemas, the payloads of
/// docs/asyncapi.yaml): every kind of frame it sends matches the schema of its type, and the client messages
/// it takes match theirs.
/// </summary>
[TestFixture]
public sealed class ChannelSchemaTests : DefaultPlatformFixture
{
    private static readonly string Folder = Path.Combine(RepositoryRoot(), "Support", "Schemas");

    [Test]
    public async Task Every_frame_of_a_conversation_matches_the_schema_of_its_type()
    {
        var user = await Client.NewUserAsync("schemas");
        await using var socket = await AgentSocket.ConnectAsync(Client.Platform.WebSocketUrl, user.AccessToken);
        var sent = new List<string>();
        async Task Send(string text)
        {
            sent.Add(text);
            await socket.SendTextAsync(text);
        }

        await Send("""{"type":"ping"}""");
        var frames = new List<Frame> { await socket.NextAsync("a pong") };
        await Send("""{"type":"user_message","payload":{"text":"Our GPU bill is $20,000 a month"}}""");
        frames.AddRange(await socket.UntilAsync("agent_completed", TimeSpan.FromSeconds(10)));
        var thread = frames.Last().Json.GetProperty("thread_id").GetString();
        await Send("{\"type\":\"user_message\",\"payload\":{\"text\":\"FORCE_ERROR please\",\"thread_id\":\"" + thread + "\"}}");
        frames.AddRange(await socket.UntilAsync("agent_error", TimeSpan.FromSeconds(10)));
        await socket.SendTextAsync("""{"type":"dance"}"""); // refused, so not one of the client messages to check
        frames.Add(await socket.NextAsync("an error frame"));

        var types = frames.Select(f => f.Type).Prepend("connection_established").Distinct().Order().ToList();
        Assert.That(types, Is.EqualTo(new[] { "agent_completed", "agent_error", "agent_started", "agent_thinking", "connection_established",
            "error", "pong", "tool_completed", "tool_executing" }), socket.Transcript);
        var problems = frames.Select(f => f.Text).Prepend(socket.Established.GetRawText()).Concat(sent)
            .SelectMany(Problems).ToList();
        Assert.That(problems, Is.Empty, socket.Transcript);
    }

    private static IEnumerable<string> Problems(string frame)
    {
        var element = JsonDocument.Parse(frame).RootElement;
        var type = element.GetProperty("type").GetString()!;
        var file = Path.Combine(Folder, $"{type}.schema.json");
        if (!File.Exists(file))
        {
            return [$"{type}: no schema {file}"];
        }
        var result = JsonSchema.FromText(File.ReadAllText(file))
            .Evaluate(element, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        return result.IsValid ? [] : [$"{type}: {frame} does not match {Path.GetFileName(file)}: " +
            string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Value}")))];
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Acceptance.sln")))
            {
                return directory.FullName;
            }
        }
        throw new DirectoryNotFoundException($"No Acceptance.sln above {AppContext.BaseDirectory}: cannot find Support/Schemas.");
    }
}
