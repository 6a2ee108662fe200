using Acceptance.Support.Evidence;
using Acceptance.Support.Platform;

namespace Acceptance.Support.Actors;

/// <summary>
/// The actors of one scenario, by name; created on first mention (scenario-scoped). With the run's pool, each
/// named persona is a test user borrowed for this scenario alone and given back at its end.
/// </summary>
public sealed class Cast(Personas personas, PlatformUnderTest platform, ScenarioEvidence evidence) : IAsyncDisposable
{
    private readonly Dictionary<string, Actor> _actors = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(PersonaPool Pool, PoolUser User)> _borrowed = new();
    private readonly object _gate = new();

    public Actor this[string name]
    {
        get
        {
            var key = Personas.IsAnonymous(name) ? "an anonymous visitor" : name.Trim();
            lock (_gate)
            {
                if (_actors.TryGetValue(key, out var actor)) return actor;
                actor = new Actor(Play(key));
                _actors[key] = actor;
                return actor;
            }
        }
    }

    private Persona Play(string key)
    {
        if (Personas.Pool is not { } pool || !personas.IsNamed(key)) return personas.For(key);
        var user = pool.Lease(platform.Settings.Pool.LeaseWait);
        _borrowed.Add((pool, user));
        evidence.Redactor.AddSecret(user.Password);
        evidence.Note($"{key} is played by test user {user.Email} (borrowed from the pool for this scenario)");
        return personas.Borrowed(key, user);
    }

    /// <summary>
    /// The actor played by the account the environment names for <paramref name="name"/> (Personas), never by a
    /// pool user: for an account the platform has exactly one of, such as the dev sign-in's user.
    /// </summary>
    public Actor OwnAccount(string name)
    {
        lock (_gate)
        {
            if (_actors.TryGetValue(name, out var actor)) return actor;
            actor = new Actor(personas.For(name));
            _actors[name] = actor;
            return actor;
        }
    }

    /// <summary>Adds an actor whose persona is made in the scenario (a newcomer).</summary>
    public Actor Add(Persona persona)
    {
        var actor = new Actor(persona);
        lock (_gate) _actors[persona.Name] = actor;
        return actor;
    }

    /// <summary>Adds actors played by users the scenario borrowed itself (a crowd); they go back to the pool with the others.</summary>
    public Actor AddBorrowed(string name, PersonaPool pool, PoolUser user)
    {
        evidence.Redactor.AddSecret(user.Password);
        var actor = new Actor(new Persona(name, user.Email, user.Password, name));
        lock (_gate)
        {
            _actors[name] = actor;
            _borrowed.Add((pool, user));
        }
        return actor;
    }

    public IReadOnlyCollection<Actor> All
    {
        get { lock (_gate) return _actors.Values.ToList(); }
    }

    /// <summary>Closes every channel the actors opened, then gives the borrowed test users back (AfterScenario).</summary>
    public async ValueTask DisposeAsync()
    {
        List<Actor> actors;
        lock (_gate) actors = _actors.Values.ToList();
        try
        {
            foreach (var channel in actors.SelectMany(actor => actor.AllChannels).ToList())
                await channel.DisposeAsync();
            foreach (var actor in actors)
            {
                actor.AllChannels.Clear();
                actor.Channel = null;
            }
        }
        finally
        {
            List<(PersonaPool Pool, PoolUser User)> borrowed;
            lock (_gate)
            {
                borrowed = _borrowed.ToList();
                _borrowed.Clear();
            }
            foreach (var (pool, user) in borrowed) pool.Return(user);
        }
    }
}
