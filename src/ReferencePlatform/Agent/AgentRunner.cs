using System.Diagnostics;
using System.Text.Json.Nodes;
using Acceptance.ReferencePlatform.Faults;
using Acceptance.ReferencePlatform.Storage;
using Microsoft.Extensions.Options;

namespace Acceptance.ReferencePlatform.Agent;

public sealed record AgentRun(string RunId, string ThreadId, string UserId, string Text);

/// <summary>Plays a run out as events to the owner's connections, one step at a time.</summary>
public sealed class AgentRunner(
    ThreadStore threads, ConnectionRegistry connections, IOptions<AgentOptions> agent, IOptions<FaultOptions> faults)
{
    private sealed record Step(string Name, Func<JsonObject> Fields);

    public async Task RunAsync(AgentRun run, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan? toolStarted = null;
        var steps = ApplySwapFault(PlanSteps(run, () => toolStarted, clock));
        var fault = faults.Value;
        for (var i = 0; i < steps.Count; i++)
        {
            var delay = (i > 0 ? agent.Value.StepDelayMs : 0) + Math.Max(0, fault.EventDelayMs);
            if (delay > 0)
            {
                await Task.Delay(delay, cancellationToken);
            }
            var step = steps[i];
            if (step.Name == AgentEvents.ToolExecuting)
            {
                toolStarted = clock.Elapsed;
            }
            var frame = AgentEvents.RunEvent(step.Name, run, step.Fields());
            if (step.Name == AgentEvents.AgentCompleted)
            {
                // Persisted before the event goes out, so history read on completion already has it.
                threads.AddMessage(run.ThreadId, "assistant", frame["final_response"]!.GetValue<string>());
                if (fault.AnswerTextMissing)
                {
                    // Fault: the event's answer text is empty (the field stays; history keeps the answer).
                    frame["final_response"] = "";
                    frame["data"]!["final_response"] = "";
                }
            }
            if (!string.Equals(step.Name, fault.DropEvent?.Trim(), StringComparison.Ordinal))
            {
                await SendToOwnerAsync(run.UserId, frame, cancellationToken);
            }
        }
        if (fault.CompletionAfterError && steps[^1].Name == AgentEvents.AgentError)
        {
            // Fault: a failed run is reported completed as well, shortly after its agent_error.
            await Task.Delay(300, cancellationToken);
            await SendToOwnerAsync(run.UserId, AgentEvents.RunEvent(AgentEvents.AgentCompleted, run,
                new JsonObject { ["status"] = "completed", ["final_response"] = "Done." }), cancellationToken);
        }
    }

    private List<Step> PlanSteps(AgentRun run, Func<TimeSpan?> toolStarted, Stopwatch clock)
    {
        if (CostOptimizerAgent.CannotHandle(run.Text))
        {
            return
            [
                new(AgentEvents.AgentStarted, () => new JsonObject { ["message"] = "Cost optimizer started" }),
                new(AgentEvents.AgentError, () => new JsonObject
                {
                    ["error_message"] = "The agent could not handle this request (FORCE_ERROR)",
                }),
            ];
        }
        var plan = CostOptimizerAgent.Plan(run.Text);
        return
        [
            new(AgentEvents.AgentStarted, () => new JsonObject { ["message"] = plan.StartMessage }),
            new(AgentEvents.AgentThinking, () => new JsonObject { ["reasoning"] = plan.Reasoning }),
            new(AgentEvents.ToolExecuting, () => new JsonObject
            {
                ["tool_name"] = plan.ToolName,
                ["parameters"] = plan.Parameters.DeepClone(),
            }),
            new(AgentEvents.ToolCompleted, () => new JsonObject
            {
                ["tool_name"] = plan.ToolName,
                ["results"] = plan.Results.DeepClone(),
                ["duration"] = (long)Math.Round((clock.Elapsed - (toolStarted() ?? clock.Elapsed)).TotalMilliseconds),
            }),
            new(AgentEvents.AgentCompleted, () => new JsonObject
            {
                ["status"] = "completed",
                ["final_response"] = plan.FinalResponse,
            }),
        ];
    }

    private List<Step> ApplySwapFault(List<Step> steps)
    {
        if (faults.Value.SwappedPair is not { } pair)
        {
            return steps;
        }
        var (first, second) = pair;
        var a = steps.FindIndex(s => s.Name == first);
        var b = steps.FindIndex(s => s.Name == second);
        if (a >= 0 && b >= 0)
        {
            (steps[a], steps[b]) = (steps[b], steps[a]);
        }
        return steps;
    }

    private async Task SendToOwnerAsync(string userId, JsonObject frame, CancellationToken cancellationToken)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(frame.ToJsonString());
        // Fault EventsToEveryone: every open channel, whoever's it is.
        var targets = faults.Value.EventsToEveryone ? connections.All() : connections.OfUser(userId);
        await Task.WhenAll(targets.Select(c => c.SendAsync(bytes, cancellationToken)));
    }
}
