using System.Reflection;
using Acceptance.ReferencePlatform.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Acceptance.ReferencePlatform.Api;

/// <summary>The signed-in user behind a backend request, taken from a valid access token.</summary>
public sealed record Caller(string UserId, string Email, TokenClaims Claims)
{
    /// <summary>Minimal API binding: the middleware has already refused requests without a caller.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(context.Features.Get<Caller>());
}

public static class CallerAuthentication
{
    /// <summary>
    /// Every /api/* call needs a valid Bearer access token; refused ones get 401 with WWW-Authenticate: Bearer
    /// in the error format. The listed paths authenticate on their own (health needs none, the WebSocket
    /// reads subprotocols too).
    /// </summary>
    public static WebApplication UseCallerAuthentication(this WebApplication app, params string[] exemptPaths)
    {
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (!path.StartsWithSegments("/api") || exemptPaths.Any(p => path.Equals(p, StringComparison.OrdinalIgnoreCase))
                || HttpMethods.IsOptions(context.Request.Method))
            {
                await next(context);
                return;
            }
            var token = BearerToken.From(context.Request);
            var check = await context.RequestServices.GetRequiredService<AccessTokens>().ValidateAsync(token, context.RequestAborted);
            if (!check.IsValid)
            {
                context.Response.Headers.WWWAuthenticate = token is null ? "Bearer" : "Bearer error=\"invalid_token\"";
                await ApiErrors.Write(context, StatusCodes.Status401Unauthorized, ApiErrors.Unauthorized,
                    token is null ? "Authentication required" : check.Message);
                return;
            }
            context.Features.Set(new Caller(check.Claims!.Subject, check.Claims.Email, check.Claims));
            await next(context);
        });
        return app;
    }
}
