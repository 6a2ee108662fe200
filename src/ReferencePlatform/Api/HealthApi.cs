using Acceptance.ReferencePlatform.Faults;
using Acceptance.ReferencePlatform.Hosting;
using Acceptance.ReferencePlatform.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Acceptance.ReferencePlatform.Api;

public sealed record HealthResponse(string Status, string? Service = null, string? Version = null);

public sealed record HealthChecks(string Database, string Auth);

public sealed record ApiHealthResponse(string Status, HealthChecks Checks);

/// <summary>/health and /health/ready, on both the auth and the api origin.</summary>
public static class HealthApi
{
    public const string Version = "1.0.0";

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app, string service)
    {
        app.MapGet("/health", (StartupGate gate, PlatformDatabase database, IOptions<FaultOptions> faults) =>
                // Fault HealthStatus: this origin reports the status it names instead of "healthy".
                Health(gate, database, service, faults.Value.HealthStatusOf(service) ?? "healthy"))
            .Produces<HealthResponse>().Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable).WithTags("health")
            .WithSummary("Liveness: 503 {\"status\":\"starting\"} while starting, 503 unavailable without the database");
        app.MapGet("/health/ready", (StartupGate gate, PlatformDatabase database) => Health(gate, database, service, "ready"))
            .Produces<HealthResponse>().Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable).WithTags("health")
            .WithSummary("Readiness: 200 {\"status\":\"ready\"} once the origin serves");
        return app;
    }

    /// <summary>/api/health: the backend's own view of its dependencies; needs no token.</summary>
    public static IEndpointRouteBuilder MapApiHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", (PlatformDatabase database, IOptions<FaultOptions> faults) =>
        {
            var databaseUp = database.IsReachable();
            var body = new ApiHealthResponse(databaseUp ? "healthy" : "unhealthy", new HealthChecks(databaseUp ? "ok" : "unavailable", "ok"));
            if (faults.Value.DependenciesDown is { Count: > 0 } down)
            {
                // Fault DependencyDown: the named dependencies are reported down; the overall status is left as it was.
                var checks = new Dictionary<string, string> { ["database"] = body.Checks.Database, ["auth"] = body.Checks.Auth };
                foreach (var name in down)
                {
                    checks[name] = "down";
                }
                return TypedResults.Json<object>(new { status = body.Status, checks }, statusCode: databaseUp ? 200 : 503);
            }
            return databaseUp ? TypedResults.Json<object>(body) : TypedResults.Json<object>(body, statusCode: StatusCodes.Status503ServiceUnavailable);
        })
            .Produces<ApiHealthResponse>().Produces<ApiHealthResponse>(StatusCodes.Status503ServiceUnavailable).WithTags("health")
            .WithSummary("The backend's dependencies; needs no token");
        return app;
    }

    private static JsonHttpResult<HealthResponse> Health(StartupGate gate, PlatformDatabase database, string service, string readyStatus)
    {
        if (gate.IsStarting)
        {
            return TypedResults.Json(new HealthResponse("starting"), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        return database.IsReachable()
            ? TypedResults.Json(new HealthResponse(readyStatus, service, Version))
            : TypedResults.Json(new HealthResponse("unavailable", service, Version), statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
