using Acceptance.Support.Schemas;
using NUnit.Framework;

namespace Acceptance.Support.Tests;

/// <summary>The schemas of the agent channel's other messages (besides run events): what passes and what does not.</summary>
[TestFixture]
public sealed class ChannelMessageSchemaTests
{
    private static readonly MessageSchemas Schemas = MessageSchemas.Load(Path.Combine(AppContext.BaseDirectory, "Support", "Schemas"));

    private const string Established = """{"type":"connection_established","timestamp":"2026-11-26T05:40:00.123Z","data":{"connection_id":"c-1","user_id":"u-1","server_time":"2026-11-26T05:40:00.123Z","golden_path_events":["agent_started","agent_thinking","tool_executing","tool_completed","agent_completed"],"max_message_size":8192}}""";

    [TestCase(Established, TestName = "connection_established passes")]
    [TestCase("""{"type":"error","error_code":"UNKNOWN_TYPE","message":"Unknown message type 'dance'","timestamp":"2026-11-26T05:40:00.123Z"}""", TestName = "an error frame passes")]
    [TestCase("""{"type":"pong","timestamp":"2026-11-26T05:40:00.123Z"}""", TestName = "pong passes")]
    [TestCase("""{"type":"ping"}""", TestName = "ping passes")]
    [TestCase("""{"type":"user_message","payload":{"text":"How can I cut my GPU costs?"}}""", TestName = "a user message passes")]
    [TestCase("""{"type":"user_message","payload":{"text":"And storage?","thread_id":"t-1"}}""", TestName = "a user message in a thread passes")]
    public void A_well_formed_message_passes(string message) => Assert.That(Schemas.Problems(message), Is.Empty);

    [TestCase("""{"type":"error","error_code":"OOPS","message":"x"}""", "error_code", TestName = "an error code outside the contract fails")]
    [TestCase("""{"type":"error","message":"x"}""", "error_code", TestName = "an error frame without a code fails")]
    [TestCase("""{"type":"user_message","payload":{}}""", "text", TestName = "a user message without text fails")]
    [TestCase("""{"type":"user_message","payload":{"text":"   "}}""", "text", TestName = "a user message of whitespace fails")]
    [TestCase("""{"type":"user_message","payload":{"text":"hi","thread_id":7}}""", "thread_id", TestName = "a numeric thread_id fails")]
    [TestCase("""{"type":"connection_established","data":{"connection_id":"c-1","user_id":"u-1","server_time":"2026-11-26T05:40:00Z","golden_path_events":["agent_started","agent_completed"],"max_message_size":8192}}""", "golden_path_events", TestName = "a connection announcing two events fails")]
    [TestCase("""{"type":"connection_established","data":{"connection_id":"c-1","user_id":"u-1","server_time":"2026-11-26T05:40:00Z","golden_path_events":["agent_started","agent_thinking","tool_executing","tool_completed","agent_completed"],"max_message_size":65536}}""", "max_message_size", TestName = "a connection announcing another size limit fails")]
    public void A_malformed_message_fails_naming_the_field(string message, string field) =>
        Assert.That(Schemas.Problems(message), Has.Some.Contains(field));
}
