namespace Acceptance.ReferencePlatform.Storage;

/// <summary>Where data lives and who is there from the start (section "Platform").</summary>
public sealed class StorageOptions
{
    public const string Section = "Platform";

    /// <summary>SQLite file; empty means a new file in a temporary folder for each start.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>Seeded users. Empty means the default personas (Alice and Bob).</summary>
    public List<Persona> Personas { get; set; } = [];

    public static IReadOnlyList<Persona> DefaultPersonas { get; } =
    [
        new() { Email = "alice@example.com", Password = "correct-horse-alice", Name = "Alice" },
        new() { Email = "bob@example.com", Password = "correct-horse-bob", Name = "Bob" },
    ];

    public const string DevUserEmail = "dev@example.com";
    public const string DevUserName = "Dev User";

    public IReadOnlyList<Persona> EffectivePersonas => Personas.Count > 0 ? Personas : DefaultPersonas;

    /// <summary>Interchangeable test users seeded at start (section "Platform:TestUsers"), for suites that give every scenario users of its own.</summary>
    public TestUserOptions TestUsers { get; set; } = new();
}

/// <summary>
/// <see cref="Count"/> users <c>{EmailPrefix}{n}@{EmailDomain}</c> (n from 1), named "Test user n", all with
/// <see cref="Password"/>. They share one cheap password hash (<see cref="HashIterations"/>),
/// so seeding hundreds takes one hash, and a crowd of them can sign in at once.
/// </summary>
public sealed class TestUserOptions
{
    public const int MaxCount = 20_000;

    public int Count { get; set; }
    public string EmailPrefix { get; set; } = "test-user-";
    public string EmailDomain { get; set; } = "example.com";
    public string Password { get; set; } = "";

    /// <summary>PBKDF2 iterations of the test users' shared hash: few, so hundreds can sign in at once (personas keep the default).</summary>
    public int HashIterations { get; set; } = 1000;

    public string Email(int number) => $"{EmailPrefix}{number}@{EmailDomain}";
}

public sealed class Persona
{
    public string Email { get; set; } = "";
    public string Password { get; set; } = "";
    public string Name { get; set; } = "";
}
