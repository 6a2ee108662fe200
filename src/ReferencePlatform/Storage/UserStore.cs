using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Acceptance.ReferencePlatform.Storage;

public sealed record PlatformUser(string Id, string Email, string Name, string? PasswordHash, IReadOnlyList<string> Permissions);

/// <summary>Users and their password hashes (ASP.NET Core Identity's PasswordHasher).</summary>
public sealed class UserStore(PlatformDatabase database, IOptions<StorageOptions> options)
{
    public static readonly IReadOnlyList<string> DefaultPermissions = ["read", "write"];

    private readonly PasswordHasher<PlatformUser> _hasher = new();

    /// <summary>Seeds the personas and the dev user unless they exist (a kept database keeps them).</summary>
    public void SeedPersonas()
    {
        var missing = options.Value.EffectivePersonas.Where(p => FindByEmail(p.Email) is null).ToList();
        // Hashing is deliberately slow; hash the personas in parallel to keep start-up short.
        var hashed = missing.AsParallel().Select(p => (Persona: p, Hash: Hash(p.Password))).ToList();
        foreach (var (persona, hash) in hashed)
        {
            Insert(persona.Email, persona.Name, hash);
        }
        if (FindByEmail(StorageOptions.DevUserEmail) is null)
        {
            Insert(StorageOptions.DevUserEmail, StorageOptions.DevUserName, passwordHash: null);
        }
        SeedTestUsers(options.Value.TestUsers);
    }

    /// <summary>Seeds the interchangeable test users (Platform:TestUsers) in one transaction, with one shared hash.</summary>
    private void SeedTestUsers(TestUserOptions testUsers)
    {
        if (testUsers.Count <= 0)
        {
            return;
        }
        if (testUsers.Count > TestUserOptions.MaxCount)
        {
            throw new InvalidOperationException($"Platform:TestUsers:Count must be at most {TestUserOptions.MaxCount} (was {testUsers.Count}).");
        }
        if (string.IsNullOrEmpty(testUsers.Password))
        {
            throw new InvalidOperationException("Platform:TestUsers:Password is required when Platform:TestUsers:Count is above 0.");
        }
        // A cheap hash (Platform:TestUsers:HashIterations) so a crowd of test users can sign in at once; the
        // iteration count travels in the hash, so verifying it costs the same little.
        var cheap = new PasswordHasher<PlatformUser>(Options.Create(new PasswordHasherOptions { IterationCount = Math.Max(1, testUsers.HashIterations) }));
        var hash = cheap.HashPassword(null!, testUsers.Password);
        var now = PlatformDatabase.Now();
        using var writing = database.Writing();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = PlatformDatabase.Command(connection,
            "INSERT OR IGNORE INTO users (id, email, name, password_hash, permissions, created_at) VALUES ($id, $email, $name, $hash, $permissions, $now)",
            ("$id", ""), ("$email", ""), ("$name", ""), ("$hash", hash), ("$permissions", string.Join(' ', DefaultPermissions)), ("$now", now));
        insert.Transaction = transaction;
        for (var number = 1; number <= testUsers.Count; number++)
        {
            insert.Parameters["$id"].Value = Guid.NewGuid().ToString();
            insert.Parameters["$email"].Value = testUsers.Email(number);
            insert.Parameters["$name"].Value = $"Test user {number}";
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public PlatformUser? FindByEmail(string email) =>
        database.Query("SELECT id, email, name, password_hash, permissions FROM users WHERE email = $email", Read, ("$email", email.Trim()))
            .SingleOrDefault();

    public PlatformUser? FindById(string id) =>
        database.Query("SELECT id, email, name, password_hash, permissions FROM users WHERE id = $id", Read, ("$id", id))
            .SingleOrDefault();

    /// <summary>Creates a user; null when the email is taken.</summary>
    public PlatformUser? TryCreate(string email, string name, string? password)
    {
        try
        {
            return Insert(email, name, password is null ? null : Hash(password));
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19) // SQLITE_CONSTRAINT: the email exists
        {
            return null;
        }
    }

    public PlatformUser GetOrCreate(string email, string name) => FindByEmail(email) ?? TryCreate(email, name, null) ?? FindByEmail(email)!;

    public bool VerifyPassword(PlatformUser user, string password) =>
        user.PasswordHash is not null
        && _hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;

    private string Hash(string password) => _hasher.HashPassword(null!, password);

    private PlatformUser Insert(string email, string name, string? passwordHash)
    {
        var user = new PlatformUser(Guid.NewGuid().ToString(), email.Trim(), name, passwordHash, DefaultPermissions);
        database.Execute(
            "INSERT INTO users (id, email, name, password_hash, permissions, created_at) VALUES ($id, $email, $name, $hash, $permissions, $now)",
            ("$id", user.Id), ("$email", user.Email), ("$name", user.Name), ("$hash", passwordHash),
            ("$permissions", string.Join(' ', user.Permissions)), ("$now", PlatformDatabase.Now()));
        return user;
    }

    private static PlatformUser Read(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
        r.GetString(4).Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
