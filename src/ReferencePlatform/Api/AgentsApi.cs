using System.Diagnostics;
using System.Text.Json.Nodes;
using Acceptance.ReferencePlatform.Agent;
using Acceptance.ReferencePlatform.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Acceptance.ReferencePlatform.Api;

public sealed record ExecuteSuccess(string Status, string Agent, string Response, string RunId, double ExecutionTime, JsonObject Results);

public sealed record ExecuteFailure(string Status, string Agent, string Error);

/// <summary>POST /api/agents/execute: one run answered in the response, without a WebSocket.</summary>
public static class AgentsApi
{
    public const int MaxMessageLength = 8192;

    public static IEndpointRouteBuilder MapAgentsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/agents/execute", ExecuteAsync);
        return app;
    }

    public static async Task<Results<Ok<ExecuteSuccess>, Ok<ExecuteFailure>, JsonHttpResult<ApiErrorBody>>> ExecuteAsync(
        HttpContext context, Caller caller)
    {
        var body = await JsonBody.ReadAsync(context.Request);
        if (!body.IsValid)
        {
            return ApiErrors.BadBody(context, body);
        }
        var fields = body.ReadFields();
        fields.RequiredString("type", maxLength: 100);
        var message = fields.RequiredString("message", MaxMessageLength);
        if (fields.Error is { } problem)
        {
            return ApiErrors.Validation(context, problem);
        }
        var clock = Stopwatch.StartNew();
        if (CostOptimizerAgent.CannotHandle(message))
        {
            return TypedResults.Ok(new ExecuteFailure("error", CostOptimizerAgent.Name, "The agent could not handle this request (FORCE_ERROR)"));
        }
        var plan = CostOptimizerAgent.Plan(message);
        return TypedResults.Ok(new ExecuteSuccess("success", CostOptimizerAgent.Name, plan.FinalResponse, Guid.NewGuid().ToString(),
            Math.Round(clock.Elapsed.TotalSeconds, 6), plan.Results));
    }
}
