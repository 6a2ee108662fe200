using System.Text.Json.Nodes;
using Acceptance.Support.Drivers;
using Acceptance.Support.Platform;
using Acceptance.Support.Schemas;
using NUnit.Framework;
using YamlDotNet.RepresentationModel;

namespace Acceptance.Support.Tests;

/// <summary>
/// docs/asyncapi.yaml and the JSON Schemas the suite validates frames with (Support/Schemas) are one contract:
/// every message's payload is a $ref to one of those files, every file is some message's payload, every $ref
/// resolves, and the message and event names are the suite's own.
/// </summary>
[TestFixture]
public sealed class AsyncApiDriftTests
{
    private const string ChannelAddress = "/api/v1/websocket";
    private static readonly string Docs = Path.Combine(RepositoryRoot.Find(), "docs");
    private static readonly string SchemaFolder = Path.Combine(RepositoryRoot.Find(), "Support", "Schemas");

    private static readonly Lazy<JsonObject> Document = new(() =>
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Docs, "asyncapi.yaml"));
        yaml.Load(reader);
        return (JsonObject)ToJson(yaml.Documents.Single().RootNode)!;
    });

    private static JsonObject AsyncApi => Document.Value;

    private static JsonObject Messages => AsyncApi["components"]!["messages"]!.AsObject();

    private static IEnumerable<string> SchemaFiles() =>
        Directory.GetFiles(SchemaFolder, "*.schema.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    [Test]
    public void It_is_an_AsyncAPI_3_0_document_of_the_agent_channel()
    {
        Assert.Multiple(() =>
        {
            Assert.That(AsyncApi["asyncapi"]?.GetValue<string>(), Is.EqualTo("3.0.0"));
            Assert.That(AsyncApi["channels"]!.AsObject().Select(c => c.Value!["address"]?.GetValue<string>()), Is.EqualTo(new[] { ChannelAddress }));
        });
    }

    [TestCaseSource(nameof(SchemaFiles))]
    public void Every_schema_the_suite_validates_with_is_a_message_payload(string file)
    {
        var payloads = Messages.Select(m => m.Value!["payload"]?["$ref"]?.GetValue<string>()).ToList();
        Assert.That(payloads, Has.Member($"../Support/Schemas/{file}"),
            $"Support/Schemas/{file} is not the payload of any message in docs/asyncapi.yaml");
    }

    [Test]
    public void Every_ref_resolves()
    {
        var unresolved = Refs(AsyncApi).Where(r => !Resolves(r)).ToList();
        Assert.That(unresolved, Is.Empty, "$refs in docs/asyncapi.yaml that point nowhere");
    }

    [Test]
    public void Every_message_is_named_as_its_schema_and_the_frames_type()
    {
        foreach (var (id, message) in Messages)
        {
            var file = message!["payload"]?["$ref"]?.GetValue<string>() ?? "";
            var schema = JsonNode.Parse(File.ReadAllText(Path.GetFullPath(Path.Combine(Docs, file))))!;
            Assert.Multiple(() =>
            {
                Assert.That(file, Is.EqualTo($"../Support/Schemas/{id}.schema.json"), $"message {id}'s payload");
                Assert.That(message["name"]?.GetValue<string>(), Is.EqualTo(id), $"message {id}'s name");
                Assert.That(schema["title"]?.GetValue<string>(), Is.EqualTo(id), $"{file}'s title");
                Assert.That(schema["properties"]?["type"]?["const"]?.GetValue<string>(), Is.EqualTo(id), $"{file}'s type");
            });
        }
    }

    [Test]
    public void The_run_events_are_the_suites_in_the_suites_order()
    {
        var received = OperationMessages("receiveRunEvents");
        Assert.That(received, Is.EqualTo(AgentRun.RunEventTypes), "receiveRunEvents in docs/asyncapi.yaml against AgentRun.RunEventTypes");
    }

    [Test]
    public void Connection_established_announces_the_suites_golden_path()
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(SchemaFolder, "connection_established.schema.json")))!;
        var announced = schema["properties"]!["data"]!["properties"]!["golden_path_events"]!["const"]!.AsArray().Select(e => e!.GetValue<string>());
        Assert.That(announced, Is.EqualTo(AgentRun.GoldenPath));
    }

    [Test]
    public void The_channel_carries_every_message_and_every_operation_uses_only_the_channels_messages()
    {
        var channel = AsyncApi["channels"]!["agent"]!["messages"]!.AsObject().Select(m => m.Key).Order().ToList();
        var used = AsyncApi["operations"]!.AsObject()
            .SelectMany(o => OperationMessages(o.Key).Concat(ReplyMessages(o.Key))).Distinct().Order().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(channel, Is.EqualTo(Messages.Select(m => m.Key).Order().ToList()), "channel messages against components.messages");
            Assert.That(used, Is.EqualTo(channel), "messages used by operations against the channel's");
        });
    }

    [Test]
    public void The_suites_validator_knows_every_message()
    {
        var schemas = MessageSchemas.Load(SchemaFolder);
        Assert.That(schemas.EventTypes.Order(), Is.EqualTo(Messages.Select(m => m.Key).Order()));
    }

    private static IEnumerable<string> OperationMessages(string operation) =>
        AsyncApi["operations"]![operation]!["messages"]!.AsArray().Select(m => LastSegment(m!["$ref"]!.GetValue<string>()));

    private static IEnumerable<string> ReplyMessages(string operation) =>
        AsyncApi["operations"]![operation]!["reply"]?["messages"]?.AsArray().Select(m => LastSegment(m!["$ref"]!.GetValue<string>())) ?? [];

    private static string LastSegment(string reference) => reference[(reference.LastIndexOf('/') + 1)..];

    private static IEnumerable<string> Refs(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "$ref" && p.Value is JsonValue v ? [v.GetValue<string>()] : Refs(p.Value)),
        JsonArray a => a.SelectMany(Refs),
        _ => [],
    };

    /// <summary>A reference into this document (#/a/b) or to a file beside it.</summary>
    private static bool Resolves(string reference)
    {
        if (!reference.StartsWith('#'))
        {
            return File.Exists(Path.GetFullPath(Path.Combine(Docs, reference)));
        }
        JsonNode? node = AsyncApi;
        foreach (var segment in reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node is JsonObject o && o.TryGetPropertyValue(segment.Replace("~1", "/").Replace("~0", "~"), out var next) ? next : null;
        }
        return node is not null;
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };
}
