using System.Globalization;

namespace Monitor.Benchmarks;

/// <summary>
/// A memory cgroup with a hard limit for one service start: what a container runtime gives a container with a memory
/// limit (docker run --memory, Kubernetes limits.memory). The kernel charges the group for the service's anonymous
/// memory and for every page of file it reads in, reclaims clean file pages (the mapped assemblies) when the group
/// reaches its limit and kills the process when nothing more can be reclaimed. cgroup v2 (memory.max, created under
/// the root) and v1 (memory.limit_in_bytes, created under the benchmark's own memory cgroup); needs root.
/// </summary>
internal sealed class MemoryCgroup : IDisposable
{
    private const string Root = "/sys/fs/cgroup";
    private readonly bool v2;

    private MemoryCgroup(string path, bool v2, long limitBytes)
    {
        (Path, this.v2, LimitBytes) = (path, v2, limitBytes);
    }

    public string Path { get; }

    public long LimitBytes { get; }

    /// <summary>Where to write a process id to move that process into the group.</summary>
    public string ProcsFile => System.IO.Path.Combine(Path, "cgroup.procs");

    public static MemoryCgroup Create(string name, long limitBytes)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException("--memory-limit-mb needs root: it creates a memory cgroup and drops the page cache before each start");
        }

        var unified = File.Exists(System.IO.Path.Combine(Root, "cgroup.controllers"));
        var parent = unified ? Root : System.IO.Path.Combine(Root, "memory") + OwnV1MemoryGroup();
        if (unified)
        {
            // Children of the root get the memory controller only when the root hands it down.
            File.AppendAllText(System.IO.Path.Combine(Root, "cgroup.subtree_control"), "+memory");
        }

        var path = System.IO.Path.Combine(parent, name);
        try
        {
            Directory.CreateDirectory(path);
            File.WriteAllText(System.IO.Path.Combine(path, unified ? "memory.max" : "memory.limit_in_bytes"), limitBytes.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"cannot create the memory cgroup {path} with a limit: {e.Message}", e);
        }

        return new MemoryCgroup(path, unified, limitBytes);
    }

    /// <summary>
    /// Empties the page cache, so that the service's assemblies and libraries are read in again and charged to its
    /// group (pages cached by an earlier run stay charged to the group that read them).
    /// </summary>
    public static async Task DropPageCacheAsync()
    {
        await BenchmarkEnvironment.RunAsync("sync", []);
        await File.WriteAllTextAsync("/proc/sys/vm/drop_caches", "3");
    }

    public Usage Read()
    {
        var stat = KeyValues("memory.stat");
        var peak = v2 ? Number("memory.peak") : Number("memory.max_usage_in_bytes");
        if (v2)
        {
            var events = KeyValues("memory.events");
            return new Usage(peak, events.GetValueOrDefault("max"), events.GetValueOrDefault("oom_kill"), stat.GetValueOrDefault("workingset_refault_file"));
        }

        var oom = KeyValues("memory.oom_control");
        return new Usage(peak, Number("memory.failcnt"), oom.GetValueOrDefault("oom_kill"), stat.GetValueOrDefault("workingset_refault_file"));
    }

    public void Dispose()
    {
        // Empty once the service has exited; what it still had charged moves to the parent.
        try
        {
            if (Directory.Exists(Path))
            {
                Directory.Delete(Path);
            }
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"could not remove {Path}: {e.Message}");
        }
    }

    /// <param name="PeakBytes">Most memory ever charged to the group: anonymous, shared and page cache together.</param>
    /// <param name="LimitHits">How often the group reached its limit (and the kernel reclaimed before charging more).</param>
    /// <param name="OomKills">Processes of the group the kernel killed because nothing more could be reclaimed.</param>
    /// <param name="FileRefaults">Pages of files read in again after the kernel had reclaimed them.</param>
    public sealed record Usage(long PeakBytes, long LimitHits, long OomKills, long FileRefaults);

    private static string OwnV1MemoryGroup()
    {
        // "4:memory:/some/path" in /proc/self/cgroup.
        var line = File.ReadLines("/proc/self/cgroup").FirstOrDefault(l => l.Split(':') is [_, var controllers, _] && controllers.Split(',').Contains("memory"))
            ?? throw new InvalidOperationException("no cgroup v2 and no v1 memory controller on this machine");
        var own = line.Split(':', 3)[2];
        return own == "/" ? "" : own;
    }

    private long Number(string file) => long.Parse(File.ReadAllText(System.IO.Path.Combine(Path, file)).Trim(), CultureInfo.InvariantCulture);

    private Dictionary<string, long> KeyValues(string file) =>
        File.ReadLines(System.IO.Path.Combine(Path, file))
            .Select(line => line.Split(' ', 2))
            .Where(parts => parts.Length == 2 && long.TryParse(parts[1], CultureInfo.InvariantCulture, out _))
            .ToDictionary(parts => parts[0], parts => long.Parse(parts[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
}
