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

    private readonly string folder;

    private MemoryCgroup(string folder, bool v2)
    {
        (this.folder, this.v2) = (folder, v2);
    }

    /// <summary>Where to write a process id to move that process into the group.</summary>
    public string ProcsFile => Path.Combine(folder, "cgroup.procs");

    public static MemoryCgroup Create(string name, long limitBytes)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException("--memory-limit-mb needs root: it creates a memory cgroup and drops the page cache before each start");
        }

        var unified = File.Exists(Path.Combine(Root, "cgroup.controllers"));
        var parent = unified ? Root : Path.Combine(Root, "memory") + OwnV1MemoryGroup();
        if (unified)
        {
            // Children of the root get the memory controller only when the root hands it down.
            File.AppendAllText(Path.Combine(Root, "cgroup.subtree_control"), "+memory");
        }

        var path = Path.Combine(parent, name);
        try
        {
            Directory.CreateDirectory(path);
            File.WriteAllText(Path.Combine(path, unified ? "memory.max" : "memory.limit_in_bytes"), limitBytes.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"cannot create the memory cgroup {path} with a limit: {e.Message}", e);
        }

        return new MemoryCgroup(path, unified);
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
        var refaults = KeyValues("memory.stat").GetValueOrDefault("workingset_refault_file");
        if (v2)
        {
            var events = KeyValues("memory.events");
            return new Usage(Number("memory.peak"), events.GetValueOrDefault("max"), events.GetValueOrDefault("oom_kill"), refaults);
        }

        return new Usage(Number("memory.max_usage_in_bytes"), Number("memory.failcnt"), KeyValues("memory.oom_control").GetValueOrDefault("oom_kill"), refaults);
    }

    public void Dispose()
    {
        // Empty once the service has exited; what it still had charged moves to the parent.
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder);
            }
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"could not remove {folder}: {e.Message}");
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

    private long Number(string file) => long.Parse(File.ReadAllText(Path.Combine(folder, file)).Trim(), CultureInfo.InvariantCulture);

    /// <summary>The "key value" lines of a cgroup file whose value is a number.</summary>
    private Dictionary<string, long> KeyValues(string file)
    {
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var parts in File.ReadLines(Path.Combine(folder, file)).Select(line => line.Split(' ', 2)))
        {
            if (parts.Length == 2 && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var value))
            {
                values[parts[0]] = value;
            }
        }

        return values;
    }
}
