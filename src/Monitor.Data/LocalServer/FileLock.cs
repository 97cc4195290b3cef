namespace Monitor.Data.LocalServer;

/// <summary>
/// Locks between processes on a lock file: .NET takes flock(2) for <see cref="FileShare"/> — exclusive for
/// <see cref="FileShare.None"/>, shared for a read-only handle that lets others read — and the kernel drops it when the
/// process dies, however it dies.
/// </summary>
internal static class FileLock
{
    public static FileStream? TryExclusive(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static FileStream Shared(string path)
    {
        if (!File.Exists(path))
        {
            using (new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite))
            {
            }
        }

        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
    }

    /// <summary>Waits for the exclusive lock, polling; a <see cref="LocalPostgresException"/> after <paramref name="timeout"/>.</summary>
    public static async Task<FileStream> ExclusiveAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (TryExclusive(path) is { } taken)
            {
                return taken;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new LocalPostgresException(
                    $"Another Monitor process has held '{path}' for {timeout.TotalSeconds:0} s while starting or stopping the embedded PostgreSQL; try again, or stop that process.");
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
