using System.Net;
using Monitor.Testing;

namespace Monitor.Worker.Tests.Support;

/// <summary>Starts the real executable as the service and waits until it answers <c>/readyz</c> with 200.</summary>
internal static class ServiceProcess
{
    public static async Task<(MonitorProcess Process, int Port)> StartReadyAsync(string workDirectory, IReadOnlyDictionary<string, string?> environment, TimeSpan? timeout = null)
    {
        var port = FreePort.Next();
        var process = MonitorProcess.Start(workDirectory, new Dictionary<string, string?>(environment) { ["Urls"] = $"http://127.0.0.1:{port}" });
        await WaitForAsync(async () => await ReadinessAsync(port) == HttpStatusCode.OK, timeout ?? TimeSpan.FromSeconds(60), "ready", process);
        return (process, port);
    }

    /// <summary>The status of <c>/readyz</c>; null when nothing answers.</summary>
    public static async Task<HttpStatusCode?> ReadinessAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/readyz"), TestContext.Current.CancellationToken);
            return response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    public static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, MonitorProcess? process = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}." + (process is null ? "" : $" Output:\n{process.Output}"));
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}
