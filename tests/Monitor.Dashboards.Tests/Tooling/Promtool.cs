using Monitor.Data.Processes;
using Monitor.Testing.Tools;

namespace Monitor.Dashboards.Tests.Tooling;

/// <summary>Runs the real <c>promtool</c> (from <c>$MONITOR_PROMTOOL_BIN</c> or PATH) in the repository root.</summary>
internal static class Promtool
{
    public static Task<ProcessResult> RunAsync(params string[] arguments)
    {
        var promtool = ExternalTool.Require("promtool", "MONITOR_PROMTOOL_BIN", "apt-get install prometheus (Debian/Ubuntu ships promtool with it)");
        return ExternalTool.RunAsync(promtool, arguments, Repo.Root, TimeSpan.FromMinutes(2), cancellationToken: TestContext.Current.CancellationToken);
    }

    public static string[] Relative(IEnumerable<string> paths) => paths.Select(p => Path.GetRelativePath(Repo.Root, p)).ToArray();
}
