using System.Diagnostics;

namespace Monitor.Worker.Tests.Support;

internal static class HardKill
{
    /// <summary><c>kill -9</c> (SIGKILL): the process gets no chance to stop its scheduler or sign off the cluster.</summary>
    public static async Task KillAsync(this MonitorProcess monitor)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        using var process = Process.GetProcessById(monitor.Id);
        process.Kill();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
    }
}
