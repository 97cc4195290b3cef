namespace Monitor.Worker.Tests.Support;

/// <summary>Watchlists for tests of the real service: nothing fires unless the test says so.</summary>
internal static class TestWatchlist
{
    /// <summary>No tags; the default group and discovery never fire.</summary>
    public static string Quiet => OneGroup(null);

    /// <summary>The default group and discovery never fire; <paramref name="group"/> watches <c>repository:1</c> on its schedule.</summary>
    public static string OneGroup((string Name, string Schedule, string Jitter, string Repository)? group) =>
        $$"""
        watchlist:
          discoverySchedule: "{{MonitorHost.Never}}"
          groups:
            - { name: default, schedule: "{{MonitorHost.Never}}" }

        """
        + (group is { } g
            ? $$"""
                - { name: {{g.Name}}, schedule: "{{g.Schedule}}", jitter: "{{g.Jitter}}" }
              entries:
                - { repository: "{{g.Repository}}", tags: ["1"], group: {{g.Name}} }

            """
            : "");
}
