using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Acceptance.ReferencePlatform.Hosting;

/// <summary>Writes an error response in an origin's own format (the api's error object, the auth service's detail).</summary>
public delegate Task ErrorWriter(HttpContext context, int status, string errorCode, string message);

/// <summary>What every origin does around its endpoints: a request id, and no stack trace or bare error page ever.</summary>
public static partial class RequestPipeline
{
    public const string RequestIdHeader = "X-Request-ID";

    public static WebApplication UsePlatformPipeline(this WebApplication app, ErrorWriter writeError)
    {
        app.Use(async (context, next) =>
        {
            var incoming = context.Request.Headers[RequestIdHeader].ToString();
            context.TraceIdentifier = SafeRequestId().IsMatch(incoming) ? incoming : Guid.NewGuid().ToString("N");
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[RequestIdHeader] = context.TraceIdentifier;
                return Task.CompletedTask;
            });
            try
            {
                await next(context);
            }
            catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                var status = e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
                if (status >= 500)
                {
                    app.Logger.LogError(e, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
                }
                context.Response.Clear();
                await writeError(context, status, CodeFor(status), status >= 500 ? "An unexpected error occurred" : e.Message);
            }
        });
        app.UseStatusCodePages(async statusContext =>
        {
            var context = statusContext.HttpContext;
            await writeError(context, context.Response.StatusCode, CodeFor(context.Response.StatusCode), MessageFor(context.Response.StatusCode));
        });
        return app;
    }

    public static string CodeFor(int status) => status switch
    {
        400 => "BAD_REQUEST",
        401 => "UNAUTHORIZED",
        403 => "FORBIDDEN",
        404 => "NOT_FOUND",
        405 => "METHOD_NOT_ALLOWED",
        413 => "PAYLOAD_TOO_LARGE",
        415 => "UNSUPPORTED_MEDIA_TYPE",
        429 => "RATE_LIMITED",
        503 => "SERVICE_UNAVAILABLE",
        >= 500 => "INTERNAL_ERROR",
        _ => "ERROR",
    };

    private static string MessageFor(int status) => status switch
    {
        404 => "Not found",
        405 => "Method not allowed",
        413 => "Request body too large",
        // Routing refuses a body whose Content-Type the endpoint does not accept (its Accepts metadata).
        415 => "Content-Type must be application/json",
        _ => "Request failed",
    };

    [GeneratedRegex("^[A-Za-z0-9._-]{1,128}$")]
    private static partial Regex SafeRequestId();
}
