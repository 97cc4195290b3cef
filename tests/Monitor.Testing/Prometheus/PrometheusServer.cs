using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Monitor.Data.Processes;
using Monitor.Testing.Tools;

namespace Monitor.Testing.Prometheus;

/// <summary>
/// A real <c>prometheus</c> process for tests: the given configuration, a temporary TSDB, listening on
/// 127.0.0.1 and a free port. Start with <see cref="StartAsync"/>, query with <see cref="QueryAsync"/>,
/// dispose to kill it and delete its storage. The binary comes from <c>$MONITOR_PROMETHEUS_BIN</c> or PATH.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string InstallHint = "apt-get install prometheus (Debian/Ubuntu), or set $MONITOR_PROMETHEUS_BIN";

    private readonly RunningProcess _process;
    private readonly string _directory;
    private readonly HttpClient _http;

    private PrometheusServer(RunningProcess process, string directory, Uri address)
    {
        _process = process;
        _directory = directory;
        Address = address;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Base address of the web UI and HTTP API, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Address { get; }

    /// <summary>Where <c>prometheus.yml</c> was written; relative paths in it (rule_files) resolve from here.</summary>
    public string ConfigDirectory => _directory;

    /// <summary>What the process printed so far (for failure messages).</summary>
    public string Log => _process.Output;

    /// <summary>Writes <paramref name="configYaml"/> to a temporary folder, starts Prometheus on it and waits for <c>/-/ready</c>.</summary>
    public static async Task<PrometheusServer> StartAsync(string configYaml, TimeSpan? readyTimeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configYaml);
        var binary = ExternalTool.Require("prometheus", "MONITOR_PROMETHEUS_BIN", InstallHint);
        const int attempts = 3; // a free port can be taken between choosing and binding it
        for (var attempt = 1; ; attempt++)
        {
            var server = Launch(binary, configYaml, FreePort.Next());
            try
            {
                await server.WaitUntilReadyAsync(readyTimeout ?? TimeSpan.FromSeconds(30), cancellationToken);
                return server;
            }
            catch (InvalidOperationException) when (attempt < attempts && server.Log.Contains("address already in use", StringComparison.Ordinal))
            {
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>An instant query through <c>/api/v1/query</c>; errors (bad PromQL) come back as a non-success result, not an exception.</summary>
    public async Task<PromQueryResult> QueryAsync(string promql, CancellationToken cancellationToken = default)
    {
        using var form = new FormUrlEncodedContent([new KeyValuePair<string, string>("query", promql)]);
        using var response = await _http.PostAsync(new Uri("api/v1/query", UriKind.Relative), form, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.Content.Headers.ContentType?.MediaType == "application/json"
            ? PromQueryResult.Parse(body)
            : new PromQueryResult("error", null, [], $"http_{(int)response.StatusCode}", body);
    }

    /// <summary>GETs any JSON API, e.g. <c>api/v1/alerts</c>, <c>api/v1/rules</c>, <c>api/v1/targets</c>.</summary>
    public async Task<JsonDocument> GetJsonAsync(string relativePath, CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(new Uri(relativePath, UriKind.Relative), cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            await _process.DisposeAsync();
        }
        finally
        {
            TryDelete(_directory);
        }
    }

    private static PrometheusServer Launch(string binary, string configYaml, int port)
    {
        var directory = Directory.CreateTempSubdirectory("monitor-prometheus-").FullName;
        var configFile = Path.Combine(directory, "prometheus.yml");
        File.WriteAllText(configFile, configYaml);
        string[] arguments =
        [
            $"--config.file={configFile}",
            $"--storage.tsdb.path={Path.Combine(directory, "data")}",
            $"--web.listen-address=127.0.0.1:{port}",
            "--storage.tsdb.retention.time=1d",
            "--log.level=info",
        ];
        var process = RunningProcess.Start(ProcessRunner.Command(binary, arguments, directory));
        return new PrometheusServer(process, directory, new Uri($"http://127.0.0.1:{port}/"));
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {_process.ExitCode} before it was ready:\n{Log}");
            }

            try
            {
                using var response = await _http.GetAsync(new Uri("-/ready", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        throw new TimeoutException($"prometheus at {Address} was not ready within {timeout}:\n{Log}");
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temp folder left behind is harmless
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
