using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace Monitor.Benchmarks;

/// <summary>
/// The floor Monitor is compared with: bare requests over the same URLs, Accept header and concurrency, on one pooled
/// HttpClient, with nothing else (no auth, limits, retries or database).
/// </summary>
internal static class RawHeadLoad
{
    /// <summary>HEAD of each manifest URL in turn; requests per second.</summary>
    public static Task<double> RequestsPerSecondAsync(Uri baseUri, IReadOnlyList<string> paths, int concurrency, TimeSpan duration, string accept) =>
        RunAsync(baseUri, paths, concurrency, duration, async (client, path, _) =>
        {
            await HeadAsync(client, path, accept);
            return 1;
        });

    /// <summary>
    /// The first sighting's requests: per tag a HEAD, a GET of the manifest by the digest HEAD named, and a GET of the
    /// config blob it names; requests per second over all of them. With <paramref name="eachImageOnce"/>, the GETs are
    /// made for the first tag of each image (repository and digest) in each pass over the paths only, as a cycle that
    /// reads each image once does.
    /// </summary>
    public static Task<double> FirstSightingRequestsPerSecondAsync(
        Uri baseUri, IReadOnlyList<string> paths, int concurrency, TimeSpan duration, string accept, bool eachImageOnce)
    {
        var read = new ConcurrentDictionary<(int Pass, string Image), bool>();
        return RunAsync(baseUri, paths, concurrency, duration, async (client, path, pass) =>
        {
            var digest = await HeadAsync(client, path, accept);
            var repository = path[..path.IndexOf("/manifests/", StringComparison.Ordinal)];
            if (eachImageOnce && !read.TryAdd((pass, repository + "@" + digest), true))
            {
                return 1;
            }

            using var get = new HttpRequestMessage(HttpMethod.Get, repository + "/manifests/" + digest);
            get.Headers.Accept.ParseAdd(accept);
            using var manifest = await client.SendAsync(get);
            using var document = JsonDocument.Parse(await manifest.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync());
            var config = document.RootElement.GetProperty("config").GetProperty("digest").GetString();
            using var blob = await client.GetAsync(new Uri(repository + "/blobs/" + config, UriKind.Relative));
            await blob.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync();
            return 3;
        });
    }

    private static async Task<string> HeadAsync(HttpClient client, string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, path);
        request.Headers.Accept.ParseAdd(accept);
        using var response = await client.SendAsync(request);
        return response.EnsureSuccessStatusCode().Headers.GetValues("Docker-Content-Digest").First();
    }

    /// <summary>
    /// <paramref name="concurrency"/> workers run <paramref name="round"/> over the paths in turn (given the path and the
    /// number of the pass over all paths; each returns its request count) for <paramref name="duration"/>.
    /// </summary>
    private static async Task<double> RunAsync(Uri baseUri, IReadOnlyList<string> paths, int concurrency, TimeSpan duration, Func<HttpClient, string, int, Task<int>> round)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        using var client = new HttpClient(handler) { BaseAddress = baseUri };
        long next = -1;
        long completed = 0;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (stopwatch.Elapsed < duration)
            {
                var i = Interlocked.Increment(ref next);
                Interlocked.Add(ref completed, await round(client, paths[(int)(i % paths.Count)], (int)(i / paths.Count)));
            }
        }));
        return completed / stopwatch.Elapsed.TotalSeconds;
    }
}
