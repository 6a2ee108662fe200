using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Acceptance.ReferencePlatform.Storage;

/// <summary>
/// The SQLite database: opens pooled connections (WAL journal, synchronous NORMAL: a commit does not wait for the
/// disk, a checkpoint does), creates the schema at start, and lets one writer in at a time, so concurrent
/// writers queue on a lock instead of sleeping in SQLite's busy-retry loop.
/// </summary>
public sealed class PlatformDatabase
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS users (
            id TEXT PRIMARY KEY,
            email TEXT NOT NULL UNIQUE COLLATE NOCASE,
            name TEXT NOT NULL,
            password_hash TEXT NULL,
            permissions TEXT NOT NULL,
            created_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS sessions (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL,
            created_at TEXT NOT NULL,
            revoked_at TEXT NULL);
        CREATE TABLE IF NOT EXISTS refresh_tokens (
            jti TEXT PRIMARY KEY,
            session_id TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            used_at TEXT NULL);
        CREATE TABLE IF NOT EXISTS revoked_tokens (
            jti TEXT PRIMARY KEY,
            expires_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS threads (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL,
            title TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_threads_user ON threads(user_id);
        CREATE TABLE IF NOT EXISTS messages (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            thread_id TEXT NOT NULL,
            role TEXT NOT NULL,
            content TEXT NOT NULL,
            created_at TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_messages_thread ON messages(thread_id);
        """;

    private readonly string _connectionString;
    private readonly object _writeGate = new();

    public PlatformDatabase(IOptions<StorageOptions> options)
    {
        IsTemporary = string.IsNullOrWhiteSpace(options.Value.DatabasePath);
        Path = IsTemporary
            ? System.IO.Path.Combine(Directory.CreateTempSubdirectory("reference-platform-").FullName, "platform.db")
            : System.IO.Path.GetFullPath(options.Value.DatabasePath!);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 10,
        }.ToString();
    }

    public string Path { get; }

    /// <summary>For EF Core (the identity provider's stores, UseOpenIddict) on the same file.</summary>
    public string ConnectionString => _connectionString;

    /// <summary>No path was configured: the file lives in a temporary folder of its own, removed at stop.</summary>
    public bool IsTemporary { get; }

    public void DeleteIfTemporary()
    {
        if (!IsTemporary)
        {
            return;
        }
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(System.IO.Path.GetDirectoryName(Path)!, recursive: true);
        }
        catch (IOException)
        {
            // Still in use somewhere: the temp folder is left for the system to clean.
        }
    }

    public void CreateSchema() => Execute(Schema);

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous = NORMAL";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Holds the write lock until disposed: wrap every write (and every transaction that writes) in it.</summary>
    public WriteLock Writing() => new(_writeGate);

    public readonly struct WriteLock : IDisposable
    {
        private readonly object _gate;

        public WriteLock(object gate)
        {
            _gate = gate;
            Monitor.Enter(_gate);
        }

        public void Dispose() => Monitor.Exit(_gate);
    }

    public bool IsReachable()
    {
        try
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            return Convert.ToInt64(command.ExecuteScalar()) == 1;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    public int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var writing = Writing();
        using var connection = Open();
        using var command = Command(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    public object? Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Open();
        using var command = Command(connection, sql, parameters);
        return command.ExecuteScalar();
    }

    public List<T> Query<T>(string sql, Func<SqliteDataReader, T> read, params (string Name, object? Value)[] parameters)
    {
        using var connection = Open();
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }
        return rows;
    }

    public static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }

    public static string Now() => Timestamp(DateTimeOffset.UtcNow);

    /// <summary>ISO-8601 UTC with a fixed width, so text order is time order.</summary>
    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'");
}
