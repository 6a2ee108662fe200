using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Acceptance.ReferencePlatform.Agent;
using Acceptance.ReferencePlatform.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace Acceptance.ReferencePlatform.Api;

public sealed record ExecuteRequest(
    [property: MaxLength(100), Description("The agent type; any non-empty value reaches the one agent.")] string Type,
    [property: MaxLength(AgentsApi.MaxMessageLength)] string Message);

public sealed record ExecuteSuccess(string Status, string Agent, string Response, string RunId, double ExecutionTime, JsonObject Results);

public sealed record ExecuteFailure(string Status, string Agent, string Error);

/// <summary>POST /api/agents/execute: one run answered in the response, without a WebSocket.</summary>
public static class AgentsApi
{
    public const int MaxMessageLength = 8192;

    public static IEndpointRouteBuilder MapAgentsApi(this IEndpointRouteBuilder app)
    {
        var error = typeof(ApiErrorBody);
        app.MapPost("/api/agents/execute", ExecuteAsync).AcceptsJson<ExecuteRequest>(error)
            .RequiresBearerToken(error).ProducesError(error, 429).WithTags("agents")
            .WithSummary("Runs the agent once and answers in the response (no WebSocket)")
            .AddOpenApiOperationTransformer(async (operation, context, ct) =>
            {
                // Two 200 bodies: the answer, or the run's failure (FORCE_ERROR); metadata alone keeps only one.
                var success = await context.GetOrCreateSchemaAsync(typeof(ExecuteSuccess), null, ct);
                var failure = await context.GetOrCreateSchemaAsync(typeof(ExecuteFailure), null, ct);
                operation.Responses!["200"].Content!["application/json"].Schema = new OpenApiSchema { OneOf = [success, failure] };
            });
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
