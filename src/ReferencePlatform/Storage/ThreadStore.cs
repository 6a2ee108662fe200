using Microsoft.Data.Sqlite;

namespace Acceptance.ReferencePlatform.Storage;

public sealed record ChatThread(string Id, string UserId, string Title, string CreatedAt, string UpdatedAt, long MessageCount);

public sealed record ChatMessage(string Id, string ThreadId, string Role, string Content, string CreatedAt);

/// <summary>Conversation threads and their messages; every read is scoped to the owner.</summary>
public sealed class ThreadStore(PlatformDatabase database)
{
    private const string ThreadColumns = """
        t.id, t.user_id, t.title, t.created_at, t.updated_at,
        (SELECT COUNT(*) FROM messages m WHERE m.thread_id = t.id)
        """;

    public const string DefaultTitle = "New conversation";

    public ChatThread Create(string userId, string? title)
    {
        var id = Guid.NewGuid().ToString();
        var now = PlatformDatabase.Now();
        var effectiveTitle = string.IsNullOrWhiteSpace(title) ? DefaultTitle : title.Trim();
        database.Execute("INSERT INTO threads (id, user_id, title, created_at, updated_at) VALUES ($id, $user, $title, $now, $now)",
            ("$id", id), ("$user", userId), ("$title", effectiveTitle), ("$now", now));
        return new ChatThread(id, userId, effectiveTitle, now, now, 0);
    }

    public IReadOnlyList<ChatThread> ListFor(string userId) =>
        database.Query($"SELECT {ThreadColumns} FROM threads t WHERE t.user_id = $user ORDER BY t.updated_at DESC, t.id",
            ReadThread, ("$user", userId));

    /// <summary>The thread if it exists and belongs to the user; otherwise null (foreign threads look absent).</summary>
    public ChatThread? FindOwned(string threadId, string userId) =>
        database.Query($"SELECT {ThreadColumns} FROM threads t WHERE t.id = $id AND t.user_id = $user",
            ReadThread, ("$id", threadId), ("$user", userId)).SingleOrDefault();

    /// <summary>Whose thread it is, or null if there is none (only the fault ForeignDeleteSucceeds asks).</summary>
    public string? OwnerOf(string threadId) =>
        database.Scalar("SELECT user_id FROM threads WHERE id = $id", ("$id", threadId)) as string;

    public bool DeleteOwned(string threadId, string userId)
    {
        using var writing = database.Writing();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using var delete = PlatformDatabase.Command(connection, "DELETE FROM threads WHERE id = $id AND user_id = $user",
            ("$id", threadId), ("$user", userId));
        delete.Transaction = transaction;
        if (delete.ExecuteNonQuery() == 0)
        {
            return false;
        }
        using var deleteMessages = PlatformDatabase.Command(connection, "DELETE FROM messages WHERE thread_id = $id", ("$id", threadId));
        deleteMessages.Transaction = transaction;
        deleteMessages.ExecuteNonQuery();
        transaction.Commit();
        return true;
    }

    public ChatMessage AddMessage(string threadId, string role, string content)
    {
        var message = new ChatMessage(Guid.NewGuid().ToString(), threadId, role, content, PlatformDatabase.Now());
        using var writing = database.Writing();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = PlatformDatabase.Command(connection,
            "INSERT INTO messages (id, thread_id, role, content, created_at) VALUES ($id, $thread, $role, $content, $now)",
            ("$id", message.Id), ("$thread", threadId), ("$role", role), ("$content", content), ("$now", message.CreatedAt));
        insert.Transaction = transaction;
        insert.ExecuteNonQuery();
        using var touch = PlatformDatabase.Command(connection, "UPDATE threads SET updated_at = $now WHERE id = $thread",
            ("$thread", threadId), ("$now", message.CreatedAt));
        touch.Transaction = transaction;
        touch.ExecuteNonQuery();
        transaction.Commit();
        return message;
    }

    public IReadOnlyList<ChatMessage> Messages(string threadId) =>
        database.Query("SELECT id, thread_id, role, content, created_at FROM messages WHERE thread_id = $thread ORDER BY seq",
            r => new ChatMessage(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4)),
            ("$thread", threadId));

    private static ChatThread ReadThread(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt64(5));
}
