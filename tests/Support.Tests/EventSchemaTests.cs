using System.Text.Json.Nodes;
using Acceptance.Support.Schemas;
using NUnit.Framework;

namespace Acceptance.Support.Tests;

[TestFixture]
public sealed class EventSchemaTests
{
    private static readonly MessageSchemas Schemas = MessageSchemas.Load(Path.Combine(AppContext.BaseDirectory, "Support", "Schemas"));

    private static JsonObject Event(string type, JsonObject fields)
    {
        var frame = new JsonObject
        {
            ["type"] = type,
            ["run_id"] = "run-1",
            ["thread_id"] = "thread-1",
            ["user_id"] = "user-1",
            ["agent_name"] = "cost_optimizer",
            ["timestamp"] = "2026-11-26T05:40:00.123Z",
        };
        foreach (var (name, value) in fields) frame[name] = value?.DeepClone();
        return frame;
    }

    private static readonly Dictionary<string, JsonObject> GoodEvents = new()
    {
        ["agent_started"] = Event("agent_started", new() { ["data"] = new JsonObject { ["message"] = "Starting" } }),
        ["agent_thinking"] = Event("agent_thinking", new() { ["reasoning"] = "Looking at GPU spend" }),
        ["tool_executing"] = Event("tool_executing", new() { ["tool_name"] = "cost_analyzer", ["parameters"] = new JsonObject { ["service"] = "gpu" } }),
        ["tool_completed"] = Event("tool_completed", new() { ["tool_name"] = "cost_analyzer", ["results"] = new JsonObject { ["savings"] = 38 }, ["duration"] = 120.5 }),
        ["agent_completed"] = Event("agent_completed", new() { ["status"] = "completed", ["final_response"] = "Use spot instances." }),
        ["agent_error"] = Event("agent_error", new() { ["error_message"] = "Forced failure" }),
    };

    public static IEnumerable<string> EventTypes => GoodEvents.Keys;

    [TestCaseSource(nameof(EventTypes))]
    public void A_well_formed_event_passes(string type) =>
        Assert.That(Schemas.Problems(GoodEvents[type].ToJsonString()), Is.Empty);

    [TestCase("agent_thinking", "reasoning")]
    [TestCase("tool_executing", "parameters")]
    [TestCase("tool_completed", "duration")]
    [TestCase("agent_completed", "final_response")]
    [TestCase("agent_started", "run_id")]
    [TestCase("tool_completed", "timestamp")]
    public void An_event_without_a_required_field_fails_naming_it(string type, string field)
    {
        var broken = GoodEvents[type].DeepClone().AsObject();
        broken.Remove(field);
        Assert.That(Schemas.Problems(broken.ToJsonString()), Has.Some.Contains(field));
    }

    [Test]
    public void An_agent_started_without_its_message_fails()
    {
        var broken = GoodEvents["agent_started"].DeepClone().AsObject();
        broken["data"] = new JsonObject();
        Assert.That(Schemas.Problems(broken.ToJsonString()), Has.Some.Contains("message"));
    }

    [TestCase("yesterday")]
    [TestCase("2026-11-26 05:40:00")]
    [TestCase("2026-11-26T05:40:00+02:00")]
    public void A_timestamp_that_is_not_ISO_8601_UTC_fails(string timestamp)
    {
        var broken = GoodEvents["agent_thinking"].DeepClone().AsObject();
        broken["timestamp"] = timestamp;
        Assert.That(Schemas.Problems(broken.ToJsonString()), Is.Not.Empty);
    }

    [Test]
    public void A_completion_whose_status_is_not_completed_fails()
    {
        var broken = GoodEvents["agent_completed"].DeepClone().AsObject();
        broken["status"] = "done";
        Assert.That(Schemas.Problems(broken.ToJsonString()), Is.Not.Empty);
    }

    [Test]
    public void A_duration_given_as_text_fails()
    {
        var broken = GoodEvents["tool_completed"].DeepClone().AsObject();
        broken["duration"] = "120ms";
        Assert.That(Schemas.Problems(broken.ToJsonString()), Has.Some.Contains("duration"));
    }

    [Test]
    public void A_numeric_run_id_fails()
    {
        var broken = GoodEvents["agent_thinking"].DeepClone().AsObject();
        broken["run_id"] = 17;
        Assert.That(Schemas.Problems(broken.ToJsonString()), Has.Some.Contains("run_id"));
    }

    [Test]
    public void An_event_of_an_unknown_type_has_no_schema() =>
        Assert.That(Schemas.Problems("""{"type":"agent_dreaming"}"""), Has.Some.Contains("no schema"));

    [Test]
    public void Text_that_is_not_JSON_fails() =>
        Assert.That(Schemas.Problems("{not json"), Has.Some.Contains("not JSON"));
}
