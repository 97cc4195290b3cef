using System.Diagnostics;

namespace Monitor.Benchmarks;

/// <summary>
/// The floor Monitor is compared with: bare HEAD requests over the same URLs, Accept header and concurrency,
/// on one pooled HttpClient, with nothing else (no auth, limits, retries or database).
/// </summary>
internal static class RawHeadLoad
{
    public static async Task<double> RequestsPerSecondAsync(Uri baseUri, IReadOnlyList<string> paths, int concurrency, TimeSpan duration, string accept)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        using var client = new HttpClient(handler) { BaseAddress = baseUri };
        var next = -1;
        long completed = 0;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (stopwatch.Elapsed < duration)
            {
                var path = paths[(int)((uint)Interlocked.Increment(ref next) % (uint)paths.Count)];
                using var request = new HttpRequestMessage(HttpMethod.Head, path);
                request.Headers.Accept.ParseAdd(accept);
                using var response = await client.SendAsync(request);
                response.EnsureSuccessStatusCode();
                Interlocked.Increment(ref completed);
            }
        }));
        return completed / stopwatch.Elapsed.TotalSeconds;
    }
}
