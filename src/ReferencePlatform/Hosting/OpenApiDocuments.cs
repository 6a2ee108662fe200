using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Acceptance.ReferencePlatform.Hosting;

/// <summary>Marks an endpoint that needs an access token (the OpenAPI document names the bearer scheme on it).</summary>
public sealed record BearerTokenRequired;

/// <summary>
/// The OpenAPI 3.1 document each origin serves at /openapi/v1.json (ASP.NET Core's own generator), from the
/// endpoints' metadata: the request bodies they read by hand (Accepts), every status they answer with
/// (Produces) and the bearer scheme. Copies are kept in docs/openapi/ and a test compares them.
/// </summary>
public static class OpenApiDocuments
{
    public const string DocumentName = "v1";
    public const string Route = "/openapi/{documentName}.json";
    public const string BearerScheme = "bearer";

    public static IServiceCollection AddPlatformOpenApi(this IServiceCollection services, string title, string description)
    {
        services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo { Title = title, Version = "1.0.0", Description = description };
                // The generator names the address the document was fetched from; the committed copy must not depend on it.
                document.Servers = [];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.Headers ??= new Dictionary<string, IOpenApiHeader>();
                document.Components.Headers[RequestPipeline.RequestIdHeader] = new OpenApiHeader
                {
                    Description = "The request's id: the caller's own (1-128 of A-Za-z0-9._-) echoed, or a new one.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                };
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "An access token from the auth origin (HS256 JWT, token_type \"access\").",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<BearerTokenRequired>().Any())
                {
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
                }
                DescribeHeaders(operation, context.Document);
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                MarkRequired(schema, context.JsonTypeInfo, context.JsonPropertyInfo);
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static WebApplication MapPlatformOpenApi(this WebApplication app)
    {
        app.MapOpenApi(Route);
        return app;
    }

    /// <summary>
    /// The request body an endpoint reads by hand (JsonBody), and the answers to a body it cannot take, in the
    /// origin's error format (<paramref name="errorType"/>).
    /// </summary>
    public static RouteHandlerBuilder AcceptsJson<TRequest>(this RouteHandlerBuilder builder, Type errorType)
        where TRequest : notnull =>
        builder.Accepts<TRequest>("application/json")
            .ProducesError(errorType, StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);

    /// <summary>Error answers in an origin's own format (the api's error object, the auth service's detail).</summary>
    public static TBuilder ProducesError<TBuilder>(this TBuilder builder, Type errorType, params int[] statuses)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, errorType, ["application/json"]));
        }
        return builder;
    }

    /// <summary>Needs "Authorization: Bearer &lt;access token&gt;"; refused with 401 in the error format otherwise.</summary>
    public static TBuilder RequiresBearerToken<TBuilder>(this TBuilder builder, Type errorType)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BearerTokenRequired()).ProducesError(errorType, StatusCodes.Status401Unauthorized);

    /// <summary>A request header an endpoint reads by hand.</summary>
    public static Task AddHeaderParameter(OpenApiOperation operation, string name, string description, bool required)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = name, In = ParameterLocation.Header, Required = required, Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
        return Task.CompletedTask;
    }

    private static void DescribeHeaders(OpenApiOperation operation, OpenApiDocument? document)
    {
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (response is not OpenApiResponse concrete)
            {
                continue;
            }
            var header = status switch
            {
                "401" => ("WWW-Authenticate", "The Bearer challenge (with error=\"invalid_token\" when a token was given)."),
                "429" => ("Retry-After", "Seconds to wait before trying again."),
                _ => ((string, string)?)null,
            };
            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            if (header is var (name, description))
            {
                concrete.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            }
            concrete.Headers[RequestPipeline.RequestIdHeader] = new OpenApiHeaderReference(RequestPipeline.RequestIdHeader, document);
        }
    }

    /// <summary>Every property that is never null is required (records' non-nullable members); the others are optional, not nullable.</summary>
    private static void MarkRequired(OpenApiSchema schema, JsonTypeInfo type, JsonPropertyInfo? property)
    {
        if (property is not null || type.Kind != JsonTypeInfoKind.Object || schema.Properties is not { Count: > 0 } properties)
        {
            return;
        }
        foreach (var member in type.Properties)
        {
            if (!properties.TryGetValue(member.Name, out var memberSchema))
            {
                continue;
            }
            if (!member.IsGetNullable)
            {
                schema.Required ??= new HashSet<string>();
                schema.Required.Add(member.Name);
            }
            else if (memberSchema is OpenApiSchema { Type: { } kind } concrete && kind.HasFlag(JsonSchemaType.Null))
            {
                // Null members are left out of the JSON (WhenWritingNull), never written as null.
                concrete.Type = kind & ~JsonSchemaType.Null;
            }
        }
    }
}
