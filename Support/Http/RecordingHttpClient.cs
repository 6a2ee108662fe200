using System.Diagnostics;
using Acceptance.Support.Evidence;
using RestSharp;

namespace Acceptance.Support.Http;

/// <summary>
/// A RestSharp client for one origin and one actor. Every exchange is timed and recorded in the scenario's
/// evidence (the evidence log redacts it); a transport failure is a result, not an exception.
/// </summary>
public sealed class RecordingHttpClient : IDisposable
{
    private readonly RestClient _client;
    private readonly IEvidenceLog _evidence;
    private readonly string _actor;

    public RecordingHttpClient(Uri baseUrl, string actor, IEvidenceLog evidence, TimeSpan timeout)
    {
        _actor = actor;
        _evidence = evidence;
        _client = new RestClient(new RestClientOptions(baseUrl)
        {
            Timeout = timeout,
            ThrowOnAnyError = false,
            FollowRedirects = false,
            UserAgent = "acceptance-suite",
        });
    }

    public Uri BaseUrl => _client.Options.BaseUrl!;

    public async Task<ApiResponse> SendAsync(RestRequest request, string intent)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var response = await _client.ExecuteAsync(request);
        clock.Stop();

        var requestHeaders = request.Parameters
            .Where(parameter => parameter.Type == ParameterType.HttpHeader)
            .Select(parameter => new KeyValuePair<string, string?>(parameter.Name!, parameter.Value?.ToString()))
            .ToList();
        var requestBody = request.Parameters
            .Where(parameter => parameter.Type == ParameterType.RequestBody)
            .Select(parameter => parameter.Value as string ?? System.Text.Json.JsonSerializer.Serialize(parameter.Value))
            .FirstOrDefault();
        var responseHeaders = (response.Headers ?? [])
            .Concat(response.ContentHeaders ?? [])
            .Select(header => new KeyValuePair<string, string?>(header.Name, header.Value?.ToString()))
            .ToList();
        var status = response.StatusCode == 0 ? (int?)null : (int)response.StatusCode;
        var transportError = status is null ? response.ErrorMessage ?? response.ErrorException?.Message ?? "no response" : null;

        _evidence.RecordHttp(new HttpExchange(
            _actor, intent, request.Method.ToString().ToUpperInvariant(), _client.BuildUri(request).ToString(),
            requestHeaders, requestBody, status, responseHeaders, response.Content, clock.Elapsed, startedAt, transportError));

        var headers = responseHeaders
            .GroupBy(header => header.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => string.Join(", ", group.Select(header => header.Value)), StringComparer.OrdinalIgnoreCase);
        return new ApiResponse(status ?? 0, headers, response.Content, transportError);
    }

    public void Dispose() => _client.Dispose();
}
