namespace Acceptance.Support.Actors;

/// <summary>The actors of one scenario, by name; created on first mention (scenario-scoped).</summary>
public sealed class Cast(Personas personas) : IAsyncDisposable
{
    private readonly Dictionary<string, Actor> _actors = new(StringComparer.OrdinalIgnoreCase);

    public Actor this[string name]
    {
        get
        {
            var key = Personas.IsAnonymous(name) ? "an anonymous visitor" : name.Trim();
            if (!_actors.TryGetValue(key, out var actor))
            {
                actor = new Actor(personas.For(key));
                _actors[key] = actor;
            }
            return actor;
        }
    }

    /// <summary>Adds an actor whose persona is made in the scenario (a newcomer).</summary>
    public Actor Add(Persona persona)
    {
        var actor = new Actor(persona);
        _actors[persona.Name] = actor;
        return actor;
    }

    public IReadOnlyCollection<Actor> All => _actors.Values;

    /// <summary>Closes every channel the actors opened (AfterScenario).</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _actors.Values.SelectMany(actor => actor.AllChannels).ToList())
            await channel.DisposeAsync();
        foreach (var actor in _actors.Values)
        {
            actor.AllChannels.Clear();
            actor.Channel = null;
        }
    }
}
