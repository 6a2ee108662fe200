using System.Collections.Concurrent;
using System.Net.WebSockets;
using Acceptance.ReferencePlatform.Auth;
using Acceptance.ReferencePlatform.Faults;
using Microsoft.Extensions.Options;

namespace Acceptance.ReferencePlatform.Agent;

/// <summary>
/// The open agent connections, indexed by user, so runs reach their owner without scanning every connection
/// and revoked sessions lose their sockets. Each connection gets its bounded send queue here.
/// </summary>
public sealed class ConnectionRegistry(IOptions<AgentOptions> agent, IOptions<FaultOptions> faults) : ISessionConnections
{
    private readonly ConcurrentDictionary<string, AgentConnection> _connections = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, AgentConnection>> _byUser = new();

    public int Count => _connections.Count;

    public void Add(AgentConnection connection)
    {
        connection.UseSendQueue(agent.Value.SendQueueLimit, TimeSpan.FromMilliseconds(Math.Max(0, agent.Value.SlowConsumerGraceMs)));
        _connections[connection.Id] = connection;
        _byUser.GetOrAdd(connection.UserId, _ => new ConcurrentDictionary<string, AgentConnection>())[connection.Id] = connection;
    }

    public void Remove(AgentConnection connection)
    {
        _connections.TryRemove(connection.Id, out _);
        if (_byUser.TryGetValue(connection.UserId, out var mine))
        {
            mine.TryRemove(connection.Id, out _);
        }
    }

    public IReadOnlyList<AgentConnection> OfUser(string userId) =>
        _byUser.TryGetValue(userId, out var mine) ? mine.Values.ToList() : [];

    /// <summary>Every open connection (only the fault EventsToEveryone sends to them all).</summary>
    public IReadOnlyList<AgentConnection> All() => _connections.Values.ToList();

    public Task CloseSessionAsync(string sessionId, string reason) =>
        Task.WhenAll(_connections.Values
            .Where(c => c.Claims?.SessionId == sessionId)
            .Select(c => c.CloseAsync(faults.Value.PolicyCloseStatus, reason)));

    public Task CloseAllAsync(string reason) =>
        Task.WhenAll(_connections.Values.Select(c => c.CloseAsync(WebSocketCloseStatus.EndpointUnavailable, reason)));
}
