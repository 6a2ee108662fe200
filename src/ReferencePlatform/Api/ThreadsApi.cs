using System.ComponentModel.DataAnnotations;
using Acceptance.ReferencePlatform.Faults;
using Acceptance.ReferencePlatform.Hosting;
using Acceptance.ReferencePlatform.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Acceptance.ReferencePlatform.Api;

public sealed record ThreadView(string Id, string Title, string CreatedAt, string UpdatedAt, long MessageCount)
{
    public static ThreadView From(ChatThread t) => new(t.Id, t.Title, t.CreatedAt, t.UpdatedAt, t.MessageCount);
}

public sealed record CreateThreadRequest([property: MaxLength(ThreadsApi.MaxTitleLength)] string? Title = null);

public sealed record ThreadList(IReadOnlyList<ThreadView> Threads, int Total);

public sealed record MessageView(string Id, string Role, string Content, string CreatedAt);

public sealed record MessageList(IReadOnlyList<MessageView> Messages, string ThreadId, int Total);

/// <summary>Conversation threads and their history; a user sees only their own (others' are 404).</summary>
public static class ThreadsApi
{
    public const int MaxTitleLength = 200;

    public static IEndpointRouteBuilder MapThreadsApi(this IEndpointRouteBuilder app)
    {
        var error = typeof(ApiErrorBody);
        var threads = app.MapGroup("/api/threads").WithTags("threads").RequiresBearerToken(error).ProducesError(error, 429);
        threads.MapGet("", List).WithSummary("The caller's conversations, newest first");
        threads.MapPost("", CreateAsync).AcceptsJson<CreateThreadRequest>(error).WithSummary("Starts a conversation");
        threads.MapGet("/{id}", Get).ProducesError(error, 404).WithSummary("One of the caller's conversations (another user's is 404)");
        threads.MapDelete("/{id}", Delete).ProducesError(error, 404).WithSummary("Deletes one of the caller's conversations");
        threads.MapGet("/{id}/messages", Messages).ProducesError(error, 404).WithSummary("A conversation's history, oldest first");
        return app;
    }

    public static Ok<ThreadList> List(Caller caller, ThreadStore store, IOptions<FaultOptions> faults)
    {
        // Fault ConversationListEmpty: the list always comes back empty.
        var threads = faults.Value.ConversationListEmpty ? [] : store.ListFor(caller.UserId).Select(ThreadView.From).ToList();
        return TypedResults.Ok(new ThreadList(threads, threads.Count));
    }

    public static async Task<Results<Created<ThreadView>, JsonHttpResult<ApiErrorBody>>> CreateAsync(
        HttpContext context, Caller caller, ThreadStore store)
    {
        var body = await JsonBody.ReadAsync(context.Request);
        if (!body.IsValid)
        {
            return ApiErrors.BadBody(context, body);
        }
        var fields = body.ReadFields();
        var title = fields.OptionalString("title", MaxTitleLength);
        if (fields.Error is { } problem)
        {
            return ApiErrors.Validation(context, problem);
        }
        var thread = store.Create(caller.UserId, title);
        return TypedResults.Created($"/api/threads/{thread.Id}", ThreadView.From(thread));
    }

    public static Results<Ok<ThreadView>, JsonHttpResult<ApiErrorBody>> Get(HttpContext context, string id, Caller caller, ThreadStore store) =>
        store.FindOwned(id, caller.UserId) is { } thread ? TypedResults.Ok(ThreadView.From(thread)) : ApiErrors.ThreadMissing(context);

    public static Results<NoContent, JsonHttpResult<ApiErrorBody>> Delete(
        HttpContext context, string id, Caller caller, ThreadStore store, IOptions<FaultOptions> faults)
    {
        if (store.DeleteOwned(id, caller.UserId))
        {
            return TypedResults.NoContent();
        }
        if (faults.Value.ForeignDeleteSucceeds && store.OwnerOf(id) is { } owner)
        {
            // Fault: another user's conversation is deleted all the same, behind the usual 404.
            store.DeleteOwned(id, owner);
        }
        return ApiErrors.ThreadMissing(context);
    }

    public static Results<Ok<MessageList>, JsonHttpResult<ApiErrorBody>> Messages(
        HttpContext context, string id, Caller caller, ThreadStore store, IOptions<FaultOptions> faults)
    {
        if (store.FindOwned(id, caller.UserId) is null)
        {
            return ApiErrors.ThreadMissing(context);
        }
        var messages = store.Messages(id).Select(m => new MessageView(m.Id, m.Role, m.Content, m.CreatedAt)).ToList();
        if (faults.Value.HistoryOutOfOrder)
        {
            messages.Reverse(); // Fault: newest first.
        }
        return TypedResults.Ok(new MessageList(messages, id, messages.Count));
    }
}
