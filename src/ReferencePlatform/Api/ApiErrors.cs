using Acceptance.ReferencePlatform.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Acceptance.ReferencePlatform.Api;

public sealed record ApiErrorBody(bool Error, string ErrorCode, string Message, string RequestId);

/// <summary>The backend's one error format: {"error":true,"error_code","message","request_id"}.</summary>
public static class ApiErrors
{
    public const string JsonParseError = "JSON_PARSE_ERROR";
    public const string ValidationError = "VALIDATION_ERROR";
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    public const string Unauthorized = "UNAUTHORIZED";
    public const string ThreadNotFound = "THREAD_NOT_FOUND";
    public const string RateLimited = "RATE_LIMITED";

    public static JsonHttpResult<ApiErrorBody> Error(HttpContext context, int status, string code, string message) =>
        TypedResults.Json(new ApiErrorBody(true, code, message, context.TraceIdentifier), statusCode: status);

    public static JsonHttpResult<ApiErrorBody> Validation(HttpContext context, string message) =>
        Error(context, StatusCodes.Status422UnprocessableEntity, ValidationError, message);

    public static JsonHttpResult<ApiErrorBody> ThreadMissing(HttpContext context) =>
        Error(context, StatusCodes.Status404NotFound, ThreadNotFound, "Thread not found");

    /// <summary>The answer to a body that could not be read: 400, 413, 415 or 422.</summary>
    public static JsonHttpResult<ApiErrorBody> BadBody(HttpContext context, JsonBody body) => body.Problem switch
    {
        BodyProblem.Malformed => Error(context, body.Status, JsonParseError, body.Message),
        BodyProblem.TooLarge => Error(context, body.Status, PayloadTooLarge, body.Message),
        BodyProblem.NotJson => Error(context, body.Status, UnsupportedMediaType, body.Message),
        _ => Validation(context, body.Message),
    };

    public static readonly ErrorWriter Write = (context, status, code, message) =>
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ApiErrorBody(true, code, message, context.TraceIdentifier));
    };
}
