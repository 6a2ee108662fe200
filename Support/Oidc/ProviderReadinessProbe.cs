using System.Diagnostics;

namespace Acceptance.Support.Oidc;

/// <summary>When the provider answered its discovery document (or why it did not), measured from the first ask.</summary>
public sealed record ProviderReady(bool Answered, TimeSpan After, string Detail);

/// <summary>Asks a provider for its discovery document until it answers, within a deadline (ProviderReadiness).</summary>
public static class ProviderReadinessProbe
{
    /// <summary>
    /// Asks until a 2xx; a 502/503/504 or no answer is asked again after 250 ms; any other status is final (waiting
    /// will not change it). The detail names the address, the setting behind the deadline and what came back.
    /// </summary>
    public static async Task<ProviderReady> AskUntilAnsweredAsync(string authority, (TimeSpan Wait, string Setting) limit, TimeSpan perRequest)
    {
        var deadline = limit.Wait;
        var url = authority + "/.well-known/openid-configuration";
        var clock = Stopwatch.StartNew();
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var last = "no answer yet";
        while (clock.Elapsed < deadline)
        {
            var left = deadline - clock.Elapsed;
            using var attempt = new CancellationTokenSource(left < perRequest ? left : perRequest);
            try
            {
                using var response = await http.GetAsync(url, attempt.Token);
                if (response.IsSuccessStatusCode) return new ProviderReady(true, clock.Elapsed, $"{url} answered {(int)response.StatusCode}");
                last = $"HTTP {(int)response.StatusCode}";
                if ((int)response.StatusCode is not (503 or 502 or 504)) break; // an answer that waiting will not change
            }
            catch (OperationCanceledException)
            {
                last = $"no answer within {(left < perRequest ? left : perRequest).TotalSeconds:0.#} s";
            }
            catch (HttpRequestException e)
            {
                last = e.HttpRequestError.ToString();
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
        return new ProviderReady(false, clock.Elapsed,
            $"{url} (setting Auth:Oidc:Authority, defaulting to Endpoints:Auth) gave {last} after {clock.Elapsed.TotalSeconds:0.0} s (waited at most {limit.Setting} = {deadline.TotalSeconds:0})");
    }
}
