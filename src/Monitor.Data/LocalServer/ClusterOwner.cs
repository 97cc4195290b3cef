using System.Globalization;
using System.Text.Json;

namespace Monitor.Data.LocalServer;

/// <summary>
/// The process that started (or adopted) the embedded server, recorded beside the data folder. It is told apart from a
/// later process that happens to get the same PID by its start time, so a leftover of a killed run is recognised by
/// its dead owner, not by whether a server answers.
/// </summary>
internal sealed record ClusterOwner(int Pid, long StartTime, int Port)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ClusterOwner ThisProcess(int port) => new(Environment.ProcessId, StartTimeOf(Environment.ProcessId) ?? 0, port);

    public bool IsThisProcess() => Pid == Environment.ProcessId && StartTime == (StartTimeOf(Pid) ?? 0);

    public bool IsAlive() => StartTimeOf(Pid) is { } started && started == StartTime;

    public static ClusterOwner? Read(string file)
    {
        try
        {
            return JsonSerializer.Deserialize<ClusterOwner>(File.ReadAllText(file), Json);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null; // missing or half-written: nobody owns the server
        }
    }

    public void Write(string file) => File.WriteAllText(file, JsonSerializer.Serialize(this, Json));

    /// <summary>
    /// Whether <paramref name="pid"/> is a running PostgreSQL server process (on Linux by its command name, so a stale
    /// postmaster.pid whose PID was reused by another program is not taken for a server).
    /// </summary>
    public static bool IsPostgres(int pid)
    {
        if (!OperatingSystem.IsLinux())
        {
            return StartTimeOf(pid) is not null;
        }

        try
        {
            // "PID (comm) STATE ...": a zombie (Z) or dead (X) process has stopped serving.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var comm = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
            var state = stat[stat.LastIndexOf(')') + 2];
            return comm.StartsWith("postgres", StringComparison.Ordinal) && state is not ('Z' or 'X');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>
    /// When <paramref name="pid"/> started, in the kernel's clock ticks since boot (field 22 of /proc/PID/stat), or null
    /// when no such process runs. Elsewhere than Linux, the start time .NET reports.
    /// </summary>
    private static long? StartTimeOf(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                // The command name (field 2) is in parentheses and may contain spaces: count fields after the last ')'.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return long.Parse(fields[19], CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                return null;
            }
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.HasExited ? null : process.StartTime.ToUniversalTime().Ticks;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
