using Acceptance.Support.Actors;
using Acceptance.Support.Drivers.Load;
using NUnit.Framework;

namespace Acceptance.Support.Tests;

[TestFixture]
public sealed class PersonaPoolTests
{
    private static PersonaPool Pool(int size) =>
        new(Enumerable.Range(1, size).Select(n => new PoolUser($"user-{n}@example.com", "secret-password")).ToList(), $"{size} test users");

    [Test]
    public void Users_are_lent_in_order_and_a_returned_one_goes_to_the_back()
    {
        var pool = Pool(3);
        var first = pool.Lease(TimeSpan.Zero);
        pool.Return(first);
        var lent = new[] { pool.Lease(TimeSpan.Zero), pool.Lease(TimeSpan.Zero), pool.Lease(TimeSpan.Zero) };
        Assert.That(lent.Select(u => u.Email), Is.EqualTo(new[] { "user-2@example.com", "user-3@example.com", "user-1@example.com" }));
    }

    [Test]
    public void No_user_is_lent_twice_at_once()
    {
        var pool = Pool(50);
        var lent = new System.Collections.Concurrent.ConcurrentBag<PoolUser>();
        Parallel.For(0, 50, _ => lent.Add(pool.Lease(TimeSpan.FromSeconds(1))));
        Assert.That(lent.Select(u => u.Email).Distinct().Count(), Is.EqualTo(50));
    }

    [Test]
    public void An_exhausted_pool_says_how_many_are_lent_and_what_to_do()
    {
        var pool = Pool(1);
        pool.Lease(TimeSpan.Zero);
        var error = Assert.Throws<TimeoutException>(() => pool.Lease(TimeSpan.FromMilliseconds(50)));
        Assert.That(error!.Message, Is.EqualTo(
            "No free test user within 0 s: 1 of the pool's 1 users (1 test users) are lent to running scenarios. " +
            "Add users (Pool:Users, or Pool:SeedCount locally) or run fewer workers (NUnit.NumberOfTestWorkers)."));
    }

    [Test]
    public void A_crowd_larger_than_the_pool_is_refused_at_once()
    {
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => Pool(3).LeaseManyAsync(4, TimeSpan.FromSeconds(5)));
        Assert.That(error!.Message, Does.StartWith("The scenario needs 4 test users at once but the pool holds only 3"));
    }

    [Test]
    public async Task A_crowd_that_cannot_be_complete_in_time_takes_nobody()
    {
        var pool = Pool(3);
        var held = pool.Lease(TimeSpan.Zero);
        Assert.ThrowsAsync<TimeoutException>(() => pool.LeaseManyAsync(3, TimeSpan.FromMilliseconds(100)));
        pool.Return(held);
        Assert.That((await pool.LeaseManyAsync(3, TimeSpan.FromSeconds(1))).Count, Is.EqualTo(3));
    }

    [Test]
    public void A_pool_user_never_shows_its_password() =>
        Assert.That(new PoolUser("user@example.com", "secret-password").ToString(), Is.EqualTo("user@example.com"));

    [TestCase(new double[] { }, double.NaN)]
    [TestCase(new double[] { 7 }, 7)]
    [TestCase(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 }, 19)]
    public void The_95th_percentile_is_the_nearest_rank(double[] samples, double expected) =>
        Assert.That(Latency.Of(samples).P95, Is.EqualTo(expected));
}
