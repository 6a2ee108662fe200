using System.Text.Json;
using Acceptance.Support.Actors;
using Acceptance.Support.Http;
using Acceptance.Support.Outcomes;
using RestSharp;

namespace Acceptance.Support.Drivers;

public sealed record ChatMessage(string Role, string Content);

/// <summary>Conversations (threads) and their history over the backend's REST API.</summary>
public sealed class ConversationDriver(HttpClients clients)
{
    /// <summary>The protected calls the features name, each mapped to its request (one place).</summary>
    private static readonly Dictionary<string, Func<string, RestRequest>> ProtectedCalls = new(StringComparer.OrdinalIgnoreCase)
    {
        ["list conversations"] = _ => new RestRequest("api/threads"),
        ["start a conversation"] = _ => new RestRequest("api/threads", Method.Post).AddJsonBody(new { title = "Anonymous attempt" }),
        ["open a conversation"] = id => new RestRequest($"api/threads/{id}"),
        ["read a conversation's messages"] = id => new RestRequest($"api/threads/{id}/messages"),
        ["delete a conversation"] = id => new RestRequest($"api/threads/{id}", Method.Delete),
        ["ask the agent directly"] = _ => new RestRequest("api/agents/execute", Method.Post).AddJsonBody(new { type = "triage", message = "Hello" }),
    };

    public async Task<string> StartConversationAsync(Actor actor, string title)
    {
        var response = await Api(actor).SendAsync(Authorized(actor, new RestRequest("api/threads", Method.Post).AddJsonBody(new { title })),
            $"{actor} starts a conversation");
        var id = response.Status == 201 ? response.Text("id") : null;
        if (id is null) throw new InvalidOperationException($"{actor} could not start a conversation: {response.Describe()}");
        actor.Conversations.Add(id);
        return id;
    }

    public async Task<(Outcome Outcome, IReadOnlyList<string> Ids)> ListConversationsAsync(Actor actor)
    {
        var response = await Api(actor).SendAsync(Authorized(actor, new RestRequest("api/threads")), $"{actor} lists conversations");
        var ids = response.Element("threads") is { ValueKind: JsonValueKind.Array } threads
            ? threads.EnumerateArray().Select(thread => thread.GetProperty("id").ToString()).ToList()
            : [];
        return (Outcome.FromHttp($"{actor} listing conversations", response), ids);
    }

    public async Task<Outcome> OpenConversationAsync(Actor actor, string conversationId)
    {
        var response = await Api(actor).SendAsync(Authorized(actor, new RestRequest($"api/threads/{conversationId}")),
            $"{actor} opens conversation {conversationId}");
        return Outcome.FromHttp($"{actor} opening the conversation", response);
    }

    public async Task<(Outcome Outcome, IReadOnlyList<ChatMessage> Messages)> ReadHistoryAsync(Actor actor, string conversationId)
    {
        var response = await Api(actor).SendAsync(Authorized(actor, new RestRequest($"api/threads/{conversationId}/messages")),
            $"{actor} reads the history of {conversationId}");
        var messages = response.Status == 200 && response.Element("messages") is { ValueKind: JsonValueKind.Array } array
            ? array.EnumerateArray().Select(m => new ChatMessage(m.GetProperty("role").GetString() ?? "", m.GetProperty("content").GetString() ?? "")).ToList()
            : [];
        return (Outcome.FromHttp($"{actor} reading the conversation's messages", response), messages);
    }

    public async Task<Outcome> DeleteConversationAsync(Actor actor, string conversationId)
    {
        var response = await Api(actor).SendAsync(Authorized(actor, new RestRequest($"api/threads/{conversationId}", Method.Delete)),
            $"{actor} deletes conversation {conversationId}");
        return Outcome.FromHttp($"{actor} deleting the conversation", response);
    }

    /// <summary>One of the protected calls, made with whatever session the actor has (none for a visitor).</summary>
    public async Task<Outcome> AttemptProtectedCallAsync(Actor actor, string callName, string? accessToken = null)
    {
        if (!ProtectedCalls.TryGetValue(callName, out var build))
            throw new ArgumentException($"No protected call named \"{callName}\"; known: {string.Join(", ", ProtectedCalls.Keys)}.");
        var request = build(Guid.NewGuid().ToString());
        var token = accessToken ?? actor.Session?.AccessToken;
        if (token is not null) request.AddHeader("Authorization", "Bearer " + token);
        var response = await Api(actor).SendAsync(request, $"{actor} attempts to {callName}");
        return Outcome.FromHttp($"{actor}'s attempt to {callName}", response);
    }

    public enum FaultyRequest { MalformedJson, MissingField, Oversized }

    /// <summary>Starts a conversation with a request the backend must refuse cleanly.</summary>
    public async Task<Outcome> SendFaultyRequestAsync(Actor actor, FaultyRequest fault)
    {
        var request = new RestRequest("api/agents/execute", Method.Post);
        switch (fault)
        {
            case FaultyRequest.MalformedJson:
                request.AddStringBody("{\"type\": \"triage\", \"message\": ", ContentType.Json);
                break;
            case FaultyRequest.MissingField:
                request.AddJsonBody(new { type = "triage" });
                break;
            default:
                request.AddJsonBody(new { type = "triage", message = new string('x', 70 * 1024) });
                break;
        }
        var response = await Api(actor).SendAsync(Authorized(actor, request), $"{actor} sends a {fault} request");
        return Outcome.FromHttp($"{actor}'s {fault} request", response);
    }

    private RecordingHttpClient Api(Actor actor) => clients.For(actor.Name, Origin.Api);

    private static RestRequest Authorized(Actor actor, RestRequest request) =>
        actor.Session is { } session ? request.AddHeader("Authorization", "Bearer " + session.AccessToken) : request;
}
