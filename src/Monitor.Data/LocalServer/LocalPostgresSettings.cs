namespace Monitor.Data.LocalServer;

/// <param name="DataDirectory">The cluster's folder, reused across restarts; empty is the default and a relative path is relative to Monitor's data folder (<see cref="DataLocation"/>).</param>
/// <param name="BinDirectory">Where initdb and pg_ctl are; null searches PATH and /usr/lib/postgresql.</param>
/// <param name="Port">The loopback port; 0 picks a free one at each start.</param>
/// <param name="ServerSettings">Extra <c>postgresql.conf</c> settings passed as <c>-c name=value</c> (e.g. for benchmarks).</param>
public sealed record LocalPostgresSettings(
    string DataDirectory,
    string? BinDirectory = null,
    int Port = 0,
    IReadOnlyDictionary<string, string>? ServerSettings = null);
