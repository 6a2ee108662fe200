using System.Collections.Concurrent;
using System.Net.WebSockets;
using Acceptance.ReferencePlatform.Auth;

namespace Acceptance.ReferencePlatform.Agent;

/// <summary>The open agent connections, so runs reach their owner and revoked sessions lose their sockets.</summary>
public sealed class ConnectionRegistry : ISessionConnections
{
    private readonly ConcurrentDictionary<string, AgentConnection> _connections = new();

    public int Count => _connections.Count;

    public void Add(AgentConnection connection) => _connections[connection.Id] = connection;

    public void Remove(AgentConnection connection) => _connections.TryRemove(connection.Id, out _);

    public IReadOnlyList<AgentConnection> OfUser(string userId) =>
        _connections.Values.Where(c => c.UserId == userId).ToList();

    public Task CloseSessionAsync(string sessionId, string reason) =>
        Task.WhenAll(_connections.Values
            .Where(c => c.Claims?.SessionId == sessionId)
            .Select(c => c.CloseAsync(WebSocketCloseStatus.PolicyViolation, reason)));

    public Task CloseAllAsync(string reason) =>
        Task.WhenAll(_connections.Values.Select(c => c.CloseAsync(WebSocketCloseStatus.EndpointUnavailable, reason)));
}
