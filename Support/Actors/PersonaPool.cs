using System.Collections.Concurrent;

namespace Acceptance.Support.Actors;

/// <summary>One interchangeable test account of the pool.</summary>
public sealed record PoolUser(string Email, string Password)
{
    public override string ToString() => Email; // never the password
}

/// <summary>
/// The run's test users. A scenario borrows one for each persona name it mentions (its own Alice, its own Bob)
/// and gives them back at its end, so no two running scenarios share an account: one scenario's sign-out,
/// channel or conversations cannot reach another's. Users go back to the end of the queue, so a returned user
/// rests as long as possible before it is lent again; where the suite starts the reference platform it seeds
/// enough users that none is lent twice in a run.
/// </summary>
public sealed class PersonaPool
{
    private readonly ConcurrentQueue<PoolUser> _free;
    private readonly SemaphoreSlim _available;
    private readonly SemaphoreSlim _bulk = new(1, 1);

    public PersonaPool(IReadOnlyCollection<PoolUser> users, string source)
    {
        if (users.Count == 0) throw new ArgumentException("A pool needs at least one user.", nameof(users));
        _free = new ConcurrentQueue<PoolUser>(users);
        _available = new SemaphoreSlim(users.Count, users.Count);
        Size = users.Count;
        Source = source;
    }

    public int Size { get; }

    /// <summary>Where the users come from, for messages: "seeded by the reference platform", "Pool:Users of staging".</summary>
    public string Source { get; }

    public int Free => _available.CurrentCount;

    /// <summary>Lends one user, waiting up to <paramref name="wait"/> for one to come back.</summary>
    public PoolUser Lease(TimeSpan wait, CancellationToken cancellationToken = default)
    {
        if (!_available.Wait(wait, cancellationToken)) throw Exhausted(1, wait);
        return Take();
    }

    /// <summary>Lends <paramref name="count"/> users at once (all or none), waiting up to <paramref name="wait"/>.</summary>
    public async Task<IReadOnlyList<PoolUser>> LeaseManyAsync(int count, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        if (count > Size)
            throw new InvalidOperationException(
                $"The scenario needs {count} test users at once but the pool holds only {Size} ({Source}): add users or ask for fewer.");
        var deadline = DateTime.UtcNow + wait;
        // One bulk lease at a time: two crowds each holding half the pool would wait for each other forever.
        if (!await _bulk.WaitAsync(wait, cancellationToken)) throw Exhausted(count, wait);
        var taken = new List<PoolUser>(count);
        try
        {
            while (taken.Count < count)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !await _available.WaitAsync(left, cancellationToken)) throw Exhausted(count, wait);
                taken.Add(Take());
            }
            return taken;
        }
        catch
        {
            foreach (var user in taken) Return(user);
            throw;
        }
        finally
        {
            _bulk.Release();
        }
    }

    public void Return(PoolUser user)
    {
        _free.Enqueue(user);
        _available.Release();
    }

    private PoolUser Take() =>
        _free.TryDequeue(out var user) ? user : throw new InvalidOperationException("The pool's count and queue disagree (a user was returned twice?).");

    private TimeoutException Exhausted(int count, TimeSpan wait) => new(
        $"No {(count == 1 ? "free test user" : $"{count} free test users")} within {wait.TotalSeconds:0} s: " +
        $"{Size - Free} of the pool's {Size} users ({Source}) are lent to running scenarios. " +
        "Add users (Pool:Users, or Pool:SeedCount locally) or run fewer workers (NUnit.NumberOfTestWorkers).");
}
