using System.Buffers.Text;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Acceptance.ReferencePlatform.Api;
using Acceptance.ReferencePlatform.Auth;
using Acceptance.ReferencePlatform.Faults;
using Acceptance.ReferencePlatform.Hosting;
using Acceptance.ReferencePlatform.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Acceptance.ReferencePlatform.Agent;

public sealed record AgentSocketServices(
    TokenService Tokens, AccessTokens AccessTokens, ThreadStore Threads, ConnectionRegistry Connections, AgentRunner Runner,
    IOptions<FaultOptions> Faults, IOptions<AgentOptions> Agent, IHostApplicationLifetime Lifetime);

/// <summary>The agent WebSocket: authenticated handshake, then user messages in and run events out.</summary>
public static class AgentSocketApi
{
    public const string AuthSubprotocol = "jwt-auth";
    private const string TokenSubprotocolPrefix = "jwt.";
    private const int MaxDrainBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapAgentSocketApi(this IEndpointRouteBuilder app, string path)
    {
        app.MapGet(path, HandleAsync)
            .RequiresBearerToken(typeof(ApiErrorBody))
            .ProducesError(typeof(ApiErrorBody), StatusCodes.Status400BadRequest)
            .Produces(StatusCodes.Status101SwitchingProtocols)
            .WithTags("agent channel")
            .WithSummary("Opens the agent channel (WebSocket upgrade)")
            .WithDescription("The token comes in the Authorization header or, from browsers, as the subprotocols " +
                "[\"jwt-auth\", \"jwt.<base64url(token)>\"] (the server selects jwt-auth). Without a valid token the handshake is " +
                "refused with 401 before the upgrade; a plain GET is 400 WEBSOCKET_REQUIRED. The messages: docs/asyncapi.yaml.");
        return app;
    }

    public static async Task HandleAsync(HttpContext context, [AsParameters] AgentSocketServices services)
    {
        var token = BearerToken.From(context.Request) ?? SubprotocolToken(context.WebSockets.WebSocketRequestedProtocols);
        TokenClaims? claims = null;
        if (token is not null || !services.Faults.Value.AllowAnonymousWebSocket)
        {
            var check = await services.AccessTokens.ValidateAsync(token, context.RequestAborted);
            if (!check.IsValid)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await ApiErrors.Write(context, StatusCodes.Status401Unauthorized, ApiErrors.Unauthorized,
                    token is null ? "Authentication required" : check.Message);
                return;
            }
            claims = check.Claims;
        }
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await ApiErrors.Write(context, StatusCodes.Status400BadRequest, "WEBSOCKET_REQUIRED", "This endpoint requires a WebSocket upgrade");
            return;
        }
        var protocol = context.WebSockets.WebSocketRequestedProtocols.Contains(AuthSubprotocol) ? AuthSubprotocol : null;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = protocol });
        var connectionId = Guid.NewGuid().ToString();
        using var connection = new AgentConnection(connectionId, claims?.Subject ?? $"anonymous-{connectionId}", claims, socket);
        services.Connections.Add(connection);
        try
        {
            await connection.SendAsync(new JsonObject
            {
                ["type"] = "connection_established",
                ["timestamp"] = AgentEvents.Timestamp(),
                ["data"] = new JsonObject
                {
                    ["connection_id"] = connection.Id,
                    ["user_id"] = connection.UserId,
                    ["server_time"] = AgentEvents.Timestamp(),
                    ["golden_path_events"] = new JsonArray(AgentEvents.GoldenPath.Select(e => (JsonNode)JsonValue.Create(e)!).ToArray()),
                    ["max_message_size"] = AgentEvents.MaxMessageSize,
                },
            });
            await ReceiveLoopAsync(socket, connection, services);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The client went away or the server stopped waiting for it: nothing left to tell it.
        }
        finally
        {
            services.Connections.Remove(connection);
            if (socket.State != WebSocketState.Closed)
            {
                socket.Abort();
            }
        }
    }

    private static async Task ReceiveLoopAsync(WebSocket socket, AgentConnection connection, AgentSocketServices services)
    {
        // Not linked to ApplicationStopping: cancelling a receive aborts the socket, and a stopping server
        // closes every connection properly (1001) through the registry; Closing ends the wait after that.
        var stopping = connection.Closing;
        var pacer = new InboundPacer(services.Agent.Value.InboundMessagesPerSecond, services.Agent.Value.InboundBurst);
        while (socket.State == WebSocketState.Open)
        {
            var (type, bytes, tooLarge) = await ReceiveMessageAsync(socket, stopping);
            if (pacer.Take() is { } wait && wait > TimeSpan.Zero)
            {
                // A client past its rate waits on its own TCP window; the others are not slowed by it.
                await Task.Delay(wait, stopping);
            }
            if (type == WebSocketMessageType.Close)
            {
                await connection.CloseAsync(tooLarge ? WebSocketCloseStatus.MessageTooBig : WebSocketCloseStatus.NormalClosure, "");
                if (!tooLarge)
                {
                    return;
                }
                break;
            }
            if (connection.Claims is { } claims && services.Tokens.Recheck(claims) is { IsValid: false } recheck)
            {
                var code = recheck.Failure == TokenFailure.Expired ? SocketErrors.TokenExpired : SocketErrors.TokenRevoked;
                await connection.SendAsync(AgentEvents.Error(code, recheck.Message));
                await connection.CloseAsync(services.Faults.Value.PolicyCloseStatus, recheck.Message);
                break;
            }
            var reply = tooLarge
                ? AgentEvents.Error(SocketErrors.MessageTooLarge, $"Messages may be at most {AgentEvents.MaxMessageSize} bytes")
                : type == WebSocketMessageType.Binary
                    ? AgentEvents.Error(SocketErrors.ValidationError, "Binary frames are not accepted; send JSON as a text frame")
                    : HandleMessage(bytes!, connection, services);
            if (reply is not null)
            {
                await connection.SendAsync(reply);
            }
        }
        // The server closed: wait (bounded by connection.Closing) for the client's close answer.
        var buffer = new byte[1024];
        while (socket.State == WebSocketState.CloseSent)
        {
            await socket.ReceiveAsync(buffer, stopping);
        }
    }

    /// <summary>Handles one client message; returns the frame to answer with, if any.</summary>
    private static JsonObject? HandleMessage(byte[] bytes, AgentConnection connection, AgentSocketServices services)
    {
        if (JsonBody.Parse(bytes, out var frame) is { } problem)
        {
            return AgentEvents.Error(SocketErrors.JsonParseError, $"Message is not valid JSON: {problem}");
        }
        if (frame.ValueKind != JsonValueKind.Object)
        {
            return AgentEvents.Error(SocketErrors.ValidationError, "Message must be a JSON object");
        }
        if (!frame.TryGetProperty("type", out var typeValue) || typeValue.ValueKind != JsonValueKind.String)
        {
            return AgentEvents.Error(SocketErrors.ValidationError, "Field 'type' is required and must be a string");
        }
        var type = typeValue.GetString()!;
        return type switch
        {
            "ping" => new JsonObject { ["type"] = "pong", ["timestamp"] = AgentEvents.Timestamp() },
            "user_message" => StartRun(frame, connection, services),
            _ => AgentEvents.Error(SocketErrors.UnknownType, $"Unknown message type '{Shorten(type)}'"),
        };
    }

    private static JsonObject? StartRun(JsonElement frame, AgentConnection connection, AgentSocketServices services)
    {
        if (!frame.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object)
        {
            return AgentEvents.Error(SocketErrors.ValidationError, "Field 'payload' is required and must be an object");
        }
        if (!payload.TryGetProperty("text", out var textValue) || textValue.ValueKind != JsonValueKind.String
            || string.IsNullOrWhiteSpace(textValue.GetString()))
        {
            return AgentEvents.Error(SocketErrors.ValidationError, "Field 'payload.text' is required and must be a non-empty string");
        }
        var text = textValue.GetString()!;
        string? threadId = null;
        if (payload.TryGetProperty("thread_id", out var threadValue) && threadValue.ValueKind != JsonValueKind.Null)
        {
            if (threadValue.ValueKind != JsonValueKind.String)
            {
                return AgentEvents.Error(SocketErrors.ValidationError, "Field 'payload.thread_id' must be a string");
            }
            threadId = threadValue.GetString()!;
            if (services.Threads.FindOwned(threadId, connection.UserId) is null)
            {
                return AgentEvents.Error(SocketErrors.ThreadNotFound, "Thread not found");
            }
        }
        threadId ??= services.Threads.Create(connection.UserId, Title(text)).Id;
        services.Threads.AddMessage(threadId, "user", text);
        var run = new AgentRun(Guid.NewGuid().ToString(), threadId, connection.UserId, text);
        // The run goes on in the background, so the connection keeps answering (pings, other messages).
        _ = Task.Run(async () =>
        {
            try
            {
                await services.Runner.RunAsync(run, services.Lifetime.ApplicationStopping);
            }
            catch (OperationCanceledException)
            {
                // The platform is stopping.
            }
        });
        return null;
    }

    /// <summary>A client's text quoted back in an error, cut short so an error frame stays small.</summary>
    private static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "...";

    private static string Title(string text)
    {
        var line = text.Trim().Split('\n')[0].Trim();
        return line.Length <= 60 ? line : line[..57] + "...";
    }

    private static async Task<(WebSocketMessageType Type, byte[]? Bytes, bool TooLarge)> ReceiveMessageAsync(
        WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        using var message = new MemoryStream();
        long total = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (WebSocketMessageType.Close, null, false);
            }
            total += result.Count;
            if (total <= AgentEvents.MaxMessageSize)
            {
                message.Write(buffer, 0, result.Count);
            }
            else if (total > MaxDrainBytes)
            {
                // Past this, draining is not worth it: the caller closes with 1009.
                return (WebSocketMessageType.Close, null, true);
            }
            if (result.EndOfMessage)
            {
                var tooLarge = total > AgentEvents.MaxMessageSize;
                return (result.MessageType, tooLarge ? null : message.ToArray(), tooLarge);
            }
        }
    }

    /// <summary>The token of a ["jwt-auth", "jwt.&lt;base64url(jwt)&gt;"] subprotocol offer (browsers cannot set headers).</summary>
    private static string? SubprotocolToken(IList<string> protocols)
    {
        var offer = protocols.FirstOrDefault(p => p.StartsWith(TokenSubprotocolPrefix, StringComparison.Ordinal));
        if (offer is null || !protocols.Contains(AuthSubprotocol))
        {
            return null;
        }
        var encoded = offer[TokenSubprotocolPrefix.Length..];
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(encoded));
        }
        catch (FormatException)
        {
            return encoded;
        }
    }
}
