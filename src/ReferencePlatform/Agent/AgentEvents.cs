using System.Text.Json.Nodes;

namespace Acceptance.ReferencePlatform.Agent;

/// <summary>The frames of the agent WebSocket.</summary>
public static class AgentEvents
{
    public const string AgentStarted = "agent_started";
    public const string AgentThinking = "agent_thinking";
    public const string ToolExecuting = "tool_executing";
    public const string ToolCompleted = "tool_completed";
    public const string AgentCompleted = "agent_completed";
    public const string AgentError = "agent_error";

    public static readonly IReadOnlyList<string> GoldenPath = [AgentStarted, AgentThinking, ToolExecuting, ToolCompleted, AgentCompleted];

    public const int MaxMessageSize = 8192;

    public static string Timestamp() => DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");

    /// <summary>
    /// A run event: the common fields and the event's own fields at the top level, the event's own fields
    /// also under "data" (so agent_started carries data.message, as the contract says, and every event has
    /// the same shape).
    /// </summary>
    public static JsonObject RunEvent(string type, AgentRun run, JsonObject fields)
    {
        var frame = new JsonObject
        {
            ["type"] = type,
            ["run_id"] = run.RunId,
            ["thread_id"] = run.ThreadId,
            ["user_id"] = run.UserId,
            ["agent_name"] = CostOptimizerAgent.Name,
            ["timestamp"] = Timestamp(),
        };
        foreach (var (name, value) in fields)
        {
            frame[name] = value?.DeepClone();
        }
        frame["data"] = fields;
        return frame;
    }

    public static JsonObject Error(string code, string message) => new()
    {
        ["type"] = "error",
        ["error_code"] = code,
        ["message"] = message,
        ["timestamp"] = Timestamp(),
    };
}

public static class SocketErrors
{
    public const string JsonParseError = "JSON_PARSE_ERROR";
    public const string MessageTooLarge = "MESSAGE_TOO_LARGE";
    public const string UnknownType = "UNKNOWN_TYPE";
    public const string ThreadNotFound = "THREAD_NOT_FOUND";
    public const string ValidationError = "VALIDATION_ERROR";
    public const string TokenExpired = "TOKEN_EXPIRED";
    public const string TokenRevoked = "TOKEN_REVOKED";
}
